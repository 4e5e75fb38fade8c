import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createResetLink, type ResetLinkAuth } from '../../auth/password-reset.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import { findMember } from '../../db/members-repo.ts';
import { findUserById } from '../../db/users-repo.ts';
import { recordAudit } from '../../services/access/audit.ts';
import { principalOf } from '../access/route-guard.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';

/** Where the admin's browser reached this server, unless the public address is fixed (UDN_PUBLIC_URL). */
const appOrigin = (request: FastifyRequest): string =>
  process.env.UDN_PUBLIC_URL?.trim() || `${request.protocol}://${request.host}`;

/** Only the headers that say which address the request came to: no credential is passed on. */
const addressHeaders = (request: FastifyRequest): Headers => {
  const headers = new Headers();
  for (const name of ['host', 'x-forwarded-host', 'x-forwarded-proto']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  return headers;
};

const resetLinkSchema = z.object({ url: z.string(), expiresAt: z.string() });

/**
 * A one-time password reset link an admin copies and hands to a member (the way in when no SMTP
 * server is configured): better-auth's own reset token, refused once used or expired.
 */
export function resetLinkRoutes(ctx: ServerContext, auth: () => ResetLinkAuth): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/members/:userId/reset-link',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['members'],
          summary: "A one-time link that sets a member's new password",
          params: z.object({ userId: z.string().min(1).max(100) }),
          response: { 200: resetLinkSchema, 403: apiErrorSchema, 404: apiErrorSchema },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const { userId } = request.params;
        // Members of another organisation are not this admin's to reach, so they are not found.
        const member = await findMember(ctx.store.db, principal.orgId, userId);
        const user = member ? await findUserById(ctx.store.db, userId) : undefined;
        if (!member || !user) throw notFound('member', userId, 'userId');
        // A reset link is the account itself: an admin handing out an owner's would outrank them.
        if (member.role === 'owner' && principal.role !== 'owner')
          throw forbidden("only an owner makes a reset link for an owner's account", {
            reason: 'owner_only',
          });
        const link = await createResetLink(auth(), {
          email: user.email,
          appOrigin: appOrigin(request),
          headers: addressHeaders(request),
        });
        await recordAudit(ctx.store, {
          orgId: principal.orgId,
          actor: principal,
          ip: request.ip,
          kind: 'member',
          action: 'reset_link',
          subject: userId,
          summary: `made a one-time password reset link for ${user.email} (valid until ${link.expiresAt})`,
        });
        return link;
      },
    );
  };
}
