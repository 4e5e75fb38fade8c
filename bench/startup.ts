import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One command's whole-process wall times (ms), from exec to exit. */
export interface StartupTiming {
  command: string;
  /** Non-zero when the CLI refused the command (an older one without --version): timed all the same. */
  exitCode: number;
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
}

export interface StartupBenchResult {
  /** The CLI measured (bin/udn.js of this checkout, or another's given with --startup-bin). */
  bin: string;
  /** What bin/udn.js ran: the compiled dist/, or the sources through tsx. */
  runs: 'dist' | 'sources (tsx)';
  timings: StartupTiming[];
}

const ROOT = path.resolve(import.meta.dirname, '..');

function run(bin: string, args: readonly string[]): { ms: number; exitCode: number } {
  const started = process.hrtime.bigint();
  // The file itself, as a shell runs `udn`: its shebang's V8 flags included.
  const result = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status === null) throw new Error(`${bin} ${args.join(' ')} died (${result.signal})`);
  return { ms, exitCode: result.status };
}

const at = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/**
 * `udn --version`, `udn --help` and `udn kpi --period 2026-Q1 --json` on a demo SQLite database,
 * each `runs` times after one unmeasured run (the first fills the file cache): what a person or a
 * script waits for. The demo is made by the same CLI, once per benchmark.
 */
export function benchStartup(options: { runs: number; bin?: string }): StartupBenchResult {
  const bin = path.resolve(options.bin ?? path.join(ROOT, 'bin', 'udn.js'));
  const checkout = path.resolve(path.dirname(bin), '..');
  const build = path.join(checkout, 'scripts', 'dist-build.mjs');
  // A clone runs dist/ only when it is current: build it first, or the figures are tsx's.
  if (fs.existsSync(build)) {
    const built = spawnSync(process.execPath, [build, '--if-stale'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`${build} failed`);
  }
  const ranDist = fs.existsSync(build)
    ? spawnSync(process.execPath, [
        '--input-type=module',
        '-e',
        `import('${build}').then((m) => process.exit(m.distIsCurrent() ? 0 : 1))`,
      ]).status === 0
    : false;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-startup-'));
  try {
    const db = path.join(dir, 'demo.sqlite');
    const demo = run(bin, ['demo', '--db', db, '--today', '2026-09-30']);
    if (demo.exitCode !== 0) throw new Error(`${bin} demo failed (exit ${demo.exitCode})`);
    const commands = [['--version'], ['--help'], ['kpi', '--period', '2026-Q1', '--json', '--db', db]];
    const timings = commands.map((args): StartupTiming => {
      const { exitCode } = run(bin, args);
      const samples = Array.from({ length: options.runs }, () => run(bin, args).ms).sort((a, b) => a - b);
      return {
        command: `udn ${args.join(' ').replace(db, 'demo.sqlite')}`,
        exitCode,
        runs: options.runs,
        medianMs: at(samples, 0.5),
        p95Ms: at(samples, 0.95),
        minMs: samples[0]!,
      };
    });
    return { bin, runs: ranDist ? 'dist' : 'sources (tsx)', timings };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
