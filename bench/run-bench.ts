/**
 * `npm run bench`: generates data at two sizes and measures what the issues set goals for.
 *   npm run bench -- [--sizes 100k,1m] [--dialects sqlite,postgres] [--runs 20]
 *   npm run bench -- --fuzz 5000 [--dialects …] [--seed N] [--lenient]   (the importer's fuzz alone)
 *   npm run bench -- --only upload --sizes 1m --dialects sqlite   (API p99 during an upload; minutes)
 *   npm run bench -- --only access --sizes 100k   (sign-in and the access policy's cost per request)
 *   npm run bench -- --only startup [--runs 10] [--startup-bin PATH]   (whole-process CLI start-up)
 *   npm run bench -- --only cluster   (two `udn serve` on one PostgreSQL: a change through A heard on B)
 *   npm run bench -- --only scaling --sizes 100k,1m,3m --dialects postgres   (docs/scaling.md's figures)
 *   npm run bench -- --only xlsx-import [--xlsx-rows 1000000]   (a deals workbook: reader alone, then a mapped import; SQLite)
 *   npm run bench -- --only preview   (the mapping preview of a 1 GB export's first 1 MiB; SQLite)
 *   npm run bench -- --only mapped-import [--mapped-rows 1000000] [--dialects sqlite,postgres]   (a HubSpot-like deals CSV through its mapping)
 *   npm run bench -- --only push --sizes 100k   (1,000 deals pushed to POST /records/deals: answer, event, KPI)
 *   npm run bench -- --only alerts --sizes 1m --dialects sqlite   (1,000 alert rules evaluated after the import)
 *   npm run bench -- --only render --sizes 1m --dialects sqlite   (the default dashboard's snapshot, digest charts and PDF)
 *   npm run bench -- --only exports --sizes 1m --dialects sqlite   (the KPI report, team table and drill-downs as CSV and XLSX)
 *   npm run bench -- --only digest --sizes 1m --dialects sqlite   (one recipient's digest message: snapshot, chart PNGs, HTML)
 * Data is cached in bench/.data/<size>; results are printed as Markdown for docs/performance.md
 * and written to bench/.data/results-<date>.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { parseNamedPeriod } from '../src/core/periods.ts';
import { type DialectName, openStore, type Store } from '../src/db/database.ts';
import { findDefaultOrg } from '../src/db/org-repo.ts';
import { kpiReport } from '../src/services/kpis/kpi-report.ts';
import { type AccessBenchResult, benchAccess } from './access-cost.ts';
import { type ApiBenchResult, benchApi } from './api-load.ts';
import { benchClusterEvents, type ClusterBenchResult } from './cluster-events.ts';
import { writeBenchFiles } from './generate-data.ts';
import { benchGoalProgress, type GoalBenchResult } from './goal-progress.ts';
import { benchImportFuzz } from './import-fuzz.ts';
import { benchMappedImport } from './mapped-import.ts';
import { measureWeb, type WebMeasurement } from './measure-web.ts';
import { benchPreview } from './preview.ts';
import { benchPush, type PushBenchResult } from './push.ts';
import { benchScaling, type KpiLoadResult, type ScalingResult } from './scaling.ts';
import { benchStartup, type StartupBenchResult } from './startup.ts';
import { benchReadsDuringUpload, type UploadLoadResult } from './upload-load.ts';
import { benchXlsxImport } from './xlsx-import.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.join(ROOT, 'bench', '.data');
const PG_ADMIN = process.env.UDN_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SIZES: Record<string, number> = { '100k': 100_000, '1m': 1_000_000, '3m': 3_000_000 };
/** The last whole quarter of the generated data (it ends 2026-09-30). */
const QUARTER = '2026-Q3';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100k,1m' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    runs: { type: 'string', default: '20' },
    /**
     * Which of: import (includes the report), api, web, goals; and upload (the API while an upload
     * imports: not in the default run, it takes minutes at 1M deals); cluster (two servers on one
     * PostgreSQL database, on the small example: sizes and dialects do not apply); scaling (per size,
     * PostgreSQL only: import, then GET /kpis on 1 and 2 `udn serve` processes and changes heard across them).
     */
    only: { type: 'string', default: 'import,api,web,goals,access' },
    /** With --only startup: another checkout's bin/udn.js to time (e.g. the main branch's, for a before figure). */
    'startup-bin': { type: 'string' },
    /** Seconds of load per API call. */
    'api-seconds': { type: 'string', default: '10' },
    /** Changes made through server A (--only cluster and --only scaling). */
    'cluster-changes': { type: 'string', default: '100' },
    /** Clients reading the KPIs during the upload (--only upload). */
    'upload-clients': { type: 'string', default: '20' },
    /** Rows of the deals workbook (--only xlsx-import). */
    'xlsx-rows': { type: 'string', default: '1000000' },
    /** Rows of the HubSpot-like deals export (--only mapped-import). */
    'mapped-rows': { type: 'string', default: '1000000' },
    /** Measure the stores of an earlier run instead of importing again (no import figures then). */
    reuse: { type: 'boolean', default: false },
    /** Run only the importer's fuzz, this many cases per dialect. */
    fuzz: { type: 'string' },
    seed: { type: 'string', default: '20261204' },
    /** With --fuzz: leave out the short-message and no-control-character checks. */
    lenient: { type: 'boolean', default: false },
  },
});

