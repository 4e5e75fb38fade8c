import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../core/access/roles.ts';
import {
  acceptInvitation,
  createInvitation,
  type InvitationMailer,
  listInvitationViews,
  lookupInvitation,
  revokeInvitationById,
} from '../../services/access/invitations.ts';
import { principalOf } from '../access/route-guard.ts';
import { signedInUserOf } from '../auth/session-resolver.ts';
import { apiErrorSchema, inputErrors } from '../openapi-schemas.ts';
import { RATE_LIMITS } from '../security/rate-limits.ts';
import type { ServerContext } from '../server-context.ts';

export const invitationSchema = z.object({
  id: z.number(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  repId: z.string().nullable(),
  teams: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  invitedBy: z.string().nullable(),
});

const idParams = z.object({ id: z.coerce.number().int().positive() });
const token = z.string().min(1).max(200);

/**
 * Invitations by e-mail or by link. `mailer` sends the e-mail when the server can (SMTP
 * configured); without one, the link is only shown to the admin (`emailed: false`).
 */
export function invitationRoutes(
  ctx: ServerContext,
  options: { mailer?: InvitationMailer | undefined } = {},
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/invitations',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['members'],
          summary: "The organisation's invitations, newest first",
          response: { 200: z.object({ invitations: z.array(invitationSchema) }) },
        },
      },
      async (request) => ({ invitations: await listInvitationViews(ctx.store, principalOf(request).orgId) }),
    );

    app.post(
      '/invitations',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['members'],
          summary: 'Invite a person by e-mail, or make a link anyone holding it may accept once',
          description:
            'Without `email` the invitation is a link. `url` (the web path `/invite/<token>`) holds the secret and is shown only here. Only an owner invites an owner. Expires after `expiresInDays` (default 7).',
          body: z
            .object({
              email: z.email().max(320).nullish(),
              role: z.enum(ROLES),
              repId: z.string().trim().min(1).max(200).nullish(),
              teams: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
              expiresInDays: z.number().int().min(1).max(90).optional(),
              locale: z.enum(['en', 'id']).optional(),
            })
            .strict(),
          response: {
            201: z.object({ invitation: invitationSchema, url: z.string(), emailed: z.boolean() }),
            ...inputErrors,
            403: apiErrorSchema,
            409: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const created = await createInvitation(
          ctx.store,
          { principal: principalOf(request), ip: request.ip },
          request.body,
          { baseUrl: `${request.protocol}://${request.host}`, mailer: options.mailer },
        );
        return reply.code(201).send(created);
      },
    );

    app.delete(
      '/invitations/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['members'],
          summary: 'Revoke an invitation: its link stops working at once',
          params: idParams,
          response: { 200: invitationSchema, 404: apiErrorSchema, 409: apiErrorSchema },
        },
      },
      async (request) =>
        revokeInvitationById(
          ctx.store,
          { principal: principalOf(request), ip: request.ip },
          request.params.id,
        ),
    );

    app.get(
      '/invitations/lookup',
      {
        config: { access: 'public', rateLimit: RATE_LIMITS.invitation },
        schema: {
          tags: ['members'],
          summary: 'What an invitation link offers, before accepting it',
          querystring: z.object({ token }),
          response: {
            200: z.object({
              orgName: z.string(),
              role: z.enum(ROLES),
              email: z.string().nullable(),
              expired: z.boolean(),
              accepted: z.boolean(),
              revoked: z.boolean(),
            }),
            404: apiErrorSchema,
          },
        },
      },
      async (request) => lookupInvitation(ctx.store, request.query.token),
    );

    app.post(
      '/invitations/accept',
      {
        config: { access: 'public', rateLimit: RATE_LIMITS.invitation },
        schema: {
          tags: ['members'],
          summary: 'Accept an invitation',
          description:
            "Signed in: joins the organisation with the invitation's role. Anonymous: creates the person (`name`, `email`, `password` of at least 10 characters; an e-mail that already has an account is refused: sign in first) and joins; the client then signs in. Accepted, revoked or expired invitations are refused (400, `params.rule`); an e-mail invitation accepted as another address is 403.",
          body: z
            .object({
              token,
              name: z.string().max(200).optional(),
              email: z.email().max(320).optional(),
              password: z.string().max(1000).optional(),
            })
            .strict(),
          response: {
            200: z.object({ orgSlug: z.string(), email: z.string() }),
            ...inputErrors,
            403: apiErrorSchema,
            409: apiErrorSchema,
          },
        },
      },
      async (request) =>
        acceptInvitation(
          ctx.store,
          request.principal,
          request.body,
          request.ip,
          signedInUserOf(request)?.id ?? null,
        ),
    );
  };
}
