/**
 * One import in its own process, so the benchmark reads that process's peak memory.
 *   node --import tsx bench/import-once.ts DIR DB  → prints {rows, ms, changed, phases, maxRssMb} as JSON
 */
import { openStore } from '../src/db/database.ts';
import { filesInDirectory } from '../src/importer/import-source.ts';
import { runImport } from '../src/importer/run-import.ts';

const [dir, db] = process.argv.slice(2);
if (!dir || !db) throw new Error('usage: import-once.ts DIR DB');
const store = await openStore(db);
const result = await runImport(store, filesInDirectory(dir).files, { source: 'bench' });
await store.close();
if (!result.ok) {
  process.stderr.write(`${JSON.stringify(result.errors.slice(0, 5))}\n`);
  process.exit(1);
}
process.stdout.write(
  `${JSON.stringify({
    rows: result.files.reduce((total, f) => total + f.rows, 0),
    ms: result.durationMs,
    changed: result.changed,
    phases: result.phases,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
