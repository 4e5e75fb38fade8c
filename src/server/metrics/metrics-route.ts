import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ServerMetrics } from './server-metrics.ts';

const digest = (text: string) => crypto.createHash('sha256').update(text).digest();

/** Whether `header` is `Bearer <token>`, compared in constant time. */
function bearsToken(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] !== undefined && crypto.timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * GET /metrics in Prometheus' text format, for a scraper that bears UDN_METRICS_TOKEN; without a
 * token configured it is not there (404), so a server never shows its internals by default. It is
 * outside /api/v1: its guard is this token, not a person's session or an API token.
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: ServerMetrics | null,
  token: string | null,
): void {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!metrics || !token) {
      return reply
        .code(404)
        .send({ error: 'not_found', message: 'no route GET /metrics (set UDN_METRICS_TOKEN)' });
    }
    if (!bearsToken(request.headers.authorization, token)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').send({
        error: 'unauthorized',
        message: 'send the metrics token as "Authorization: Bearer <token>"',
      });
    }
    reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store');
    return metrics.registry.metrics();
  });
}
