import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TOKEN_SCOPES } from '../../core/access/roles.ts';
import { decideRoute } from '../../core/access/route-access.ts';
import { DomainError, unauthorized } from '../../core/errors.ts';
import type { TokenUse } from '../../services/access/api-tokens.ts';
import { issueToken, listTokens, revokeToken, tokenItem } from '../../services/access/token-management.ts';
import { auditRequest } from '../access/audit-request.ts';
import { principalOf } from '../access/route-guard.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import { RATE_LIMITS } from '../security/rate-limits.ts';
import type { ServerContext } from '../server-context.ts';

const tokenItemSchema = z.object({
  id: z.number(),
  name: z.string(),
  scope: z.enum(TOKEN_SCOPES),
  prefix: z.string().describe('The first characters of the token, to recognise it by'),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  userId: z.string(),
  userEmail: z.string().nullable(),
});

/** The person behind the request: a session or a token (a share link never reaches these routes). */
const personOf = (request: FastifyRequest) => {
  const principal = principalOf(request);
  if (principal.userId === null) throw unauthorized('sign in as a person to manage tokens');
  return { ...principal, userId: principal.userId };
};

/** Whether the caller may act on everyone's tokens: what an admin route lets through. */
const actsAsAdmin = (request: FastifyRequest, method: string) =>
  decideRoute(principalOf(request), 'admin', method).allowed;

/** Personal access tokens: one's own, and (admins) everyone's in the organisation. */
export function tokenRoutes(ctx: ServerContext, tokenUse?: TokenUse): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tokens',
      {
        config: { access: 'account' },
        schema: {
          tags: ['access'],
          summary: "My tokens in this organisation; `all=true` (admins): everyone's",
          querystring: z.object({ all: z.enum(['true', 'false']).optional() }),
          response: { 200: z.object({ tokens: z.array(tokenItemSchema) }), 403: apiErrorSchema },
        },
      },
      async (request) => {
        const person = personOf(request);
        const all = request.query.all === 'true';
        if (all && !actsAsAdmin(request, 'GET')) {
          throw new DomainError('forbidden', "only owners and admins see everyone's tokens", {
            field: 'all',
          });
        }
        const noted = (id: number) => tokenUse?.noted(id);
        return { tokens: await listTokens(ctx.store, person.orgId, all ? undefined : person.userId, noted) };
      },
    );

    app.post(
      '/tokens',
      {
        config: { access: 'account', rateLimit: RATE_LIMITS.tokenCreation },
        schema: {
          tags: ['access'],
          summary: 'Create a personal access token (its secret is in this answer only)',
          description:
            'The scope is never above what the role may do: owners and admins up to admin, managers and reps up to write, viewers read. A token makes no token of a wider scope than its own. `expiresInDays` 1–3650, or null for no expiry. Send the token as `Authorization: Bearer <token>`.',
          body: z.object({
            name: z.string(),
            scope: z.string(),
            expiresInDays: z.number().nullable().default(null),
          }),
          response: {
            201: z.object({ token: z.string(), item: tokenItemSchema }),
            400: apiErrorSchema,
            403: apiErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const person = personOf(request);
        const { token, row } = await issueToken(ctx.store, {
          orgId: person.orgId,
          userId: person.userId,
          role: person.role,
          callerScope: person.scope,
          name: request.body.name,
          scope: request.body.scope,
          expiresInDays: request.body.expiresInDays,
        });
        const item = tokenItem(row, person.email);
        await auditRequest(ctx.store, request, {
          kind: 'token',
          action: 'created',
          subject: String(row.id),
          summary: `token "${row.name}" (${row.scope}, ${row.prefix}…) created for ${person.email ?? person.userId}`,
          after: { name: row.name, scope: row.scope, prefix: row.prefix, expiresAt: item.expiresAt },
        });
        // The secret is in this answer once: no cache keeps it.
        return reply.code(201).header('cache-control', 'no-store').send({ token, item });
      },
    );

    app.delete(
      '/tokens/:id',
      {
        config: { access: 'account' },
        schema: {
          tags: ['access'],
          summary: 'Revoke a token at once (one’s own; admins: anyone’s in the organisation)',
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 200: tokenItemSchema, 404: apiErrorSchema },
        },
      },
      async (request) => {
        const person = personOf(request);
        const { item, revokedNow } = await revokeToken(
          ctx.store,
          person.orgId,
          request.params.id,
          actsAsAdmin(request, 'DELETE') ? null : person.userId,
        );
        if (revokedNow) {
          await auditRequest(ctx.store, request, {
            kind: 'token',
            action: 'revoked',
            subject: String(item.id),
            summary: `token "${item.name}" (${item.scope}, ${item.prefix}…) of ${item.userEmail ?? item.userId} revoked`,
          });
        } else if (request.auditState) {
          // Revoked before: nothing changed, nothing to record.
          request.auditState.audited = true;
        }
        return item;
      },
    );
  };
}
