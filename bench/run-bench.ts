/**
 * `npm run bench`: generates data at two sizes and measures what the issues set goals for.
 *   npm run bench -- [--sizes 100k,1m] [--dialects sqlite,postgres] [--runs 20]
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
import { openStore, type Store } from '../src/db/database.ts';
import { findDefaultOrg } from '../src/db/org-repo.ts';
import { type ApiBenchResult, benchApi } from '../src/server/bench-api.ts';
import { benchGoalProgress } from '../src/services/goals/bench-goals.ts';
import { kpiReport } from '../src/services/kpi-report.ts';
import { writeBenchFiles } from './generate-data.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.join(ROOT, 'bench', '.data');
const PG_ADMIN = process.env.UDN_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SIZES: Record<string, number> = { '100k': 100_000, '1m': 1_000_000 };
/** The last whole quarter of the generated data (it ends 2026-09-30). */
const QUARTER = '2026-Q3';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100k,1m' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    runs: { type: 'string', default: '20' },
    /** Which of: import (includes the report), api, web, goals. */
    only: { type: 'string', default: 'import,api,web,goals' },
    /** Seconds of load per API call. */
    'api-seconds': { type: 'string', default: '10' },
  },
});

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

function importInChildProcess(dir: string, target: string) {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench/import-once.ts'), dir, target],
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

const results: Record<string, unknown>[] = [];
const apiResults: { size: string; dialect: string; results: ApiBenchResult[] }[] = [];
const goalResults: { size: string; dialect: string; result: unknown }[] = [];
const runs = Number(args.runs);
const only = new Set(args.only.split(','));
for (const size of args.sizes.split(',')) {
  const dir = await ensureData(size);
  for (const dialect of args.dialects.split(',')) {
    const target = await freshTarget(dialect, size);
    console.error(`${size} ${dialect}: importing …`);
    const imported = importInChildProcess(dir, target);
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
    if (only.has('goals')) {
      console.error(`${size} ${dialect}: goals …`);
      goalResults.push({ size, dialect, result: await benchGoalProgress(store, { today: '2026-09-15' }) });
    }
    await store.close();
    const row = {
      size,
      dialect,
      rows: imported.rows,
      importSeconds: imported.ms / 1000,
      rowsPerSecond: Math.round(imported.rows / (imported.ms / 1000)),
      peakRssMb: Math.round(imported.maxRssMb),
      phases: Object.fromEntries(Object.entries(imported.phases).map(([k, v]) => [k, Math.round(v)])),
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
console.log(`| data | store | rows | import | rows/s | peak RSS | \`kpi --json\` ${QUARTER} median / p95 |`);
console.log('|---|---|---|---|---|---|---|');
for (const r of results as {
  size: string;
  dialect: string;
  rows: number;
  importSeconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  reportMs: Timing;
}[]) {
  console.log(
    `| ${r.size} deals | ${r.dialect} | ${r.rows.toLocaleString('en')} | ${r.importSeconds.toFixed(1)} s | ${r.rowsPerSecond.toLocaleString('en')} | ${r.peakRssMb} MB | ${r.reportMs.median.toFixed(1)} / ${r.reportMs.p95.toFixed(1)} ms |`,
  );
}
fs.mkdirSync(DATA, { recursive: true });
fs.writeFileSync(
  path.join(DATA, `results-${date}.json`),
  JSON.stringify({ date, machine, results }, null, 2),
);
