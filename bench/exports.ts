import os from 'node:os';
import { ALL_REPS } from '../src/core/access/visibility.ts';
import type { ExportTable } from '../src/core/exports/export-table.ts';
import { resolvePeriod } from '../src/core/periods.ts';
import type { Store } from '../src/db/database.ts';
import { findDefaultOrg } from '../src/db/org-repo.ts';
import { drilldownExportTable } from '../src/services/exports/drilldown-export.ts';
import type { ExportContext } from '../src/services/exports/export-context.ts';
import { kpiExportTable, teamExportTable } from '../src/services/exports/kpi-exports.ts';
import { writeTable } from '../src/services/exports/table-file.ts';

/**
 * `npm run bench -- --only exports`: the table exports of issue 14 on the generated data, for one
 * quarter, as the administrator (every rep's rows: the largest files). For each export the table
 * is built from the services (what the route does) and written as CSV and as XLSX; each step is run
 * once to warm up, then `runs` times, and the median and slowest are reported.
 *   const r = await benchExports(store, { period: '2026-Q3' });
 */

interface Timing {
  medianMs: number;
  maxMs: number;
}

interface ExportBench {
  name: string;
  rows: number;
  build: Timing;
  csv: Timing & { bytes: number };
  xlsx: Timing & { bytes: number };
}

export interface ExportsBenchResult {
  exports: ExportBench[];
  loadAverage: number[];
}

const median = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function timed<T>(runs: number, work: () => Promise<T>): Promise<{ timing: Timing; last: T }> {
  let last = await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    last = await work();
    samples.push(performance.now() - start);
  }
  return { timing: { medianMs: Math.round(median(samples)), maxMs: Math.round(Math.max(...samples)) }, last };
}

export async function benchExports(
  store: Store,
  options: { period: string; runs?: number },
): Promise<ExportsBenchResult> {
  const org = await findDefaultOrg(store.db);
  if (!org) throw new Error('the bench store has no organisation');
  const period = resolvePeriod({ period: options.period }, org.fiscal_year_start_month);
  if (!period.ok) throw new Error(period.reason);
  const runs = options.runs ?? 3;
  const context: ExportContext = { store, org, visibility: ALL_REPS, lang: 'en' };
  const builders: [string, () => Promise<ExportTable>][] = [
    ['KPI report', () => kpiExportTable(context, period, { kind: 'org' })],
    ['team table', () => teamExportTable(context, period, { kind: 'org' })],
    [
      'drill-down: deals won',
      () =>
        drilldownExportTable(context, period, { metric: 'deals_won', scope: { kind: 'org' }, sort: null }),
    ],
    [
      'drill-down: new leads',
      () =>
        drilldownExportTable(context, period, { metric: 'new_leads', scope: { kind: 'org' }, sort: null }),
    ],
  ];
  const exports: ExportBench[] = [];
  for (const [name, build] of builders) {
    const built = await timed(runs, build);
    const table = built.last;
    const csv = await timed(runs, () => writeTable(table, 'csv'));
    const xlsx = await timed(runs, () => writeTable(table, 'xlsx'));
    exports.push({
      name,
      rows: table.rows.length,
      build: built.timing,
      csv: { ...csv.timing, bytes: csv.last.body.length },
      xlsx: { ...xlsx.timing, bytes: xlsx.last.body.length },
    });
  }
  return { exports, loadAverage: os.loadavg().map((n) => Math.round(n * 10) / 10) };
}

const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KiB`;

/** The result as rows of the performance table (figure, measured, goal). */
export function exportsTableRows(size: string, dialect: string, r: ExportsBenchResult): string {
  return [
    ...r.exports.flatMap((e) => [
      `| export ${e.name} (${e.rows.toLocaleString('en')} rows), table built, ${size} deals, ${dialect} | ${e.build.medianMs} ms (max ${e.build.maxMs}) | — |`,
      `| export ${e.name}: CSV written, ${kib(e.csv.bytes)} | ${e.csv.medianMs} ms (max ${e.csv.maxMs}) | — |`,
      `| export ${e.name}: XLSX written, ${kib(e.xlsx.bytes)} | ${e.xlsx.medianMs} ms (max ${e.xlsx.maxMs}) | — |`,
    ]),
    `| load average while measuring (1/5/15 min) | ${r.loadAverage.join(' / ')} | — |`,
  ].join('\n');
}
