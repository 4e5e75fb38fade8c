import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ServerMetrics } from './server-metrics.ts';

/** `127.0.0.1:9464` or `[::1]:9464`: where the private metrics listener binds. */
export function parseMetricsBind(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  if (!match || host === undefined || !Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`UDN_METRICS_BIND must be host:port (like 127.0.0.1:9464), not "${text}"`);
  return { host, port };
}

/**
 * GET /metrics on a listener of its own (UDN_METRICS_BIND), without a token: for a bind only the
 * scraper can reach (loopback, a private network). It opens when the server listens (never for
 * tests that only inject requests) and closes with it.
 */
export function serveMetricsOnBind(
  app: FastifyInstance,
  metrics: ServerMetrics,
  bind: { host: string; port: number },
): void {
  const listener = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (error: unknown) => {
        app.log.warn({ err: error }, 'metrics collection failed');
        response.writeHead(500).end();
      },
    );
  });
  // onListen runs just after the server listens (listen() has already resolved), and Fastify
  // only logs a hook's failure: a bind that cannot be had is logged as an error, the server serves on.
  app.addHook('onListen', async () => {
    try {
      await new Promise<void>((resolve, reject) => {
        listener.once('error', reject);
        listener.listen(bind.port, bind.host, () => {
          listener.off('error', reject);
          resolve();
        });
      });
      app.log.info({ metrics: `http://${bind.host}:${bind.port}/metrics` }, 'metrics listener');
    } catch (error) {
      app.log.error(
        { err: error },
        `UDN_METRICS_BIND ${bind.host}:${bind.port}: cannot listen there, no metrics served`,
      );
    }
  });
  app.addHook('onClose', async () => {
    if (listener.listening) await new Promise<void>((resolve) => listener.close(() => resolve()));
  });
}
