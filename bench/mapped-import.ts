/**
 * `npm run bench -- --only mapped-import [--mapped-rows 1000000] [--dialects sqlite,postgres]`: a
 * HubSpot-like deals export (US dates `MM/DD/YYYY HH:mm`, `$1,234.50` amounts, owner names),
 * written once and cached in bench/.data/mapped, imported through its mapping into a fresh store,
 * in its own process so its peak memory is its own.
 *   node --import tsx bench/mapped-import.ts import FILE TARGET   → {rows, ms, maxRssMb, phases}
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface MappedImportPass {
  rows: number;
  ms: number;
  rowsPerSecond: number;
  maxRssMb: number;
  /** Reps the import created from the export's owners. */
  ownerReps: number;
}

const HEADER = [
  'Record ID',
  'Deal Name',
  'Deal Stage',
  'Amount',
  'Create Date',
  'Close Date',
  'Deal owner',
  'Pipeline',
  'Deal Type',
  'Associated Company IDs',
  'Last Activity Date',
];
const STAGES = ['Appointment Scheduled', 'Qualified To Buy', 'Contract Sent', 'Closed Won', 'Closed Lost'];
const FIRST = ['Ana', 'Budi', 'Siti', 'Zoë', 'José', 'Chloé', 'Bảo', 'Jürgen', 'Priya', 'Wei'];
const LAST = ['Lima', 'Santoso', 'Rahayu', 'Müller', 'Álvarez', 'Dubois', 'Trần', 'Ångström'];
const OWNERS = Array.from(
  { length: 60 },
  (_, i) => `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${i}`,
);

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
const usDate = (ms: number) => {
  const d = new Date(ms);
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};
const dollars = (cents: number) => {
  const whole = Math.floor(cents / 100).toLocaleString('en-US');
  return `"$${whole}.${pad(cents % 100)}"`;
};

/** Line i of the export: deterministic, so every run reads the same file. */
function dealLine(i: number): string {
  const created = Date.UTC(2025, 0, 1) + ((i * 7_919) % (600 * 24 * 60)) * 60_000;
  const stage = STAGES[i % STAGES.length]!;
  const closed = created + (3 + (i % 40)) * 86_400_000;
  const name = `Deal ${i} – ${LAST[i % LAST.length]} renewal`;
  return [
    21_000_000_000 + i,
    name,
    stage,
    dollars(((i * 3_713) % 5_000_000) + 10_099),
    usDate(created),
    usDate(closed),
    OWNERS[i % OWNERS.length],
    'Sales Pipeline',
    i % 3 === 0 ? 'newbusiness' : 'existingbusiness',
    `"${9_000_000 + (i % 5_000)};${9_100_000 + (i % 700)}"`,
    usDate(closed),
  ].join(',');
}

/** The export of `rows` deals, written when not cached. */
export function ensureDealsExport(dir: string, rows: number): { file: string; ms: number | null } {
  const file = path.join(dir, `hubspot-crm-exports-all-deals-${rows}.csv`);
  if (fs.existsSync(file)) return { file, ms: null };
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${file}.partial`;
  const started = performance.now();
  const fd = fs.openSync(partial, 'w');
  let buffer = `${HEADER.join(',')}\n`;
  for (let i = 0; i < rows; i++) {
    buffer += `${dealLine(i)}\n`;
    if (buffer.length > 1 << 20) {
      fs.writeSync(fd, buffer);
      buffer = '';
    }
  }
  fs.writeSync(fd, buffer);
  fs.closeSync(fd);
  fs.renameSync(partial, file);
  return { file, ms: performance.now() - started };
}

/** Imports the export into `target` (a fresh SQLite file or PostgreSQL database) in a child process. */
export function benchMappedImport(options: { dataDir: string; rows: number; target: string }): {
  fileBytes: number;
  generatedMs: number | null;
  pass: MappedImportPass;
} {
  const { file, ms } = ensureDealsExport(options.dataDir, options.rows);
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench', 'mapped-import.ts'), 'import', file, options.target],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const r = JSON.parse(out.trim().split('\n').pop()!) as Omit<MappedImportPass, 'rowsPerSecond'>;
  return {
    fileBytes: fs.statSync(file).size,
    generatedMs: ms,
    pass: { ...r, rowsPerSecond: r.rows / (r.ms / 1000) },
  };
}

async function importOnce(file: string, target: string): Promise<void> {
  const { mappingSchema } = await import('../src/core/contracts/mapping.ts');
  const { openStore } = await import('../src/db/database.ts');
  const { fileFromText, fileOnDisk } = await import('../src/importer/import-source.ts');
  const { runImport, OWNER_REPS } = await import('../src/importer/run-import.ts');
  const { benchDealsMapping } = await import('./bench-deals-mapping.ts');
  const mapping = mappingSchema.parse(
    benchDealsMapping({
      dates: 'MM/DD/YYYY HH:mm',
      decimal: '.',
      where: { column: 'Pipeline', in: ['Sales Pipeline'] },
    }),
  );
  const store = await openStore(target);
  const result = await runImport(
    store,
    [
      fileFromText('org.json', '{"timezone":"America/New_York","currency":"USD"}'),
      { ...fileOnDisk(path.basename(file), file), mapping },
    ],
    { source: 'bench' },
  );
  await store.close();
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
  const deals = result.files.find((f) => f.file === path.basename(file));
  process.stdout.write(
    `${JSON.stringify({
      rows: deals?.rows ?? 0,
      ms: result.durationMs,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      ownerReps: result.files.find((f) => f.file === OWNER_REPS)?.inserted ?? 0,
      phases: Object.fromEntries(Object.entries(result.phases).map(([k, v]) => [k, Math.round(v)])),
    })}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, file, target] = process.argv.slice(2);
  if (mode === 'import' && file && target) await importOnce(file, target);
  else throw new Error('usage: mapped-import.ts import FILE TARGET');
}
