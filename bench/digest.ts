import os from 'node:os';
import type { Widget } from '../src/core/contracts/api.ts';
import type { DigestRecipient } from '../src/core/digests/recipients.ts';
import { parseNamedPeriod } from '../src/core/periods.ts';
import { insertDashboard, listDashboards } from '../src/db/dashboards-repo.ts';
import type { Store } from '../src/db/database.ts';
import { findDefaultOrg } from '../src/db/org-repo.ts';
import { dashboardsOf } from '../src/services/dashboards/dashboards.ts';
import { defaultWidgets } from '../src/services/dashboards/default-dashboard.ts';
import { buildDigestMail } from '../src/services/digests/digest-send.ts';
import { renderService } from '../src/services/digests/render-adapter.ts';

/**
 * `npm run bench -- --only digest` (issue 14: "a digest of the default dashboard rendered (HTML + 10
 * chart images) ≤ 2 s"): one recipient's whole message built as buildDigestMail builds it for the
 * scheduler — the snapshot from the KPI services, every chart as an inline PNG (600 × 260 at 2×),
 * the HTML and the text part — without sending it. Measured on the default dashboard as it is, and
 * on the default dashboard with five more charts so the message carries ten images. The recipient
 * is an owner (every rep visible: the largest tables); the period a month (2026-09, the generated
 * data's last). Warm-up once, then the median of `runs`.
 *   const r = await benchDigest(store, { runs: 5 });
 */

export interface DigestBenchCase {
  dashboard: string;
  images: number;
  htmlKiB: number;
  medianMs: number;
  maxMs: number;
}

export interface DigestBenchResult {
  cases: DigestBenchCase[];
  loadAverage: number[];
}

const TEN_CHARTS = 'Bench: default + 5 charts';

/** Five more charts beside the default dashboard's, below it. */
const extraCharts = (): Widget[] => [
  {
    id: 'won-trend',
    type: 'line_chart',
    layout: { x: 0, y: 200, w: 6, h: 8 },
    config: { metric: 'deals_won', grain: 'month', chart: 'bar' },
  },
  {
    id: 'leads-trend',
    type: 'line_chart',
    layout: { x: 6, y: 200, w: 6, h: 8 },
    config: { metric: 'new_leads', grain: 'week', chart: 'line' },
  },
  {
    id: 'units-by-team',
    type: 'breakdown_bar',
    layout: { x: 0, y: 208, w: 4, h: 8 },
    config: { metric: 'units', by: 'team' },
  },
  {
    id: 'won-by-team',
    type: 'breakdown_bar',
    layout: { x: 4, y: 208, w: 4, h: 8 },
    config: { metric: 'deals_won', by: 'team' },
  },
  {
    id: 'revenue-days',
    type: 'line_chart',
    layout: { x: 8, y: 208, w: 4, h: 8 },
    config: { metric: 'revenue', grain: 'day', chart: 'area' },
  },
];

const median = (samples: number[]): number =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0;

export async function benchDigest(store: Store, options: { runs?: number } = {}): Promise<DigestBenchResult> {
  const org = await findDefaultOrg(store.db);
  if (!org) throw new Error('the bench store has no organisation');
  const runs = options.runs ?? 5;
  const defaultId = (await dashboardsOf(store, org.id)).find((d) => d.isDefault)?.id;
  if (defaultId === undefined) throw new Error('the bench organisation has no default dashboard');
  const ten =
    (await listDashboards(store.db, org.id)).find((d) => d.name === TEN_CHARTS) ??
    (await insertDashboard(store.db, org.id, {
      name: TEN_CHARTS,
      widgets: [...defaultWidgets(), ...extraCharts()],
    }));
  const recipient: DigestRecipient = {
    email: 'owner@bench.test',
    member: {
      userId: 'bench-owner',
      email: 'owner@bench.test',
      name: 'Bench owner',
      role: 'owner',
      repId: null,
      teams: [],
    },
  };
  const period = parseNamedPeriod('2026-09')!;
  const cases: DigestBenchCase[] = [];
  for (const [label, dashboardId] of [
    ['default dashboard', defaultId],
    [TEN_CHARTS, ten.id],
  ] as const) {
    const build = () =>
      buildDigestMail(
        store,
        org,
        { name: 'Sales KPIs', dashboardId, frequency: 'monthly', attachPdf: false },
        recipient,
        period,
        { publicUrl: 'https://udn.example.test', now: Date.now(), render: renderService },
      );
    const first = await build();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await build();
      samples.push(performance.now() - start);
    }
    cases.push({
      dashboard: label,
      images: (first.attachments ?? []).filter((a) => a.cid !== undefined).length,
      htmlKiB: Math.round((first.html?.length ?? 0) / 1024),
      medianMs: Math.round(median(samples)),
      maxMs: Math.round(Math.max(...samples)),
    });
  }
  return { cases, loadAverage: os.loadavg().map((n) => Math.round(n * 10) / 10) };
}

/** The result as rows of the performance table (figure, measured, goal). */
export function digestTableRows(size: string, dialect: string, r: DigestBenchResult): string {
  return [
    ...r.cases.map(
      (c) =>
        `| digest message built (snapshot + ${c.images} chart PNGs + HTML ${c.htmlKiB} KiB), ${c.dashboard}, ${size} deals, ${dialect} | ${c.medianMs} ms (max ${c.maxMs}) | ${c.images >= 10 ? '≤ 2,000 ms' : '—'} |`,
    ),
    `| load average while measuring (1/5/15 min) | ${r.loadAverage.join(' / ')} | — |`,
  ].join('\n');
}
