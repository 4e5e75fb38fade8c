/**
 * "Several servers, one database" (issue 12): two real `udn serve` processes on one PostgreSQL
 * database. Changes go through A (dashboard, goal and task edits, imports); a page's event stream
 * on B times when it hears each, and right after hearing it B is asked for what changed: an answer
 * that does not show the change is stale. `npm run bench -- --only cluster`.
 */
import path from 'node:path';
import type { Dashboard, LiveEvent } from '../src/core/contracts/api.ts';
import type { Goal, Task } from '../src/core/contracts/goals.ts';
import { openStore } from '../src/db/database.ts';
import { filesInDirectory } from '../src/importer/import-source.ts';
import { importFiles } from '../src/services/imports/import-files.ts';
import { type LiveListener, listenLive } from '../test/support/live-listener.ts';
import { startServeProcess } from '../test/support/serve-process.ts';
import { benchOwnerHeaders } from './bench-people.ts';

const SMALL = path.resolve(import.meta.dirname, '../conformance/examples/small/data');
const KINDS = ['dashboard', 'goal', 'task', 'import'] as const;
type Kind = (typeof KINDS)[number];

export interface ClusterBenchResult {
  changes: number;
  /** From sending the change to A until B's page hears it (the write's own time included). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From A's answer (the change committed) until B's page hears it; 0 when B heard first. */
  afterAnswer: { p50Ms: number; p99Ms: number; maxMs: number };
  byKind: Record<Kind, { changes: number; p50Ms: number; p99Ms: number }>;
  /** Answers from B, asked right after its page heard an event, that did not show the change. */
  staleAnswers: number;
}

const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function json<T>(
  base: string,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function upload(base: string, headers: Record<string, string>, leadId: string): Promise<number> {
  const form = new FormData();
  form.append('files', new Blob([`id,created_at\n${leadId},2026-02-04\n`]), 'leads.csv');
  const response = await fetch(`${base}/api/v1/imports?wait=true`, { method: 'POST', headers, body: form });
  const text = await response.text();
  if (!response.ok) throw new Error(`upload: ${response.status} ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { dataVersion: number }).dataVersion;
}

export async function benchClusterEvents(options: {
  target: string;
  changes: number;
  /**
   * The database already holds the bench data (bench/scaling.ts): the small example is not imported
   * and the changes leave imports out — a one-row upload would add a lead to the bench data and make
   * each change's figure mostly the rebuild of that organisation's facts, which the import bench
   * measures already.
   */
  loaded?: boolean;
}): Promise<ClusterBenchResult> {
  const store = await openStore(options.target);
  if (!options.loaded) await importFiles(store, filesInDirectory(SMALL).files, { source: 'bench' });
  const kinds: readonly Kind[] = options.loaded ? KINDS.filter((k) => k !== 'import') : KINDS;
  const owner = await benchOwnerHeaders(store);
  await store.close();
  // One token makes every request: its per-token limit is not what this measures.
  const env = { UDN_TOKEN_RATE_LIMIT: '0' };
  const [a, b] = await Promise.all([
    startServeProcess(options.target, env),
    startServeProcess(options.target, env),
  ]);
  let page: LiveListener | null = null;
  try {
    page = await listenLive(b.url, owner);
    let dashboard = await json<Dashboard>(a.url, 'POST', '/api/v1/dashboards', owner, { name: 'Cluster' });
    let goal = await json<Goal>(a.url, 'POST', '/api/v1/goals', owner, {
      name: 'Cluster 0',
      start_date: '2026-04-01',
      due_date: '2026-04-30',
      targets: [{ kind: 'tasks', name: 'Calls' }],
    });
    const task = await json<Task>(a.url, 'POST', '/api/v1/tasks', owner, {
      title: 'Cluster 0',
      type: 'call',
      due_date: '2026-04-08',
    });
    await page.until((e) => e.type === 'goals-changed');

    const latencies: Record<Kind, number[]> = { dashboard: [], goal: [], task: [], import: [] };
    const afterAnswer: number[] = [];
    let stale = 0;
    for (let i = 0; i < options.changes; i++) {
      const kind = kinds[i % kinds.length]!;
      const from = page.heard.length;
      const started = performance.now();
      let heard: (e: LiveEvent) => boolean;
      let fresh: () => Promise<boolean>;
      if (kind === 'dashboard') {
        dashboard = await json<Dashboard>(a.url, 'PATCH', `/api/v1/dashboards/${dashboard.id}`, owner, {
          name: `Cluster ${i}`,
          version: dashboard.version,
        });
        const version = dashboard.version;
        heard = (e) =>
          e.type === 'dashboard-changed' && e.dashboardId === dashboard.id && e.version === version;
        fresh = async () =>
          (await json<Dashboard>(b.url, 'GET', `/api/v1/dashboards/${dashboard.id}`, owner)).version ===
          version;
      } else if (kind === 'goal') {
        const name = `Cluster ${i}`;
        goal = await json<Goal>(a.url, 'PATCH', `/api/v1/goals/${goal.id}`, owner, {
          name,
          version: goal.version,
        });
        heard = (e) => e.type === 'goals-changed';
        fresh = async () => (await json<Goal>(b.url, 'GET', `/api/v1/goals/${goal.id}`, owner)).name === name;
      } else if (kind === 'task') {
        const title = `Cluster ${i}`;
        await json<Task>(a.url, 'PATCH', `/api/v1/tasks/${task.id}`, owner, { title });
        heard = (e) => e.type === 'goals-changed';
        fresh = async () =>
          (await json<Task>(b.url, 'GET', `/api/v1/tasks/${task.id}`, owner)).title === title;
      } else {
        const version = await upload(a.url, owner, `LC${i}`);
        heard = (e) => e.type === 'data-changed' && e.dataVersion >= version;
        fresh = async () =>
          (await json<{ dataVersion: number }>(b.url, 'GET', '/api/v1/org', owner)).dataVersion >= version;
      }
      const answered = performance.now();
      const event = await page.until(heard, { from, ms: 30_000 });
      latencies[kind].push(event.at - started);
      afterAnswer.push(Math.max(0, event.at - answered));
      if (!(await fresh())) stale++;
    }
    const all = Object.values(latencies)
      .flat()
      .sort((x, y) => x - y);
    const byKind = Object.fromEntries(
      KINDS.map((kind) => {
        const sorted = [...latencies[kind]].sort((x, y) => x - y);
        return [kind, { changes: sorted.length, p50Ms: at(sorted, 0.5), p99Ms: at(sorted, 0.99) }];
      }),
    ) as ClusterBenchResult['byKind'];
    return {
      changes: all.length,
      p50Ms: at(all, 0.5),
      p99Ms: at(all, 0.99),
      maxMs: all[all.length - 1] ?? 0,
      afterAnswer: (() => {
        const sorted = afterAnswer.sort((x, y) => x - y);
        return { p50Ms: at(sorted, 0.5), p99Ms: at(sorted, 0.99), maxMs: sorted[sorted.length - 1] ?? 0 };
      })(),
      byKind,
      staleAnswers: stale,
    };
  } finally {
    await page?.close();
    await Promise.all([a.stop(), b.stop()]);
  }
}
