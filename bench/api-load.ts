import autocannon from 'autocannon';
import type { Store } from '../src/db/database.ts';
import { type RunningServer, startServer } from '../src/server/main.ts';
import { benchOwnerHeaders } from './bench-people.ts';

/**
 * Load test of the API calls a dashboard makes, for the benchmark runner (bench/ owns the runner).
 *
 *   import { benchApi } from './api-load.ts';
 *   const store = await openStore('bench/.data/1m.sqlite');   // a store with the data imported
 *   const results = await benchApi(store, { quarter: '2026-Q3', year: '2026' });
 *   console.table(results);                                    // p50/p95/p99 ms and req/s per call
 *   await store.close();
 *
 * Starts the server on a free loopback port, warms each call once (its cold latency is reported: the
 * first visitor after an import pays it), then runs `connections` clients against it for
 * `durationSeconds`, one call at a time, as the store's owner with a token (bench-people.ts). The load generator shares this process with the server, so
 * the latencies are if anything pessimistic. The store is left open.
 */

export interface ApiBenchCase {
  name: string;
  path: string;
}

export interface ApiBenchResult {
  name: string;
  path: string;
  /** The first, uncached request (ms). */
  coldMs: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
}

export interface ApiBenchOptions {
  /** The dashboard's period (default 2026-Q3, the last quarter of the bench data). */
  quarter?: string;
  /** The year of the monthly chart (default 2026). */
  year?: string;
  connections?: number;
  durationSeconds?: number;
  cases?: ApiBenchCase[];
  onResult?: (result: ApiBenchResult) => void;
}

/** What the default dashboard asks for: the report, a monthly chart, a drill-down page, the dashboard list. */
export function dashboardCases(quarter: string, year: string): ApiBenchCase[] {
  return [
    { name: 'kpis (quarter)', path: `/api/v1/kpis?period=${quarter}` },
    {
      name: 'series revenue by month (year)',
      path: `/api/v1/series?metric=revenue&grain=month&period=${year}`,
    },
    {
      name: 'drilldown won deals, page 1',
      path: `/api/v1/drilldown?metric=revenue&period=${quarter}&page=1`,
    },
    { name: 'dashboards list', path: '/api/v1/dashboards' },
  ];
}

/** The dashboard's calls come from browsers, which always accept compressed answers. */
const BROWSER_HEADERS = { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' };

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function runCase(
  base: string,
  c: ApiBenchCase,
  connections: number,
  duration: number,
  credentials: { authorization: string },
): Promise<ApiBenchResult> {
  const headers = { ...BROWSER_HEADERS, ...credentials };
  const started = performance.now();
  const cold = await fetch(base + c.path, { headers });
  await cold.arrayBuffer();
  if (!cold.ok) throw new Error(`${c.path} answered ${cold.status}`);
  const coldMs = performance.now() - started;

  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: base + c.path, connections, duration, headers }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    // autocannon's summary has p97.5 but not p95: keep every response time to take exact percentiles.
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    name: c.name,
    path: c.path,
    coldMs,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export async function benchApi(store: Store, options: ApiBenchOptions = {}): Promise<ApiBenchResult[]> {
  const cases = options.cases ?? dashboardCases(options.quarter ?? '2026-Q3', options.year ?? '2026');
  // The server must not close the caller's store.
  const borrowed: Store = { ...store, close: async () => undefined };
  let server: RunningServer | null = null;
  try {
    // One token makes every request here; the per-token limit stays in the path, set beyond reach.
    process.env.UDN_TOKEN_RATE_LIMIT ??= String(1e9);
    server = await startServer({ store: borrowed, port: 0, host: '127.0.0.1', webDist: null });
    const credentials = await benchOwnerHeaders(store);
    const results: ApiBenchResult[] = [];
    for (const c of cases) {
      const result = await runCase(
        server.url,
        c,
        options.connections ?? 50,
        options.durationSeconds ?? 10,
        credentials,
      );
      options.onResult?.(result);
      results.push(result);
    }
    return results;
  } finally {
    await server?.close();
  }
}
