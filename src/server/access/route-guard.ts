import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../../core/access/principal.ts';
import { decideRoute, ROUTE_ACCESS, type RouteAccess } from '../../core/access/route-access.ts';
import { DomainError } from '../../core/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts as; null when anonymous (set before any route handler runs). */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** What the route asks of its caller (core/access/route-access.ts); required under /api/v1. */
    access?: RouteAccess;
  }
}

/**
 * Finds who a request acts as from one kind of credential (a session cookie, a bearer token, a
 * share link): null when the credential is present but not valid (refused with 401), undefined when
 * the request does not carry this kind at all (the next resolver is asked).
 */
export type PrincipalResolver = (request: FastifyRequest) => Promise<Principal | null | undefined>;

/** Routes outside /api/v1 that answer everyone: probes, the API docs, the web app's files. */
const isOpenPath = (url: string) => !url.startsWith('/api/v1');

/** Every route's declared access, as registered: the permission matrix test reads it. */
export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

/**
 * Makes every /api/v1 route declare its access (a route without one stops the server from
 * starting), resolves the caller before anything else runs, and refuses what the route policy
 * refuses: 401 when no one is signed in, 403 when the person, token or link may not.
 */
export function installRouteGuard(
  app: FastifyInstance,
  resolvers: () => readonly PrincipalResolver[],
  onRefused?: (request: FastifyRequest, status: 401 | 403, reason: string) => void,
): DeclaredRoute[] {
  const declared: DeclaredRoute[] = [];
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access === undefined) {
      if (!isOpenPath(route.url))
        throw new Error(`route ${String(route.method)} ${route.url} declares no access`);
      return;
    }
    if (!ROUTE_ACCESS.includes(access)) throw new Error(`route ${route.url}: unknown access "${access}"`);
    for (const method of [route.method].flat())
      declared.push({ method: String(method), url: route.url, access });
  });
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) return;
    let principal: Principal | null = null;
    for (const resolve of resolvers()) {
      const found = await resolve(request);
      if (found === undefined) continue;
      if (found === null && access !== 'public') {
        onRefused?.(request, 401, 'invalid credentials');
        if (hasBody(request)) reply.header('connection', 'close');
        throw new DomainError(
          'unauthorized',
          'this session, token or link is not valid (expired, revoked or unknown)',
        );
      }
      principal = found;
      break;
    }
    request.principal = principal;
    const decision = decideRoute(principal, access, request.method);
    if (!decision.allowed) {
      onRefused?.(request, decision.status, decision.reason);
      // A refused upload's body is not read: closing stops a client from sending (or dripping) it.
      if (hasBody(request)) reply.header('connection', 'close');
      throw new DomainError(decision.status === 401 ? 'unauthorized' : 'forbidden', decision.reason);
    }
  });
  return declared;
}

const hasBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

/** The principal of a route that declared anything but public: there always is one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new DomainError('unauthorized', 'sign in first');
  return request.principal;
}
