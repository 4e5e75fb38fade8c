import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UDN = path.join(ROOT, 'bin/udn.js');

export interface RunningUdn {
  url: string;
  db: string;
  stop: () => Promise<void>;
}

/** `udn import DIR --db FILE`: loads a data set the way a user would from a terminal. */
export function importDirectory(db: string, directory: string): void {
  const result = spawnSync(process.execPath, [UDN, 'import', directory, '--db', db], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`udn import failed: ${result.stderr || result.stdout}`);
}

/**
 * Starts the real server (`udn serve`) on a free port with its own temporary database: the demo
 * organisation on a first run, or an empty one (then optionally `import`ed) with `empty: true`.
 */
export async function startUdn(options: { empty?: boolean; importDir?: string } = {}): Promise<RunningUdn> {
  const dir = mkdtempSync(path.join(tmpdir(), 'udn-e2e-'));
  const db = path.join(dir, 'udn.sqlite');
  if (options.importDir) importDirectory(db, options.importDir);
  const args = [UDN, 'serve', '--db', db, '--port', '0', ...(options.empty ? ['--empty'] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`udn serve did not start in time:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`udn serve exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    db,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Builds web/dist once per test run (the server serves it). */
export function buildWeb(): void {
  if (process.env.UDN_E2E_SKIP_BUILD === '1' && existsSync(path.join(ROOT, 'web/dist/index.html'))) return;
  // vitest sets NODE_ENV=test, which would give Vite React's development build.
  const result = spawnSync('npm', ['run', 'build:web'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
}
