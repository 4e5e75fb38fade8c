import type { Principal } from './principal.ts';
import { ROLES, type Role, TOKEN_SCOPES, type TokenScope } from './roles.ts';

/**
 * What a route asks of its caller, declared on every route (`config.access`); a route without one
 * does not start (src/server/access/route-guard.ts).
 * - public: anyone, signed in or not (health, sign-in, the setup page, a share link's entry);
 * - account: a signed-in person, whatever organisation (who am I, my organisations, my tokens);
 * - read: a member of the organisation, any role; what they see is then filtered by the policy;
 * - share-read: as read, and also a share link (the aggregates its dashboards show);
 * - write: members who change things (not viewers), tokens of scope write or admin; what they may
 *   change is then checked per record (goals, tasks, dashboards);
 * - admin: owners and admins; tokens of scope admin.
 */
export const ROUTE_ACCESS = ['public', 'account', 'read', 'share-read', 'write', 'admin'] as const;
export type RouteAccess = (typeof ROUTE_ACCESS)[number];

interface AccessRule {
  /** Roles let through (of the member acted as). */
  roles: readonly Role[];
  /** Token scopes let through. */
  scopes: readonly TokenScope[];
  /** Whether a share link may call it. */
  share: boolean;
  /** Whether "view as" (read-only) may call it. */
  viewAs: boolean;
}

const EVERY_ROLE = ROLES;
const WRITERS: readonly Role[] = ['owner', 'admin', 'manager', 'rep'];
const ADMINS: readonly Role[] = ['owner', 'admin'];

/** The policy of routes, as data: tested as a table (route-access.test.ts). */
export const ROUTE_RULES: Readonly<Record<Exclude<RouteAccess, 'public'>, AccessRule>> = {
  account: { roles: EVERY_ROLE, scopes: TOKEN_SCOPES, share: false, viewAs: true },
  read: { roles: EVERY_ROLE, scopes: TOKEN_SCOPES, share: false, viewAs: true },
  'share-read': { roles: EVERY_ROLE, scopes: TOKEN_SCOPES, share: true, viewAs: true },
  write: { roles: WRITERS, scopes: ['write', 'admin'], share: false, viewAs: false },
  admin: { roles: ADMINS, scopes: ['admin'], share: false, viewAs: false },
};

export type RouteDecision = { allowed: true } | { allowed: false; status: 401 | 403; reason: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether `principal` may call a route declared `access` with `method`. */
export function decideRoute(principal: Principal | null, access: RouteAccess, method: string): RouteDecision {
  if (access === 'public') return { allowed: true };
  if (!principal) return { allowed: false, status: 401, reason: 'sign in first' };
  const rule = ROUTE_RULES[access];
  const safe = SAFE_METHODS.has(method.toUpperCase());
  if (principal.share) {
    return rule.share && safe
      ? { allowed: true }
      : { allowed: false, status: 403, reason: 'a share link only shows its dashboards' };
  }
  if (principal.viewAs && !(rule.viewAs && safe)) {
    return {
      allowed: false,
      status: 403,
      reason: '"view as" is read-only: stop viewing as to change anything',
    };
  }
  if (principal.scope !== null && !rule.scopes.includes(principal.scope)) {
    return {
      allowed: false,
      status: 403,
      reason: `this token's scope is ${principal.scope}: this needs ${access === 'admin' ? 'admin' : 'write'}`,
    };
  }
  // A read token cannot write through a read route's non-GET method (sign-out, marking read…).
  if (principal.scope === 'read' && !safe) {
    return { allowed: false, status: 403, reason: "this token's scope is read: it cannot change anything" };
  }
  if (!rule.roles.includes(principal.role)) {
    return { allowed: false, status: 403, reason: `a ${principal.role} may not do this` };
  }
  return { allowed: true };
}
