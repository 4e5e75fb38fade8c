/**
 * `npm run bench -- --only xlsx-import [--xlsx-rows 1000000]`: a HubSpot-like deals workbook (real
 * dates, numeric amounts), written once with exceljs's streaming WorkbookWriter and cached in
 * bench/.data/xlsx, is (a) read by the XLSX reader alone and (b) imported with a mapping through
 * runImport into a fresh SQLite store; each in its own process so its peak memory is its own.
 *   node --import tsx bench/xlsx-import.ts read FILE        → {rows, ms, maxRssMb}
 *   node --import tsx bench/xlsx-import.ts import FILE DB   → {rows, ms, maxRssMb}
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeWorkbookStream } from '../test/support/xlsx-workbooks.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface XlsxPass {
  rows: number;
  ms: number;
  /** CPU time (user + system) of the pass: on a shared machine, steadier than the wall clock. */
  cpuMs: number;
  rowsPerSecond: number;
  maxRssMb: number;
}

export interface XlsxBenchResult {
  rows: number;
  fileBytes: number;
  /** Writing the workbook, when this run did (it is cached). */
  generatedMs: number | null;
  read: XlsxPass;
  import: XlsxPass;
}

export const XLSX_HEADER = [
  'Record ID',
  'Deal Name',
  'Deal Stage',
  'Amount',
  'Create Date',
  'Close Date',
  'Deal owner',
  'Pipeline',
  'Associated Company IDs',
];
const STAGES = ['Appointment Scheduled', 'Qualified To Buy', 'Contract Sent', 'Closed Won', 'Closed Lost'];
const OWNERS = Array.from({ length: 40 }, (_, i) => `Owner ${String.fromCharCode(65 + (i % 26))}${i} Sales`);

/** Row i of the workbook: deterministic, so every run reads the same file. */
function dealRow(i: number): (string | number | Date)[] {
  // A minute within 600 days from 2025-01-01 (the deals of a CRM's last two years).
  const created = Date.UTC(2025, 0, 1) + ((i * 7_919) % (600 * 1_440)) * 60_000;
  const stage = STAGES[i % STAGES.length]!;
  return [
    20_000_000_000 + i,
    `Deal ${i} – ${OWNERS[i % OWNERS.length]!.split(' ')[1]} renewal`,
    stage,
    (((i * 37) % 500_000) + 10_099) / 100,
    new Date(created - (created % 60_000)),
    new Date(created - (created % 86_400_000) + 30 * 86_400_000),
    OWNERS[i % OWNERS.length]!,
    'Sales Pipeline',
    `${9_000_000 + (i % 5_000)};${9_100_000 + (i % 700)}`,
  ];
}

/** The workbook of `rows` deals, written when not cached. */
export async function ensureDealsWorkbook(
  dir: string,
  rows: number,
): Promise<{ file: string; ms: number | null }> {
  const file = path.join(dir, `hubspot-deals-v2-${rows}.xlsx`);
  if (fs.existsSync(file)) return { file, ms: null };
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${file}.partial`;
  const started = performance.now();
  await writeWorkbookStream(partial, 'Deals', XLSX_HEADER, rows, dealRow, { dateColumns: [4, 5] });
  fs.renameSync(partial, file);
  return { file, ms: performance.now() - started };
}

function child(args: string[]): XlsxPass {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench', 'xlsx-import.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const r = JSON.parse(out.trim().split('\n').pop()!) as {
    rows: number;
    ms: number;
    cpuMs: number;
    maxRssMb: number;
  };
  return { ...r, rowsPerSecond: r.rows / (r.ms / 1000) };
}

export async function benchXlsxImport(options: {
  dataDir: string;
  rows: number;
  db: string;
}): Promise<XlsxBenchResult> {
  const { file, ms } = await ensureDealsWorkbook(options.dataDir, options.rows);
  const read = child(['read', file]);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(options.db + suffix, { force: true });
  const imported = child(['import', file, options.db]);
  return { rows: options.rows, fileBytes: fs.statSync(file).size, generatedMs: ms, read, import: imported };
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function readOnce(file: string): Promise<void> {
  const { readXlsx } = await import('../src/importer/xlsx/read-xlsx.ts');
  const started = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  const errors: string[] = [];
  for await (const chunk of readXlsx(file, {}, (e) => errors.push(`${e.line}: ${e.message}`)))
    rows += chunk.records.length;
  const ms = performance.now() - started;
  const cpuMs = cpuSince(cpu);
  if (errors.length > 0) throw new Error(errors.slice(0, 5).join('\n'));
  // The header is a record too: count data rows only, as the import does.
  process.stdout.write(
    `${JSON.stringify({ rows: rows - 1, ms, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

async function importOnce(file: string, db: string): Promise<void> {
  const { mappingSchema } = await import('../src/core/contracts/mapping.ts');
  const { openStore } = await import('../src/db/database.ts');
  const { fileFromText, fileOnDisk } = await import('../src/importer/import-source.ts');
  const { runImport } = await import('../src/importer/run-import.ts');
  const { benchDealsMapping } = await import('./bench-deals-mapping.ts');
  // Real date cells arrive as ISO text whatever layout the export's text dates would have.
  const mapping = mappingSchema.parse(benchDealsMapping({ sheet: 'Deals', dates: 'auto' }));
  const store = await openStore(db);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await runImport(
    store,
    [
      fileFromText('org.json', '{"timezone":"Asia/Jakarta","currency":"USD"}'),
      { ...fileOnDisk(path.basename(file), file), mapping },
    ],
    { source: 'bench' },
  );
  const ms = performance.now() - started;
  // Both threads' time: files this large are parsed on a second thread.
  const cpuMs = cpuSince(cpu);
  await store.close();
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
  const deals = result.files.find((f) => f.file.startsWith(path.basename(file)));
  process.stdout.write(
    `${JSON.stringify({ rows: deals?.rows ?? 0, ms, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, file, db] = process.argv.slice(2);
  if (mode === 'read' && file) await readOnce(file);
  else if (mode === 'import' && file && db) await importOnce(file, db);
  else throw new Error('usage: xlsx-import.ts read FILE | import FILE DB');
}
