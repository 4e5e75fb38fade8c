import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ImportJob } from '../../core/contracts/imports.ts';
import type { ImportJobEnd } from '../../services/imports/import-jobs.ts';

/** What the metrics read from the running server when scraped, rather than being told of each change. */
export interface MetricSources {
  /** Open live-event streams (LiveEvents.size). */
  sseClients(): number;
  /** The answer cache's counts so far (ResponseCache.hits / misses). */
  cache(): { hits: number; misses: number };
}

/** Request durations from a millisecond to a minute: API answers sit at the low end, uploads high. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const IMPORT_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

/**
 * One server's Prometheus metrics, in a registry of its own: tests build many servers in one
 * process, and prom-client's global registry would refuse the second one's metric names.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requestDuration: Histogram<'method' | 'route' | 'status_class'>;
  private readonly importRuns: Counter<'outcome'>;
  private readonly importRows: Counter;
  private readonly importDuration: Histogram<'outcome'>;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: 'udn_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern (not the raw URL) and status class',
      labelNames: ['method', 'route', 'status_class'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.importRuns = new Counter({
      name: 'udn_import_jobs_total',
      help: 'Import jobs run by this server, by how they ended (succeeded, failed, cancelled)',
      labelNames: ['outcome'],
      registers,
    });
    this.importRows = new Counter({
      name: 'udn_import_rows_total',
      help: 'Rows read by import jobs that succeeded',
      registers,
    });
    this.importDuration = new Histogram({
      name: 'udn_import_duration_seconds',
      help: 'Import job run time, by how it ended',
      labelNames: ['outcome'],
      buckets: IMPORT_BUCKETS,
      registers,
    });
    new Gauge({
      name: 'udn_sse_clients',
      help: 'Open live-event (SSE) streams',
      registers,
      collect() {
        this.set(sources.sseClients());
      },
    });
    // The cache keeps its own running counts; a scrape copies them (they only grow, as a counter must).
    new Counter({
      name: 'udn_response_cache_requests_total',
      help: 'KPI answers asked of the response cache, by whether they were cached (hit) or computed (miss)',
      labelNames: ['result'],
      registers,
      collect() {
        const { hits, misses } = sources.cache();
        this.reset();
        this.inc({ result: 'hit' }, hits);
        this.inc({ result: 'miss' }, misses);
      },
    });
  }

  /** One answered request; `route` is the pattern it matched (`/api/v1/goals/:id`), or none. */
  requestAnswered(method: string, route: string | undefined, status: number, seconds: number): void {
    this.requestDuration.observe(
      { method, route: route ?? 'unmatched', status_class: `${Math.floor(status / 100)}xx` },
      seconds,
    );
  }

  importFinished(job: ImportJob, end: ImportJobEnd): void {
    const outcome = end.status;
    this.importRuns.inc({ outcome });
    const finishedAt = job.finishedAt ?? Date.now();
    this.importDuration.observe({ outcome }, Math.max(0, finishedAt - job.startedAt) / 1000);
    if (end.status === 'succeeded' && end.result)
      this.importRows.inc(end.result.files.reduce((sum, file) => sum + file.rows, 0));
  }
}
