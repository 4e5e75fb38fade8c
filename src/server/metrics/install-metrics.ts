import type { FastifyInstance } from 'fastify';
import { parseMetricsBind, serveMetricsOnBind } from './metrics-bind.ts';
import { registerMetricsRoute } from './metrics-route.ts';
import { type MetricSources, ServerMetrics } from './server-metrics.ts';

export interface MetricsOptions {
  /** The bearer token GET /metrics asks for (UDN_METRICS_TOKEN); null: /metrics is 404. */
  token: string | null;
  /** `host:port` of a private listener serving /metrics without a token (UDN_METRICS_BIND). */
  bind: string | null;
}

/** The options given, else the environment's. */
export function metricsOptions(given: {
  metricsToken?: string | null;
  metricsBind?: string | null;
}): MetricsOptions {
  return {
    token: given.metricsToken === undefined ? process.env.UDN_METRICS_TOKEN || null : given.metricsToken,
    bind: given.metricsBind === undefined ? process.env.UDN_METRICS_BIND || null : given.metricsBind,
  };
}

/**
 * The server's metrics when a token or a private bind asks for them (else null: nothing is
 * collected), with GET /metrics registered either way (404 unless a token is set).
 */
export function installMetrics(
  app: FastifyInstance,
  options: MetricsOptions,
  sources: MetricSources,
): ServerMetrics | null {
  const bind = options.bind ? parseMetricsBind(options.bind) : null;
  const metrics = options.token || bind ? new ServerMetrics(sources) : null;
  if (metrics && bind) serveMetricsOnBind(app, metrics, bind);
  registerMetricsRoute(app, metrics, options.token);
  return metrics;
}
