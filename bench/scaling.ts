/**
 * "At 100k, 1M and 3M deals" of docs/scaling.md (issue 12): on a PostgreSQL database the import
 * bench has loaded, real `udn serve` processes answer the dashboard's KPI request under load — one
 * process with 50 connections, then two processes on the same database with 25 connections each at
 * once — and then changes made through A are timed until a page on B hears them
 * (cluster-events.ts). `npm run bench -- --only scaling --sizes 100k,1m,3m --dialects postgres`.
 *
 * The load generator runs in this process, on the same machine as the servers and PostgreSQL, so on
 * a small machine all of them share its cores: the figures show what a second server costs in
 * latency and correctness and how the store scales with data size, not how throughput grows with
 * machines.
 */
import os from 'node:os';
import autocannon from 'autocannon';
import { openStore } from '../src/db/database.ts';
import { type ServeProcess, startServeProcess } from '../test/support/serve-process.ts';
import { benchOwnerHeaders } from './bench-people.ts';
import { benchClusterEvents, type ClusterBenchResult } from './cluster-events.ts';

export interface KpiLoadResult {
  servers: number;
  connections: number;
  /** The first request to each server (ms): the cold answer a first visitor after a start pays. */
  coldMs: number[];
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Transport errors, timeouts and non-2xx answers together: anything but 0 voids the figure. */
  failures: number;
  /** os.loadavg() (1, 5, 15 min) when the load ended: the machine is shared. */
  loadAverage: number[];
}

export interface ScalingResult {
  path: string;
  one: KpiLoadResult;
  two: KpiLoadResult;
  cluster: ClusterBenchResult & { loadAverage: number[] };
}

/** The dashboard's calls come from browsers, which always accept compressed answers (as api-load.ts). */
const BROWSER_HEADERS = { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' };

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function coldRequest(url: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

/** `connections` split evenly over the servers, all loaded at once for `seconds`; one latency pool. */
async function loadKpis(
  servers: ServeProcess[],
  path: string,
  connections: number,
  seconds: number,
  credentials: { authorization: string },
): Promise<KpiLoadResult> {
  const headers = { ...BROWSER_HEADERS, ...credentials };
  const coldMs: number[] = [];
  for (const server of servers) coldMs.push(await coldRequest(server.url + path, headers));
  const latencies: number[] = [];
  const results = await Promise.all(
    servers.map(
      (server) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            { url: server.url + path, connections: connections / servers.length, duration: seconds, headers },
            (error, done) => (error ? reject(error) : resolve(done)),
          );
          // autocannon's summary has no p99 over several instances: keep every response time.
          instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
        }),
    ),
  );
  latencies.sort((a, b) => a - b);
  return {
    servers: servers.length,
    connections,
    coldMs,
    requests: results.reduce((n, r) => n + r.requests.total, 0),
    requestsPerSecond: results.reduce((n, r) => n + r.requests.average, 0),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    failures: results.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0),
    loadAverage: os.loadavg(),
  };
}

export async function benchScaling(options: {
  /** A PostgreSQL database URL with the bench data imported. */
  target: string;
  /** The dashboard's period, e.g. 2026-Q3. */
  quarter: string;
  seconds: number;
  /** Changes made through server A for the propagation figures. */
  changes: number;
  connections?: number;
  onProgress?: (message: string) => void;
}): Promise<ScalingResult> {
  const connections = options.connections ?? 50;
  if (connections % 2 !== 0)
    throw new Error(`connections must be even (split over 2 servers), not ${connections}`);
  const path = `/api/v1/kpis?period=${options.quarter}`;
  const store = await openStore(options.target);
  const credentials = await benchOwnerHeaders(store).finally(() => store.close());
  // One token makes every request; its per-token limit stays in the path, set beyond reach (as api-load.ts).
  const env = { UDN_TOKEN_RATE_LIMIT: String(1e9) };
  const servers: ServeProcess[] = [];
  try {
    servers.push(await startServeProcess(options.target, env));
    options.onProgress?.(`1 server: GET ${path}, ${connections} connections, ${options.seconds} s …`);
    const one = await loadKpis(servers, path, connections, options.seconds, credentials);
    servers.push(await startServeProcess(options.target, env));
    options.onProgress?.(`2 servers: ${connections / 2} connections each …`);
    const two = await loadKpis(servers, path, connections, options.seconds, credentials);
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    options.onProgress?.(`2 servers: ${options.changes} changes through A heard on B …`);
    const cluster = await benchClusterEvents({
      target: options.target,
      changes: options.changes,
      loaded: true,
    });
    return { path, one, two, cluster: { ...cluster, loadAverage: os.loadavg() } };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