if (args.fuzz !== undefined) {
  const failuresFile = path.join(DATA, `fuzz-failures-${Date.now()}.json`);
  console.log('\n| store | seed | cases | imported | refused | failures | cases/s |');
  console.log('|---|---|---|---|---|---|---|');
  let failed = 0;
  for (const dialect of args.dialects.split(',')) {
    const r = await benchImportFuzz({
      dialect: dialect as DialectName,
      cases: Number(args.fuzz),
      seed: Number(args.seed),
      strict: !args.lenient,
      failuresFile,
    });
    failed += r.failures;
    console.log(
      `| ${r.dialect} | ${r.seed} | ${r.cases} | ${r.imported} | ${r.refused} | ${r.failures} | ${r.casesPerSecond.toFixed(1)} |`,
    );
  }
  if (failed > 0)
    console.log(
      `\nfailing cases: ${failuresFile} (replay: UDN_FUZZ_CASES=${failuresFile} npx vitest run src/importer/import-fuzz.test.ts)`,
    );
  process.exit(failed > 0 ? 1 : 0);
}

export interface Timing {
  median: number;
  p95: number;
  min: number;
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]! };
}

async function ensureData(size: string): Promise<string> {
  const dir = path.join(DATA, size);
  if (!fs.existsSync(path.join(dir, 'deals.csv'))) {
    console.error(`generating ${size} data in ${dir} …`);
    fs.mkdirSync(dir, { recursive: true });
    await writeBenchFiles(dir, { deals: SIZES[size]! });
  }
  return dir;
}

function pgTarget(name: string): string {
  const url = new URL(PG_ADMIN);
  url.pathname = `/udn_bench_${name}`;
  return url.toString();
}

async function pgDatabaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN });
  await client.connect();
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [`udn_bench_${name}`]);
  await client.end();
  return found.rowCount === 1;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

interface ImportFigures {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  /** os.loadavg() when the import ended: the machine is shared. */
  loadAverage: number[];
}

