import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../../core/access/principal.ts';
import type { MeResponse, SsoSummary } from '../../core/contracts/access.ts';
import { invalid, notFound, unauthorized } from '../../core/errors.ts';
import { membershipsOf } from '../../db/members-repo.ts';
import { findOrg, findOrgBySlug } from '../../db/org-repo.ts';
import { twoFactorEnabled } from '../../db/user-security-repo.ts';
import { findUserById } from '../../db/users-repo.ts';
import { recordAudit } from '../../services/access/audit.ts';
import type { SessionPrincipal } from '../../services/access/session-principal.ts';
import { viewAsTarget } from '../../services/access/view-as.ts';
import { principalOf } from '../access/route-guard.ts';
import { ORG_COOKIE, type SessionResolver, sessionOf, VIEW_AS_COOKIE } from '../auth/session-resolver.ts';
import type { ServerContext } from '../server-context.ts';

const YEAR_S = 365 * 24 * 3600;

const cookieOptions = (request: FastifyRequest) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: request.protocol === 'https',
});

/** GET /csrf, GET /me, POST /me/org, POST and DELETE /view-as. */
export function meRoutes(
  ctx: ServerContext,
  sessions: SessionResolver,
  sso: SsoSummary,
): FastifyPluginAsyncZod {
  async function meOf(principal: Principal, session: SessionPrincipal | undefined): Promise<MeResponse> {
    const userId = principal.viewAs?.actorUserId ?? principal.userId;
    if (userId === null) throw unauthorized('a share link has no account');
    const user = session
      ? session.user
      : await (async () => {
          const found = await findUserById(ctx.store.db, userId);
          if (!found) throw unauthorized('this account no longer exists');
          return { ...found, twoFactorEnabled: await twoFactorEnabled(ctx.store.db, userId) };
        })();
    const memberships = session?.memberships ?? (await membershipsOf(ctx.store.db, userId));
    const org = await ctx.orgById(principal.orgId);
    const orgs = [];
    for (const member of memberships) {
      const found = member.orgId === org.id ? org : await findOrg(ctx.store.db, member.orgId);
      if (found) orgs.push({ id: found.id, slug: found.slug, name: found.name, role: member.role });
    }
    return {
      user: { id: user.id, name: user.name, email: user.email, twoFactorEnabled: user.twoFactorEnabled },
      org: { id: org.id, slug: org.slug, name: org.name, openLeaderboard: org.open_leaderboard },
      role: principal.role,
      repId: principal.repId,
      teams: [...principal.teams],
      orgs,
      via: principal.via,
      viewAs:
        principal.viewAs && principal.userId
          ? {
              userId: principal.userId,
              name: principal.name ?? '',
              email: principal.email ?? '',
              role: principal.role,
            }
          : null,
      sso,
    };
  }

  /** The `me` of the session as it is once the cookies just set are sent back. */
  async function meAfter(
    request: FastifyRequest,
    overrides: { orgSlug?: string | undefined; viewAsUserId?: string | undefined },
  ): Promise<MeResponse> {
    const found = await sessions.resolveWith(request, overrides);
    if (!found) throw unauthorized();
    return meOf(found.principal, found);
  }

  const sessionRequired = (request: FastifyRequest, field: string): SessionPrincipal => {
    const session = sessionOf(request);
    if (!session)
      throw invalid(field, 'only a person signed in with a session cookie can do this (not a token)');
    return session;
  };

  const clearViewAs = (request: FastifyRequest, reply: FastifyReply) =>
    reply.clearCookie(VIEW_AS_COOKIE, cookieOptions(request));

  return async (app) => {
    app.get(
      '/csrf',
      {
        config: { access: 'public' },
        schema: {
          tags: ['account'],
          summary: 'A token for cookie-authenticated changes (header x-csrf-token)',
        },
      },
      async (request, reply) => ({ token: reply.generateCsrf(cookieOptions(request)) }),
    );

    app.get(
      '/me',
      {
        config: { access: 'account' },
        schema: { tags: ['account'], summary: 'Who is signed in, in which organisation, with which role' },
      },
      async (request) => meOf(principalOf(request), sessionOf(request)),
    );

    app.post(
      '/me/org',
      {
        config: { access: 'account' },
        schema: {
          tags: ['account'],
          summary: 'Switch to another organisation the person belongs to',
          body: z.object({ slug: z.string().min(1).max(100) }),
        },
      },
      async (request, reply) => {
        const session = sessionRequired(request, 'slug');
        const org = await findOrgBySlug(ctx.store.db, request.body.slug);
        if (!org || !session.memberships.some((m) => m.orgId === org.id))
          throw notFound('organisation', request.body.slug, 'slug');
        reply.setCookie(ORG_COOKIE, org.slug, { ...cookieOptions(request), maxAge: YEAR_S });
        clearViewAs(request, reply);
        return meAfter(request, { orgSlug: org.slug, viewAsUserId: undefined });
      },
    );

    app.post(
      '/view-as',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['account'],
          summary: 'Look at the app as a member of the organisation (read-only)',
          body: z.object({ userId: z.string().min(1).max(200) }),
        },
      },
      async (request, reply) => {
        const session = sessionRequired(request, 'userId');
        const principal = principalOf(request);
        if (request.body.userId === session.user.id) throw invalid('userId', 'is yourself');
        const target = await viewAsTarget(
          ctx.store,
          { userId: session.user.id, orgId: principal.orgId, role: principal.role },
          request.body.userId,
        );
        if (!target) throw notFound('member', request.body.userId, 'userId');
        reply.setCookie(VIEW_AS_COOKIE, target.user.id, cookieOptions(request));
        await recordAudit(ctx.store, {
          orgId: principal.orgId,
          actor: principal,
          ip: request.ip,
          kind: 'view_as',
          action: 'started',
          subject: target.user.id,
          summary: `${session.user.email} views the app as ${target.user.email} (${target.member.role})`,
        });
        return meAfter(request, { viewAsUserId: target.user.id });
      },
    );

    // Public, since "view as" is read-only and stopping it must work while it is on; a session is required.
    app.delete(
      '/view-as',
      { config: { access: 'public' }, schema: { tags: ['account'], summary: 'Stop viewing as a member' } },
      async (request, reply) => {
        const principal = request.principal;
        if (!principal) throw unauthorized();
        sessionRequired(request, 'cookie');
        clearViewAs(request, reply);
        if (principal.viewAs) {
          await recordAudit(ctx.store, {
            orgId: principal.orgId,
            actor: principal,
            ip: request.ip,
            kind: 'view_as',
            action: 'stopped',
            subject: principal.userId,
            summary: `${principal.viewAs.actorEmail} stopped viewing the app as ${principal.email ?? principal.userId}`,
          });
        }
        return meAfter(request, { viewAsUserId: undefined });
      },
    );
  };
}
