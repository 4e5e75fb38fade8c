/**
 * The push API's promise (issue 13): a batch of 1,000 won deals pushed by a token is committed and
 * on open dashboards within a second. A real `udn serve` on a store of the bench data; a page's
 * event stream listens; per batch, from the request's start: (a) the 200 answer, (b) the page
 * hearing data-changed, (c) a KPI fetch showing the new revenue. `npm run bench -- --only push`.
 */
import os from 'node:os';
import type { KpiReport } from '../src/core/kpis/report.ts';
import { openStore } from '../src/db/database.ts';
import { findDefaultOrg } from '../src/db/org-repo.ts';
import { listenLive } from '../test/support/live-listener.ts';
import { startServeProcess } from '../test/support/serve-process.ts';
import { benchOwnerHeaders } from './bench-people.ts';

export interface PushBenchResult {
  batches: number;
  rowsPerBatch: number;
  answer: { p50Ms: number; p95Ms: number; maxMs: number };
  event: { p50Ms: number; p95Ms: number; maxMs: number };
  kpi: { p50Ms: number; p95Ms: number; maxMs: number };
  /** KPI fetches (right after the event) that did not yet show the batch's revenue. */
  staleKpis: number;
  loadAverage: number[];
}

const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50Ms: at(sorted, 0.5), p95Ms: at(sorted, 0.95), maxMs: sorted[sorted.length - 1] ?? 0 };
};

export async function benchPush(options: {
  target: string;
  batches?: number;
  rows?: number;
}): Promise<PushBenchResult> {
  const batches = options.batches ?? 10;
  const rows = options.rows ?? 1000;
  const store = await openStore(options.target);
  const owner = await benchOwnerHeaders(store);
  const org = (await findDefaultOrg(store.db))!;
  const reps = (
    await store.db.selectFrom('reps').select('id').where('org_id', '=', org.id).limit(20).execute()
  ).map((r) => String(r.id));
  await store.close();
  // This month: what an open dashboard shows when a deal closes now.
  const now = new Date();
  const month = now.toISOString().slice(0, 7);
  const closedAt = new Date(now.getTime() - 60_000).toISOString();
  const createdAt = new Date(now.getTime() - 3 * 86_400_000).toISOString();
  const server = await startServeProcess(options.target, { UDN_TOKEN_RATE_LIMIT: '0' });
  const page = await listenLive(server.url, owner);
  const kpiUrl = `${server.url}/api/v1/kpis?period=${month}`;
  const revenue = async () => {
    const response = await fetch(kpiUrl, { headers: owner });
    if (!response.ok) throw new Error(`GET kpis: ${response.status} ${await response.text()}`);
    return ((await response.json()) as KpiReport).org.revenue ?? 0;
  };
  const answers: number[] = [];
  const events: number[] = [];
  const kpis: number[] = [];
  let stale = 0;
  try {
    let expected = await revenue();
    const run = Date.now().toString(36);
    for (let b = 0; b < batches; b++) {
      const upsert = Array.from({ length: rows }, (_, i) => ({
        id: `push-${run}-${b}-${i}`,
        name: `Pushed ${b}/${i}`,
        owner_rep_id: reps[i % reps.length] ?? null,
        created_at: createdAt,
        closed_at: closedAt,
        status: 'won',
        amount: 100 + (i % 50),
      }));
      const added = upsert.reduce((sum, deal) => sum + deal.amount, 0);
      const from = page.heard.length;
      const started = performance.now();
      const response = await fetch(`${server.url}/api/v1/records/deals`, {
        method: 'POST',
        headers: { ...owner, 'content-type': 'application/json' },
        body: JSON.stringify({ upsert }),
      });
      const text = await response.text();
      answers.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`push: ${response.status} ${text.slice(0, 500)}`);
      const { dataVersion, inserted } = JSON.parse(text) as { dataVersion: number; inserted: number };
      if (inserted !== rows) throw new Error(`push inserted ${inserted} of ${rows}`);
      const heard = await page.until((e) => e.type === 'data-changed' && e.dataVersion >= dataVersion, {
        from,
      });
      events.push(heard.at - started);
      expected += added;
      let shown = await revenue();
      if (Math.abs(shown - expected) > 1e-6) {
        stale++;
        const until = performance.now() + 10_000;
        while (Math.abs(shown - expected) > 1e-6) {
          if (performance.now() > until) throw new Error(`the KPI report shows ${shown}, not ${expected}`);
          shown = await revenue();
        }
      }
      kpis.push(performance.now() - started);
    }
  } finally {
    await page.close();
    await server.stop();
  }
  return {
    batches,
    rowsPerBatch: rows,
    answer: stats(answers),
    event: stats(events),
    kpi: stats(kpis),
    staleKpis: stale,
    loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
  };
}
