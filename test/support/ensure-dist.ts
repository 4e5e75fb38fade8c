import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Compiles dist/ once before tests that spawn `bin/udn.js`, when a source changed since the last
 * build: every spawned CLI then starts from compiled code in a fraction of tsx's time. A source
 * edited during the run makes dist/ stale again, and bin/udn.js falls back to the sources: a test
 * never runs stale code.
 */
export function ensureDist(): void {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/dist-build.mjs'), '--if-stale'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('scripts/dist-build.mjs failed: see the output above');
}
