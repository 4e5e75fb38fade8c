import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { redactShareSecret } from './access/share-link.ts';
import type { ServerMetrics } from './metrics/server-metrics.ts';

/**
 * What a proxy's or client's X-Request-Id may be for the server to adopt it: short, and of
 * characters that cannot break a log line or a header (no spaces, quotes or control characters).
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** A request's id: the caller's X-Request-Id when it is sane (so one id follows it through the proxy), else a new one. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  if (typeof given === 'string' && SAFE_REQUEST_ID.test(given)) return given;
  return crypto.randomUUID();
}

/**
 * Paths pino blanks in anything logged: the request serializer already leaves headers out, but a
 * log call that hands over headers, a cookie or a password must not write them either.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'token',
  '*.token',
];

/** Log lines name the URL with a share link's secret cut short (`/tv/…`, `?share=…`); no header is logged. */
export const requestSerializers = {
  req: (request: { method: string; url: string; ip?: string }) => ({
    method: request.method,
    url: redactShareSecret(request.url),
    remoteAddress: request.ip,
  }),
};

/**
 * Every response carries its request id (X-Request-Id), and, per request, one log line at info
 * (route pattern, status, duration: Fastify's own two lines are turned off) and one observation
 * in the request-duration histogram.
 */
export function installRequestLog(app: FastifyInstance, metrics: () => ServerMetrics | null): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    const ms = reply.elapsedTime;
    metrics()?.requestAnswered(request.method, route, reply.statusCode, ms / 1000);
    request.log.info(
      { req: request, route: route ?? null, status: reply.statusCode, ms: Math.round(ms * 10) / 10 },
      'request',
    );
  });
}
