import os from 'node:os';
import { cliPrincipal } from '../src/core/access/principal.ts';
import { resolvePeriod } from '../src/core/periods.ts';
import type { Store } from '../src/db/database.ts';
import { findDefaultOrg } from '../src/db/org-repo.ts';
import { dashboardPdf } from '../src/services/render/dashboard-pdf.ts';
import { dashboardSnapshot } from '../src/services/render/dashboard-snapshot.ts';
import type { ChartSpec } from '../src/services/render/snapshot-types.ts';
import { chartPng } from '../src/services/render/svg-png.ts';

/**
 * The rendering part of `npm run bench -- --only render` (issue 14: "a dashboard PDF ≤ 3 s" and the
 * render part of "a digest of the default dashboard (HTML + 10 chart images) ≤ 2 s"). On the default
 * dashboard of the generated data, for one quarter, as the administrator (who sees every rep: the
 * largest tables):
 *   - snapshot: dashboardSnapshot alone (every widget's numbers from the KPI services);
 *   - digest: snapshot + 10 chart PNGs at the digest's size (600 × 260, drawn at 2×), the charts of the
 *     dashboard taken in turn until there are ten;
 *   - pdf: snapshot + dashboardPdf (A4), what GET /dashboards/:id/export.pdf does.
 * Each is run once to warm up (module loading, first font parse), then `runs` times; the median and
 * the slowest are reported. Nothing is cached between runs by the render code itself.
 *   const r = await benchRender(store, { period: '2026-Q3' });
 */

interface Timing {
  medianMs: number;
  maxMs: number;
  cpuMedianMs: number;
}

export interface RenderBenchResult {
  widgets: number;
  charts: number;
  pdfBytes: number;
  pdfPages: number;
  snapshot: Timing;
  digest: Timing;
  pdf: Timing;
  loadAverage: number[];
}

const median = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * Wall time and this process's CPU time (user + system) of each run. On a machine shared with other
 * work the wall time grows with the load; the CPU time is what the render itself costs, close to the
 * wall time on an idle machine (the work is single-threaded: better-sqlite3, ECharts, resvg, pdfkit).
 */
async function timed(runs: number, work: () => Promise<unknown>): Promise<Timing> {
  await work();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const used = process.cpuUsage();
    await work();
    const spent = process.cpuUsage(used);
    wall.push(performance.now() - start);
    cpu.push((spent.user + spent.system) / 1000);
  }
  return {
    medianMs: Math.round(median(wall)),
    maxMs: Math.round(Math.max(...wall)),
    cpuMedianMs: Math.round(median(cpu)),
  };
}

export async function benchRender(
  store: Store,
  options: { period: string; runs?: number },
): Promise<RenderBenchResult> {
  const org = await findDefaultOrg(store.db);
  if (!org) throw new Error('the bench store has no organisation');
  const period = resolvePeriod({ period: options.period }, org.fiscal_year_start_month);
  if (!period.ok) throw new Error(period.reason);
  const as = cliPrincipal(org.id);
  const runs = options.runs ?? 5;
  const snap = () => dashboardSnapshot(store, org, null, period, as);

  const first = await snap();
  const charts = first.items.flatMap((item): ChartSpec[] => (item.kind === 'chart' ? [item.chart] : []));
  if (charts.length === 0) throw new Error('the default dashboard has no charts');
  const snapshot = await timed(runs, snap);
  const digest = await timed(runs, async () => {
    const taken = await snap();
    const specs = taken.items.flatMap((item): ChartSpec[] => (item.kind === 'chart' ? [item.chart] : []));
    for (let i = 0; i < 10; i++)
      chartPng(specs[i % specs.length] as ChartSpec, { width: 600, height: 260 }, 2);
  });
  let pdfBytes = 0;
  let pdfPages = 0;
  const pdf = await timed(runs, async () => {
    const file = await dashboardPdf(await snap(), { paper: 'a4', filters: ['Scope: Organisation'] });
    pdfBytes = file.length;
    pdfPages = (file.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  });
  return {
    widgets: first.items.length,
    charts: charts.length,
    pdfBytes,
    pdfPages,
    snapshot,
    digest,
    pdf,
    loadAverage: os.loadavg().map((n) => Math.round(n * 10) / 10),
  };
}

/** The result as rows of the performance table (figure, measured: wall median (max) and CPU median, goal). */
export function renderTableRows(size: string, dialect: string, r: RenderBenchResult): string {
  const cell = (t: Timing) => `${t.medianMs} ms (max ${t.maxMs}); CPU ${t.cpuMedianMs} ms`;
  return [
    `| dashboard snapshot (${r.widgets} widgets), ${size} deals, ${dialect} | ${cell(r.snapshot)} | — |`,
    `| digest render: snapshot + 10 chart PNGs, ${size}, ${dialect} | ${cell(r.digest)} | ≤ 2,000 ms |`,
    `| dashboard PDF, A4, ${r.pdfPages} pages, ${Math.round(r.pdfBytes / 1024)} KiB, ${size}, ${dialect} | ${cell(r.pdf)} | ≤ 3,000 ms |`,
    `| load average while measuring (1/5/15 min) | ${r.loadAverage.join(' / ')} | — |`,
  ].join('\n');
}
