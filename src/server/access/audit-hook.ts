import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditKind } from '../../core/contracts/audit.ts';
import type { Store } from '../../db/database.ts';
import { auditScope, recordAudit } from '../../services/access/audit.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Whether the request's change was audited, and why it was refused (set by installAuditHook). */
    auditState: AuditState | null;
  }
}

export interface AuditState {
  audited: boolean;
  refused: { status: 401 | 403; reason: string } | null;
  /** The message a 401 or 403 answered with, when no guard said why (CSRF, a record's policy …). */
  answered: string | null;
}

export interface AuditHookOptions {
  /** One access_refused entry per client address and route in this window (ms): a flood of 401s is one line. */
  refusalWindowMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The kind of a write the routes did not audit themselves, from its route (the audit page filters on it). */
const KIND_OF_ROUTE: readonly [RegExp, AuditKind][] = [
  [/^\/api\/v1\/imports/, 'import'],
  [/^\/api\/v1\/goals\/[^/]+\/targets/, 'target'],
  [/^\/api\/v1\/(goals|goal-folders|quotas)/, 'goal'],
  [/^\/api\/v1\/tasks/, 'task'],
  [/^\/api\/v1\/dashboards/, 'dashboard'],
  [/^\/api\/v1\/members/, 'member'],
  [/^\/api\/v1\/invitations/, 'invitation'],
  [/^\/api\/v1\/tokens/, 'token'],
  [/^\/api\/v1\/share-links/, 'share_link'],
  [/^\/api\/v1\/view-as/, 'view_as'],
  [/^\/api\/v1\/org\/settings/, 'settings'],
];

export const kindOfRoute = (routeUrl: string): AuditKind =>
  KIND_OF_ROUTE.find(([pattern]) => pattern.test(routeUrl))?.[1] ?? 'data';

const ACTION_OF_METHOD: Readonly<Record<string, string>> = {
  POST: 'created',
  PUT: 'updated',
  PATCH: 'updated',
  DELETE: 'deleted',
};

/** The path asked for, without its query: a query may hold a share link's or an invitation's secret. */
const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? request.url;

/**
 * Two things every request under /api/v1 gets, whatever its route does:
 * - a refusal (401 or 403, by the route guard or a record's policy) is recorded as access_refused,
 *   at most once per client address and route per window, so a flood does not flood the table;
 * - a write that succeeded but recorded no audit entry of its own (neither through auditRequest nor
 *   through recordAudit anywhere below the route) is recorded from its method, route and path.
 * Returns the route guard's onRefused callback, which tells the hook why a request was refused.
 */
export function installAuditHook(
  app: FastifyInstance,
  store: Store,
  options: AuditHookOptions = {},
): (request: FastifyRequest, status: 401 | 403, reason: string) => void {
  const windowMs = options.refusalWindowMs ?? 10_000;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((error: unknown) => app.log.warn({ err: error }, 'audit entry failed'));
  const lastRefusal = new Map<string, number>();

  const refusalIsNew = (key: string, at: number): boolean => {
    const last = lastRefusal.get(key);
    if (last !== undefined && at - last < windowMs) return false;
    if (lastRefusal.size >= 10_000) {
      for (const [k, seen] of lastRefusal) if (at - seen >= windowMs) lastRefusal.delete(k);
      // Still full of fresh keys (many addresses at once): the oldest go first.
      for (const k of lastRefusal.keys()) {
        if (lastRefusal.size < 10_000) break;
        lastRefusal.delete(k);
      }
    }
    lastRefusal.set(key, at);
    return true;
  };

  app.decorateRequest('auditState', null);
  // Reads change nothing: only writes run in the audit scope (an async context costs every request
  // a little, and reads are most of them).
  app.addHook('onRequest', (request, _reply, done) => {
    const state: AuditState = { audited: false, refused: null, answered: null };
    request.auditState = state;
    if (SAFE_METHODS.has(request.method)) done();
    else auditScope.run(state, done);
  });
  // Body parsing leaves the async context of onRequest: the route handler is entered in it again.
  app.addHook('preHandler', (request, _reply, done) => {
    if (request.auditState && !SAFE_METHODS.has(request.method)) auditScope.run(request.auditState, done);
    else done();
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const state = request.auditState;
    if (state && !state.refused && (reply.statusCode === 401 || reply.statusCode === 403)) {
      if (typeof payload === 'string') {
        try {
          const message = (JSON.parse(payload) as { message?: unknown }).message;
          if (typeof message === 'string') state.answered = message.slice(0, 300);
        } catch {
          // Not UDN's error shape: the summary says only the status.
        }
      }
    }
    done(null, payload);
  });

  app.addHook('onResponse', async (request, reply) => {
    const state = request.auditState;
    if (!state || !request.url.startsWith('/api/v1')) return;
    const status = reply.statusCode;
    const route = request.routeOptions.url ?? pathOf(request);
    const principal = request.principal;
    try {
      if (status === 401 || status === 403) {
        const at = now();
        if (!refusalIsNew(`${request.ip} ${request.method} ${route}`, at)) return;
        const reason =
          state.refused?.reason ?? state.answered ?? (status === 403 ? 'forbidden' : 'unauthorized');
        await recordAudit(
          store,
          {
            orgId: principal?.orgId ?? null,
            actor: principal ?? 'anonymous',
            ip: request.ip,
            kind: 'access_refused',
            action: status === 401 ? 'unauthorized' : 'forbidden',
            subject: `${request.method} ${route}`,
            summary: `${status} ${request.method} ${pathOf(request)}: ${reason}`,
          },
          at,
        );
        return;
      }
      if (state.audited || SAFE_METHODS.has(request.method) || status < 200 || status >= 300) return;
      await recordAudit(store, {
        orgId: principal?.orgId ?? null,
        actor: principal ?? 'anonymous',
        ip: request.ip,
        kind: kindOfRoute(route),
        action: ACTION_OF_METHOD[request.method] ?? request.method.toLowerCase(),
        subject: pathOf(request),
        summary: `${request.method} ${pathOf(request)} → ${status}`,
      });
    } catch (error) {
      onError(error);
    }
  });

  return (request, status, reason) => {
    if (request.auditState) request.auditState.refused = { status, reason };
  };
}