async function freshTarget(dialect: string, size: string): Promise<string> {
  if (dialect === 'sqlite') {
    const file = path.join(DATA, `bench-${size}.sqlite`);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    return file;
  }
  const name = `udn_bench_${size}`;
  const client = new pg.Client({ connectionString: PG_ADMIN });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The store an earlier run left (SQLite only: PostgreSQL databases are always rebuilt). */
function existingTarget(dialect: string, size: string): string | undefined {
  const file = path.join(DATA, `bench-${size}.sqlite`);
  return dialect === 'sqlite' && fs.existsSync(file) ? file : undefined;
}

function importInChildProcess(dir: string, target: string) {
  // The V8 flags of bin/udn.js's first line, so the import runs as `udn import` does.
  const flags =
    fs
      .readFileSync(path.join(ROOT, 'bin/udn.js'), 'utf8')
      .split('\n')[0]!
      .match(/--[\w-]+=\S+/g) ?? [];
  const child = spawnSync(
    process.execPath,
    [...flags, '--import', 'tsx', path.join(ROOT, 'bench/import-once.ts'), dir, target],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    rows: number;
    ms: number;
    changed: boolean;
    phases: Record<string, number>;
    maxRssMb: number;
  };
}

async function timeReport(store: Store, runs: number): Promise<Timing> {
  const org = (await findDefaultOrg(store.db))!;
  const period = parseNamedPeriod(QUARTER, org.fiscal_year_start_month)!;
  for (let i = 0; i < 3; i++) await kpiReport(store, org, period);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await kpiReport(store, org, period);
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

interface ResultRow {
  size: string;
  dialect: string;
  imported: {
    rows: number;
    seconds: number;
    rowsPerSecond: number;
    peakRssMb: number;
    phases: Record<string, number>;
  } | null;
  /** The same files imported again into the store they were just imported into: a no-op. */
  reimported: { seconds: number; changed: boolean; peakRssMb: number } | null;
  reportMs: Timing;
}
const results: ResultRow[] = [];
const apiResults: { size: string; dialect: string; results: ApiBenchResult[] }[] = [];
const goalResults: { size: string; dialect: string; result: GoalBenchResult }[] = [];
const accessResults: { size: string; dialect: string; result: AccessBenchResult }[] = [];
const runs = Number(args.runs);
const only = new Set(args.only.split(','));
const uploadResults: { size: string; dialect: string; result: UploadLoadResult }[] = [];
const pushResults: { size: string; dialect: string; result: PushBenchResult }[] = [];
if (only.has('upload')) {
  for (const size of args.sizes.split(',')) {
    const dir = await ensureData(size);
    for (const dialect of args.dialects.split(',')) {
      console.error(`${size} ${dialect}: the API while an upload imports …`);
      const target = await freshTarget(dialect, `${size}_upload`);
      const uploadDir = path.join(DATA, 'uploads');
      const result = await benchReadsDuringUpload({
        dir,
        target,
        uploadDir,
        clients: Number(args['upload-clients']),
        period: QUARTER,
      });
      uploadResults.push({ size, dialect, result });
      console.error(JSON.stringify(result));
    }
  }
  console.log(
    '\n| data | store | upload | received in | imported in | GET /kpis clients | before: p50 / p99 | during: p50 / p99 |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { size, dialect, result: r } of uploadResults) {
    console.log(
      `| ${size} deals | ${dialect} | ${r.uploadMb} MB | ${(r.receiveMs / 1000).toFixed(1)} s | ${(r.importMs / 1000).toFixed(1)} s | ${r.clients} | ${r.before.p50Ms.toFixed(1)} / ${r.before.p99Ms.toFixed(1)} ms | ${r.during.p50Ms.toFixed(1)} / ${r.during.p99Ms.toFixed(1)} ms (${r.during.requests} requests) |`,
    );
  }
}
let startup: StartupBenchResult | null = null;
if (only.has('startup')) {
  console.error('startup: whole udn processes …');
  const startupRuns = process.argv.includes('--runs') ? runs : 10;
  startup = benchStartup({ runs: startupRuns, ...(args['startup-bin'] ? { bin: args['startup-bin'] } : {}) });
  console.log(`\nCLI start-up, ${startup.bin} running ${startup.runs}, whole process, ${startupRuns} runs:`);
  console.log('\n| command | median | p95 | min |');
  console.log('|---|---|---|---|');
  for (const t of startup.timings) {
    const refused = t.exitCode === 0 ? '' : ` (refused: exit ${t.exitCode})`;
    console.log(
      `| \`${t.command}\`${refused} | ${t.medianMs.toFixed(0)} ms | ${t.p95Ms.toFixed(0)} ms | ${t.minMs.toFixed(0)} ms |`,
    );
  }
}
let cluster: ClusterBenchResult | null = null;
if (only.has('cluster')) {
  console.error('cluster: two udn serve processes on one PostgreSQL database …');
  cluster = await benchClusterEvents({
    target: await freshTarget('postgres', 'cluster'),
    changes: Number(args['cluster-changes']),
  });
  console.error(JSON.stringify(cluster));
  console.log(
    '\n| servers | changes through A | sent to A → heard on B: p50 / p99 / max | A answered → heard on B: p50 / p99 / max | dashboard p50 / p99 | goal | task | import | stale answers from B |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  const kind = (k: keyof ClusterBenchResult['byKind']) =>
    `${cluster!.byKind[k].p50Ms.toFixed(1)} / ${cluster!.byKind[k].p99Ms.toFixed(1)} ms`;
  console.log(
    `| 2 × udn serve, PostgreSQL | ${cluster.changes} | ${cluster.p50Ms.toFixed(1)} / ${cluster.p99Ms.toFixed(1)} / ${cluster.maxMs.toFixed(1)} ms | ${cluster.afterAnswer.p50Ms.toFixed(1)} / ${cluster.afterAnswer.p99Ms.toFixed(1)} / ${cluster.afterAnswer.maxMs.toFixed(1)} ms | ${kind('dashboard')} | ${kind('goal')} | ${kind('task')} | ${kind('import')} | ${cluster.staleAnswers} |`,
  );
}
const scalingResults: { size: string; imported: ImportFigures | null; result: ScalingResult }[] = [];
if (only.has('scaling')) {
  for (const size of args.sizes.split(',')) {
    const dir = await ensureData(size);
    // Its own database: the import bench's udn_bench_<size> may be in use by another run.
    const name = `scaling_${size}`;
    const figuresFile = path.join(DATA, `scaling-import-${size}.json`);
    let imported: ImportFigures | null = null;
    let target: string;
    if (args.reuse && (await pgDatabaseExists(name)) && fs.existsSync(figuresFile)) {
      console.error(`${size} scaling: reusing the database of an earlier run`);
      target = pgTarget(name);
      imported = JSON.parse(fs.readFileSync(figuresFile, 'utf8')) as ImportFigures;
    } else {
      target = await freshTarget('postgres', name);
      console.error(`${size} scaling: importing into PostgreSQL (load ${loadAverage()}) …`);
      const run = importInChildProcess(dir, target);
      imported = {
        rows: run.rows,
        seconds: run.ms / 1000,
        rowsPerSecond: Math.round(run.rows / (run.ms / 1000)),
        peakRssMb: Math.round(run.maxRssMb),
        loadAverage: os.loadavg(),
      };
      fs.mkdirSync(DATA, { recursive: true });
      fs.writeFileSync(figuresFile, JSON.stringify(imported));
    }
    console.error(`${size} scaling: ${JSON.stringify(imported)}`);
    const result = await benchScaling({
      target,
      quarter: QUARTER,
      seconds: Number(args['api-seconds']),
      changes: Number(args['cluster-changes']),
      onProgress: (message) => console.error(`${size} scaling: ${message} (load ${loadAverage()})`),
    });
    console.error(JSON.stringify(result));
    scalingResults.push({ size, imported, result });
  }
  const ms = (v: number) => v.toFixed(1);
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' / ');
  console.log(
    "\n| deals | store | servers | import (rows/s, peak RSS) | GET /kpis p50 / p99 (50 connections), req/s | a new server's first GET /kpis | change on A → heard on B p99 | stale answers from B | load avg (1 / 5 / 15 min) after |",
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const { size: key, imported: m, result: r } of scalingResults) {
    const size = key.replace(/m$/, 'M');
    const importCell = m
      ? `${m.rowsPerSecond.toLocaleString('en')} rows/s (${m.rows.toLocaleString('en')} rows in ${m.seconds.toFixed(0)} s), ${m.peakRssMb.toLocaleString('en')} MB`
      : 'not measured';
    const kpis = (k: KpiLoadResult) =>
      `${ms(k.p50Ms)} / ${ms(k.p99Ms)} ms, ${Math.round(k.requestsPerSecond).toLocaleString('en')} req/s${k.failures > 0 ? ` (${k.failures} failed)` : ''}`;
    console.log(
      `| ${size} | PostgreSQL | 1 | ${importCell} | ${kpis(r.one)} | ${ms(r.one.coldMs[0]!)} ms | — | — | ${load(r.one.loadAverage)} |`,
    );
    console.log(
      `| ${size} | PostgreSQL | 2 | same database | ${kpis(r.two)} | ${ms(r.two.coldMs[1]!)} ms | ${ms(r.cluster.p99Ms)} ms (${r.cluster.changes} changes) | ${r.cluster.staleAnswers} | ${load(r.two.loadAverage)}; changes: ${load(r.cluster.loadAverage)} |`,
    );
  }
}
if (only.has('preview')) {
  console.error('preview: the first rows of a 1 GB export, from its first 1 MiB …');
  const r = await benchPreview({
    dataDir: path.join(DATA, 'preview'),
    target: await freshTarget('sqlite', 'preview'),
  });
  console.error(JSON.stringify(r));
  console.log(
    '\n| export | head posted | rows shown | calls | median | p95 | max | first call | load avg (1 / 5 / 15 min) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${(r.fileBytes / 2 ** 30).toFixed(2)} GiB HubSpot deals CSV | ${(r.headBytes / 2 ** 20).toFixed(0)} MiB, partial | ${r.rows} | ${r.calls} | ${r.medianMs.toFixed(0)} ms | ${r.p95Ms.toFixed(0)} ms | ${r.maxMs.toFixed(0)} ms | ${r.firstMs.toFixed(0)} ms | ${loadAverage()} |`,
  );
}
if (only.has('xlsx-import')) {
  const rows = Number(args['xlsx-rows']);
  console.error(`xlsx-import: a ${rows}-row deals workbook (load ${loadAverage()}) …`);
  const r = await benchXlsxImport({
    dataDir: path.join(DATA, 'xlsx'),
    rows,
    db: path.join(DATA, 'bench-xlsx.sqlite'),
  });
  console.error(JSON.stringify(r));
  console.log(
    '\n| deals workbook | pass | rows | time | rows/s | CPU time | peak RSS | load avg (1 / 5 / 15 min) |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [pass, p] of [
    ['XLSX reader alone', r.read],
    ['mapped import, SQLite', r.import],
  ] as const) {
    console.log(
      `| ${(r.fileBytes / 2 ** 20).toFixed(0)} MiB, ${r.rows} rows | ${pass} | ${p.rows} | ${(p.ms / 1000).toFixed(1)} s | ${Math.round(p.rowsPerSecond)} | ${(p.cpuMs / 1000).toFixed(1)} s | ${p.maxRssMb.toFixed(0)} MB | ${loadAverage()} |`,
    );
  }
}
if (only.has('mapped-import')) {
  const rows = Number(args['mapped-rows']);
  console.log(
    '\n| deals export | store | rows | time | rows/s | peak RSS | reps from owners | load avg (1 / 5 / 15 min) |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const dialect of args.dialects.split(',')) {
    console.error(
      `mapped-import: a ${rows}-row HubSpot-like deals CSV into ${dialect} (load ${loadAverage()}) …`,
    );
    const r = benchMappedImport({
      dataDir: path.join(DATA, 'mapped'),
      rows,
      target: await freshTarget(dialect, 'mapped'),
    });
    console.error(JSON.stringify(r));
    const p = r.pass;
    console.log(
      `| ${(r.fileBytes / 2 ** 20).toFixed(0)} MiB CSV | ${dialect} | ${p.rows} | ${(p.ms / 1000).toFixed(1)} s | ${Math.round(p.rowsPerSecond)} | ${p.maxRssMb.toFixed(0)} MB | ${p.ownerReps} | ${loadAverage()} |`,
    );
  }
}
/** Sections measured without generated data: they skip the per-size loop when run alone. */
const WITHOUT_DATA = new Set(['upload', 'startup', 'cluster', 'scaling', 'preview']);
WITHOUT_DATA.add('xlsx-import');
WITHOUT_DATA.add('mapped-import');
for (const size of [...only].every((name) => WITHOUT_DATA.has(name)) ? [] : args.sizes.split(',')) {
  const dir = await ensureData(size);
  for (const dialect of args.dialects.split(',')) {
    const reused = args.reuse ? existingTarget(dialect, size) : undefined;
    const target = reused ?? (await freshTarget(dialect, size));
    console.error(`${size} ${dialect}: ${reused ? 'reusing the store of an earlier run' : 'importing …'}`);
    const imported = reused ? null : importInChildProcess(dir, target);
    if (imported) console.error(`${size} ${dialect}: importing the same files again …`);
    const reimported = imported && importInChildProcess(dir, target);
    if (reimported?.changed) throw new Error('importing the same files again changed the data');
    const store = await openStore(target);
    const report = await timeReport(store, runs);
    if (only.has('api')) {
      console.error(`${size} ${dialect}: API load, 50 connections …`);
      apiResults.push({
        size,
        dialect,
        results: await benchApi(store, {
          quarter: QUARTER,
          year: '2026',
          durationSeconds: Number(args['api-seconds']),
        }),
      });
    }
    if (only.has('access')) {
      console.error(`${size} ${dialect}: sign-in and the access policy's cost …`);
      accessResults.push({ size, dialect, result: await benchAccess(store, { period: QUARTER }) });
    }
    if (only.has('goals')) {
      console.error(`${size} ${dialect}: goals …`);
      goalResults.push({ size, dialect, result: await benchGoalProgress(store, { today: '2026-09-15' }) });
    }
    if (only.has('alerts')) {
      console.error(`${size} ${dialect}: 1,000 alert rules evaluated after the import …`);
      const { benchAlerts, alertsTableRow } = await import('./alerts.ts');
      console.log(alertsTableRow(size, dialect, await benchAlerts(store, { today: '2026-09-15' })));
    }
    if (only.has('render')) {
      console.error(`${size} ${dialect}: the default dashboard rendered (snapshot, 10 chart PNGs, PDF) …`);
      const { benchRender, renderTableRows } = await import('./dashboard-render.ts');
      console.log(renderTableRows(size, dialect, await benchRender(store, { period: QUARTER, runs })));
    }
    if (only.has('digest')) {
      console.error(`${size} ${dialect}: a digest message built (snapshot, chart PNGs, HTML) …`);
      const { benchDigest, digestTableRows } = await import('./digest.ts');
      console.log(digestTableRows(size, dialect, await benchDigest(store, { runs: 5 })));
    }
    if (only.has('exports')) {
      console.error(
        `${size} ${dialect}: table exports (KPI report, team table, drill-downs) as CSV and XLSX …`,
      );
      const { benchExports, exportsTableRows } = await import('./exports.ts');
      console.log(exportsTableRows(size, dialect, await benchExports(store, { period: QUARTER, runs })));
    }
    await store.close();
    if (only.has('push')) {
      console.error(`${size} ${dialect}: 10 pushes of 1,000 deals while a page listens …`);
      const result = await benchPush({ target });
      console.error(JSON.stringify(result));
      pushResults.push({ size, dialect, result });
    }
    const row: ResultRow = {
      size,
      dialect,
      imported: imported && {
        rows: imported.rows,
        seconds: imported.ms / 1000,
        rowsPerSecond: Math.round(imported.rows / (imported.ms / 1000)),
        peakRssMb: Math.round(imported.maxRssMb),
        phases: Object.fromEntries(Object.entries(imported.phases).map(([k, v]) => [k, Math.round(v)])),
      },
      reimported: reimported && {
        seconds: reimported.ms / 1000,
        changed: reimported.changed,
        peakRssMb: Math.round(reimported.maxRssMb),
      },
      reportMs: report,
    };
    results.push(row);
    console.error(JSON.stringify(row));
  }
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const date = new Date().toISOString().slice(0, 10);
const sqliteVersion = execFileSync(
  process.execPath,
  [
    '-e',
    "const D=require('better-sqlite3');console.log(new D(':memory:').prepare('select sqlite_version() v').get().v)",
  ],
  { cwd: ROOT, encoding: 'utf8' },
).trim();
console.log(`\n### ${date} — ${machine}, SQLite ${sqliteVersion}\n`);
if (results.length > 0) {
  console.log(
    `| data | store | rows | import | rows/s | peak RSS | same files again | \`kpi --json\` ${QUARTER} median / p95 |`,
  );
  console.log('|---|---|---|---|---|---|---|---|');
}
for (const r of results) {
  const m = r.imported;
  const imported = m
    ? `${m.rows.toLocaleString('en')} | ${m.seconds.toFixed(1)} s | ${m.rowsPerSecond.toLocaleString('en')} | ${m.peakRssMb} MB`
    : '— | — | — | —';
  const again = r.reimported ? `${r.reimported.seconds.toFixed(2)} s` : '—';
  console.log(
    `| ${r.size} deals | ${r.dialect} | ${imported} | ${again} | ${r.reportMs.median.toFixed(1)} / ${r.reportMs.p95.toFixed(1)} ms |`,
  );
}
if (apiResults.length > 0) {
  console.log('\n| data | store | API call (50 connections) | cold | p50 | p95 | p99 | req/s |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { size, dialect, results: calls } of apiResults) {
    for (const c of calls) {
      console.log(
        `| ${size} deals | ${dialect} | ${c.name} | ${c.coldMs.toFixed(0)} ms | ${c.p50Ms.toFixed(1)} ms | ${c.p95Ms.toFixed(1)} ms | ${c.p99Ms.toFixed(1)} ms | ${Math.round(c.requestsPerSecond)} |`,
      );
    }
  }
}
if (goalResults.length > 0) {
  console.log(
    '\n| data | store | goals | targets (KPI) | periods | cold | warm median / p95 | all goals cold / warm |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { size, dialect, result: g } of goalResults) {
    console.log(
      `| ${size} deals | ${dialect} | ${g.goals} | ${g.targets} (${g.kpiTargets}) | ${g.periods} | ${g.coldMs.toFixed(0)} ms | ${g.warm.median.toFixed(1)} / ${g.warm.p95.toFixed(1)} ms | ${g.all.goals} goals, ${g.all.targets} targets: ${g.all.coldMs.toFixed(0)} / ${g.all.warm.median.toFixed(1)} ms |`,
    );
  }
}
if (accessResults.length > 0) {
  console.log(
    "\n| data | store | sign-in median / p95 | token → person | route decision | manager's visibility (report cut) | policy per request |",
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const { size, dialect, result: a } of accessResults) {
    const ms = (v: number) => `${v.toFixed(3)} ms`;
    console.log(
      `| ${size} deals | ${dialect} | ${a.signInMedianMs.toFixed(0)} / ${a.signInP95Ms.toFixed(0)} ms (${a.signIns}) | ${ms(a.tokenPrincipalMs)} | ${ms(a.routeDecisionMs)} | ${ms(a.managerVisibilityMs)} | ${ms(a.policyMs)} |`,
    );
  }
}
if (pushResults.length > 0) {
  console.log(
    '\n| data | store | batch | answer p50 / p95 | data-changed heard p50 / p95 | KPI shows it p50 / p95 (max) | stale KPI reads | load |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { size, dialect, result: p } of pushResults) {
    const ms = (s: { p50Ms: number; p95Ms: number }) => `${s.p50Ms.toFixed(0)} / ${s.p95Ms.toFixed(0)} ms`;
    console.log(
      `| ${size} deals | ${dialect} | ${p.batches} × ${p.rowsPerBatch} deals | ${ms(p.answer)} | ${ms(p.event)} | ${ms(p.kpi)} (${p.kpi.maxMs.toFixed(0)} ms) | ${p.staleKpis} | ${p.loadAverage.join(' ')} |`,
    );
  }
}
let web: WebMeasurement | null = null;
if (only.has('web')) {
  console.error('web: initial JavaScript and time to interactive …');
  web = await measureWeb({ runs: 5, build: true });
  console.log(
    `\nweb, demo data, headless Chromium: initial JavaScript ${web.initialJsGzipKb.toFixed(1)} KB gzipped, default dashboard interactive in ${web.interactiveMs} ms (median of 5)`,
  );
}
fs.mkdirSync(DATA, { recursive: true });
fs.writeFileSync(
  path.join(DATA, `results-${date}.json`),
  JSON.stringify(
    {
      date,
      machine,
      results,
      api: apiResults,
      goals: goalResults,
      upload: uploadResults,
      push: pushResults,
      access: accessResults,
      startup,
      cluster,
      scaling: scalingResults,
      web,
    },
    null,
    2,
  ),
);
