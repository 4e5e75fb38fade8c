import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  goalCreateSchema,
  goalSchema,
  goalUpdateSchema,
  todayQuerySchema,
  whoQuerySchema,
} from '../../core/contracts/goals.ts';
import { createGoal, deleteGoal, goalOf, updateGoal } from '../../services/goals/goals-service.ts';
import { principalOf } from '../access/route-guard.ts';
import { announce } from '../live-announce.ts';
import { apiErrorSchema, inputErrors, quotaNote } from '../openapi-schemas.ts';
import { clockOf } from '../request-clock.ts';
import type { ServerContext } from '../server-context.ts';
import { auditRecord } from './record-audit.ts';

const goalParams = z.object({ id: z.coerce.number().int().positive() });

/** One goal: read it with its targets, progress and pacing; create, change or delete it. */
export function goalRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/goals/:id',
      {
        config: { access: 'read' },
        schema: {
          tags: ['goals'],
          summary: 'One goal with its targets, progress and pacing',
          params: goalParams,
          querystring: todayQuerySchema,
          response: { 200: goalSchema, ...inputErrors },
        },
      },
      async (request) =>
        goalOf(ctx.store, await ctx.org(request), request.params.id, {
          ...clockOf(request.query),
          as: principalOf(request),
        }),
    );

    app.post(
      '/goals',
      {
        config: { access: 'write' },
        schema: {
          tags: ['goals'],
          summary: 'Create a goal, optionally with its targets',
          description: quotaNote,
          body: goalCreateSchema,
          response: { 201: goalSchema, ...inputErrors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const { value, dataVersion } = await createGoal(ctx.store, org, request.body, {
          as: principalOf(request),
        });
        announce(ctx, org, dataVersion);
        await auditRecord(ctx, request, {
          kind: 'goal',
          action: 'created',
          subject: String(value.id),
          summary: `created goal "${value.name}"${value.isPrivate ? ' (private)' : ''}`,
          after: { name: value.name, shares: value.shares, isPrivate: value.isPrivate },
        });
        return reply.code(201).send(value);
      },
    );

    app.patch(
      '/goals/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: ['goals'],
          summary: 'Change a goal (send the `version` you loaded; a stale one gets 409)',
          params: goalParams,
          body: goalUpdateSchema,
          response: { 200: goalSchema, ...inputErrors, 409: apiErrorSchema },
        },
      },
      async (request) => {
        const org = await ctx.org(request);
        const { value, dataVersion } = await updateGoal(ctx.store, org, request.params.id, request.body, {
          as: principalOf(request),
        });
        announce(ctx, org, dataVersion);
        const { version: _version, ...changes } = request.body;
        await auditRecord(ctx, request, {
          kind: 'goal',
          action: 'updated',
          subject: String(value.id),
          summary: `changed goal "${value.name}" (${Object.keys(changes).join(', ') || 'nothing'})`,
          after: changes,
        });
        return value;
      },
    );

    app.delete(
      '/goals/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: ['goals'],
          summary: 'Delete a goal with its targets (tasks stay, unlinked)',
          description:
            'A user goal never takes a sales quota with it. Deleting a quota goal deletes its quotas no other goal target is; that needs `updated_by` (recorded in GET /quotas/history).',
          params: goalParams,
          querystring: whoQuerySchema,
          response: { 204: z.null().describe('Deleted'), ...inputErrors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const { value: goal, dataVersion } = await deleteGoal(ctx.store, org, request.params.id, {
          updatedBy: request.query.updated_by,
          as: principalOf(request),
        });
        announce(ctx, org, dataVersion);
        await auditRecord(ctx, request, {
          kind: 'goal',
          action: 'deleted',
          subject: String(goal.id),
          summary: `deleted goal "${goal.name}"`,
          before: { name: goal.name },
        });
        return reply.code(204).send(null);
      },
    );
  };
}
