import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../core/access/roles.ts';
import { listMemberViews, removeMember, updateMember } from '../../services/access/members.ts';
import { principalOf } from '../access/route-guard.ts';
import { apiErrorSchema, inputErrors } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';

export const memberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  repId: z.string().nullable(),
  repName: z.string().nullable(),
  teams: z.array(z.string()),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
});

const userParams = z.object({ userId: z.string().min(1).max(200) });

const refusals = { 403: apiErrorSchema, 409: apiErrorSchema };

/** The organisation's members: who they are, their role, rep record and teams. */
export function memberRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/members',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['members'],
          summary: "The organisation's members",
          response: { 200: z.object({ members: z.array(memberSchema) }) },
        },
      },
      async (request) => ({ members: await listMemberViews(ctx.store, principalOf(request).orgId) }),
    );

    app.patch(
      '/members/:userId',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['members'],
          summary: "Change a member's role, rep record or teams",
          description:
            "Only an owner makes, changes or demotes an owner (403); the last owner cannot be demoted (409). `teams` name teams of reps.csv (a manager's); `repId` a rep record. A rep without `repId` is linked to the rep record with their e-mail.",
          params: userParams,
          body: z
            .object({
              role: z.enum(ROLES).optional(),
              repId: z.string().trim().min(1).max(200).nullable().optional(),
              teams: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
            })
            .strict(),
          response: { 200: memberSchema, ...inputErrors, ...refusals },
        },
      },
      async (request) => {
        const member = await updateMember(
          ctx.store,
          { principal: principalOf(request), ip: request.ip },
          request.params.userId,
          request.body,
        );
        return member;
      },
    );

    app.delete(
      '/members/:userId',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['members'],
          summary: 'Remove a member from the organisation (their account stays)',
          description: 'Only an owner removes an owner (403); the last owner cannot be removed (409).',
          params: userParams,
          response: { 204: z.null().describe('Removed'), 404: apiErrorSchema, ...refusals },
        },
      },
      async (request, reply) => {
        await removeMember(
          ctx.store,
          { principal: principalOf(request), ip: request.ip },
          request.params.userId,
        );
        return reply.code(204).send(null);
      },
    );
  };
}
