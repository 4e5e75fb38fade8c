import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, type UdnAuth } from '../../auth/auth-instance.ts';
import { DomainError } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import {
  type SessionCredentials,
  type SessionPrincipal,
  type SessionUser,
  sessionPrincipal,
} from '../../services/access/session-principal.ts';
import type { PrincipalResolver } from '../access/route-guard.ts';

/** The organisation a person chose (its slug), kept between visits. */
export const ORG_COOKIE = 'udn_org';
/** The member an owner or admin looks at the app as (a user id). */
export const VIEW_AS_COOKIE = 'udn_view_as';

const sessions = new WeakMap<FastifyRequest, SessionPrincipal>();

/** The session behind a request's principal (undefined for tokens, share links, the anonymous). */
export const sessionOf = (request: FastifyRequest): SessionPrincipal | undefined => sessions.get(request);

const usersWithoutOrg = new WeakMap<FastifyRequest, SessionUser>();

/**
 * The person signed in on a public route, with or without an organisation: accepting an
 * invitation joins them rather than making a new person, even when they belong nowhere yet.
 */
export const signedInUserOf = (request: FastifyRequest): SessionUser | undefined =>
  sessions.get(request)?.user ?? usersWithoutOrg.get(request);

export interface SessionResolver {
  resolver: PrincipalResolver;
  /** The session's principal as it would be with other organisation / view-as cookies. */
  resolveWith(
    request: FastifyRequest,
    overrides: Partial<Pick<SessionCredentials, 'orgSlug' | 'viewAsUserId'>>,
  ): Promise<SessionPrincipal | null | undefined>;
}

/**
 * The session cookie's resolver (after the bearer token's): better-auth says whose session it is,
 * services/access/session-principal.ts makes the principal of it.
 */
export function sessionResolver(app: FastifyInstance, store: Store, auth: UdnAuth): SessionResolver {
  const credentialsOf = (request: FastifyRequest): SessionCredentials => {
    const cookies = request.headers.cookie ? app.parseCookie(request.headers.cookie) : {};
    return {
      sessionCookie: cookies[SESSION_COOKIE] || undefined,
      orgSlug: cookies[ORG_COOKIE] || undefined,
      viewAsUserId: cookies[VIEW_AS_COOKIE] || undefined,
    };
  };
  const lookup = (request: FastifyRequest) => async (): Promise<SessionUser | null> => {
    const headers = new Headers({ cookie: request.headers.cookie ?? '', host: request.host });
    const found = await auth.api.getSession({ headers, query: { disableRefresh: true } });
    if (!found) return null;
    const user = found.user as typeof found.user & { twoFactorEnabled?: boolean | null };
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      twoFactorEnabled: user.twoFactorEnabled === true,
    };
  };
  const resolveWith: SessionResolver['resolveWith'] = (request, overrides) =>
    sessionPrincipal(store, { ...credentialsOf(request), ...overrides }, lookup(request));
  return {
    resolveWith,
    resolver: async (request) => {
      try {
        const found = await resolveWith(request, {});
        if (!found) return found;
        sessions.set(request, found);
        return found.principal;
      } catch (error) {
        // Someone in no organisation yet may still sign out, accept an invitation, see the setup page.
        if (
          error instanceof DomainError &&
          error.params.reason === 'no_org' &&
          request.routeOptions.config.access === 'public'
        ) {
          const user = await lookup(request)();
          if (user) usersWithoutOrg.set(request, user);
          return undefined;
        }
        throw error;
      }
    },
  };
}
