import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../core/contracts/api.ts';

/** Where `npm run build:web` (vite build --config web/vite.config.ts) writes the web app. */
export const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>UDN</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f2f2f2;padding:.1rem .3rem}</style>
</head><body>
<h1>UDN is running</h1>
<p>The web app is not built yet, so only the API answers here.</p>
<p>Build it with <code>npm run build:web</code> (or start with <code>npm start</code>, which builds it when it is missing), then reload this page.</p>
<p>API: <a href="/api/v1/org">/api/v1/org</a> · documentation: <a href="/api/docs">/api/docs</a></p>
</body></html>
`;

const isApi = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/**
 * Serves the built web app: hashed assets cached for a year, index.html revalidated every time, and
 * every other non-API GET answered with index.html so the app's own routes survive a reload.
 * Unknown /api routes answer a JSON 404 either way.
 */
export async function registerWebApp(app: FastifyInstance, webDist: string | null): Promise<void> {
  const built = webDist !== null && fs.existsSync(path.join(webDist, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      setHeaders(reply, filePath) {
        const relative = path.relative(webDist, filePath);
        if (relative.startsWith(`assets${path.sep}`)) {
          reply.header('cache-control', 'public, max-age=31536000, immutable');
        } else if (relative === 'index.html') {
          reply.header('cache-control', 'no-cache');
        } else {
          reply.header('cache-control', 'public, max-age=3600');
        }
      },
    });
  }

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const url = request.url;
    if (isApi(url) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      const body: ApiError = {
        error: 'not_found',
        message: `no route ${request.method} ${url.split('?')[0]}`,
      };
      return reply.code(404).send(body);
    }
    // A TV kiosk's address holds its share link's secret: not indexed, never sent on as a Referer.
    if (url.startsWith('/tv/'))
      reply.header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer');
    if (built) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
  });
}
