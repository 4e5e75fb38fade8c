import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { forbidden } from '../../core/errors.ts';

/** Where the page sends the token `GET /api/v1/csrf` gave it. */
export const CSRF_HEADER = 'x-csrf-token';
/** The cookie holding the secret the token is checked against. */
export const CSRF_COOKIE = 'udn_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A cookie-authenticated change under /api/v1 must carry the token `GET /api/v1/csrf` handed out
 * (header x-csrf-token), checked by @fastify/csrf-protection against its cookie; without it the
 * request is refused with 403 before its handler runs. A bearer token or a share link is no ambient
 * credential a browser sends by itself, so those requests need none. Runs after the route guard
 * (the principal is known) and after @fastify/cookie parsed the cookies.
 */
export async function registerCsrf(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true },
    getToken: (request) => {
      const value = request.headers[CSRF_HEADER];
      return Array.isArray(value) ? value[0] : value;
    },
  });
  app.addHook('onRequest', async (request, reply) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/v1/')) return;
    if (request.principal?.via !== 'session') return;
    await checkToken(app, request, reply);
  });
}

function checkToken(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  return new Promise((resolve, reject) => {
    // The plugin answers a refusal itself with reply.send(error); it is turned into UDN's own 403.
    const refusing = Object.create(reply, {
      send: {
        value: () => {
          reject(
            forbidden(
              `this change needs the header ${CSRF_HEADER} with the token of GET /api/v1/csrf; nothing was changed`,
              { reason: 'csrf' },
            ),
          );
          return refusing;
        },
      },
    }) as FastifyReply;
    app.csrfProtection(request, refusing, (error?: Error) => (error ? reject(error) : resolve()));
  });
}
