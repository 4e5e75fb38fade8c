import { LRUCache } from 'lru-cache';
import { memberPrincipal, type Principal } from '../../core/access/principal.ts';
import { forbidden } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import { type MemberRecord, membershipsOf } from '../../db/members-repo.ts';
import { findOrgBySlug } from '../../db/org-repo.ts';
import { viewAsTarget } from './view-as.ts';

/** The person behind a session, as better-auth answers it. */
export interface SessionUser {
  id: string;
  name: string;
  email: string;
  twoFactorEnabled: boolean;
}

/** A session's principal and what `/api/v1/me` tells besides it. */
export interface SessionPrincipal {
  principal: Principal;
  /** The person signed in (while viewing as, the owner or admin, not the member looked at). */
  user: SessionUser;
  /** The signed-in person's own role in the active organisation. */
  actorRole: Principal['role'];
  memberships: readonly MemberRecord[];
}

export interface SessionCredentials {
  /** The session cookie's value (signed token), undefined when absent. */
  sessionCookie: string | undefined;
  /** Cookie udn_org: the organisation chosen (slug). */
  orgSlug: string | undefined;
  /** Cookie udn_view_as: the member an owner or admin looks at the app as (user id). */
  viewAsUserId: string | undefined;
}

/** Asks better-auth whom a session cookie belongs to; null when forged, expired or signed out. */
export type SessionLookup = () => Promise<SessionUser | null>;

interface CacheEntry {
  value: SessionPrincipal | null;
  userId: string | null;
}

// A few seconds: a session's principal is asked for on every request, and members change rarely;
// sign-out, revocation and role changes drop the entries at once, on every server of a PostgreSQL
// database too (principal-changes.ts memberChanged).
const cache = new LRUCache<string, CacheEntry>({ max: 10_000, ttl: 5_000 });

/** Drops cached sessions: one person's (sign-out, revoked sessions, role changed) or everyone's. */
export function forgetSessions(userId?: string): void {
  if (userId === undefined) {
    cache.clear();
    return;
  }
  for (const [key, entry] of cache.entries()) if (entry.userId === userId) cache.delete(key);
}

const toPrincipal = (user: SessionUser, member: MemberRecord): Principal =>
  memberPrincipal('session', user, member);

async function resolve(
  store: Store,
  credentials: SessionCredentials,
  lookup: SessionLookup,
): Promise<SessionPrincipal | null> {
  const user = await lookup();
  if (!user) return null;
  const memberships = await membershipsOf(store.db, user.id);
  if (memberships.length === 0) {
    throw forbidden('you belong to no organisation yet: ask an admin for an invitation', {
      reason: 'no_org',
    });
  }
  const chosen = credentials.orgSlug ? await findOrgBySlug(store.db, credentials.orgSlug) : undefined;
  const member = memberships.find((m) => m.orgId === chosen?.id) ?? memberships[0]!;
  const own = toPrincipal(user, member);
  const base = { user, actorRole: member.role, memberships };
  if (credentials.viewAsUserId === undefined) return { principal: own, ...base };
  const target = await viewAsTarget(
    store,
    { userId: user.id, orgId: member.orgId, role: member.role },
    credentials.viewAsUserId,
  );
  if (!target) return { principal: own, ...base };
  return {
    principal: {
      ...toPrincipal({ ...target.user, twoFactorEnabled: false }, target.member),
      viewAs: { actorUserId: user.id, actorEmail: user.email },
    },
    ...base,
  };
}

/**
 * The principal of a session cookie in the organisation chosen (cookie udn_org, when a member
 * there; else the first membership), as the member looked at while "view as" is on: undefined
 * without a session cookie, null when the session is not valid. Answers are kept a few seconds.
 */
export async function sessionPrincipal(
  store: Store,
  credentials: SessionCredentials,
  lookup: SessionLookup,
): Promise<SessionPrincipal | null | undefined> {
  if (!credentials.sessionCookie) return undefined;
  const key = `${credentials.sessionCookie}\n${credentials.orgSlug ?? ''}\n${credentials.viewAsUserId ?? ''}`;
  const cached = cache.get(key);
  if (cached) return cached.value;
  const value = await resolve(store, credentials, lookup);
  cache.set(key, { value, userId: value?.user.id ?? null });
  return value;
}
