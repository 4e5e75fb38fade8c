import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  goalTargetSchema,
  targetCreateSchema,
  targetUpdateEntrySchema,
  targetUpdateSchema,
  targetValueUpdateSchema,
  whoQuerySchema,
} from '../../core/contracts/goals.ts';
import {
  createTarget,
  deleteTarget,
  recordTargetValue,
  targetHistory,
  updateTarget,
} from '../../services/goals/targets-service.ts';
import { principalOf } from '../access/route-guard.ts';
import { announce } from '../live-announce.ts';
import { apiErrorSchema, inputErrors, quotaNote } from '../openapi-schemas.ts';
import type { ServerContext } from '../server-context.ts';
import { auditRecord } from './record-audit.ts';

const goalParams = z.object({ id: z.coerce.number().int().positive() });
const targetParams = z.object({
  goalId: z.coerce.number().int().positive(),
  targetId: z.coerce.number().int().positive(),
});

/** A goal's targets and the history of the values typed into them. */
export function goalTargetRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/goals/:id/targets',
      {
        config: { access: 'write' },
        schema: {
          tags: ['goals'],
          summary: 'Add a target to a goal',
          description: `number / currency: target_value (start_value, current_value); boolean: done; tasks: nothing (link tasks to it); kpi: metric, scope (default org), direction, target_value. A field that does not belong to the kind, or a value it cannot take (a negative amount, a fractional count, a rate outside 0..1), is a 400 naming it. ${quotaNote}`,
          params: goalParams,
          body: targetCreateSchema,
          response: { 201: goalTargetSchema, ...inputErrors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const { value, dataVersion } = await createTarget(ctx.store, org, request.params.id, request.body, {
          as: principalOf(request),
        });
        announce(ctx, org, dataVersion);
        await auditRecord(ctx, request, {
          kind: 'target',
          action: 'created',
          subject: String(value.id),
          summary: `added target "${value.name}" to goal ${value.goal_id}`,
          after: { name: value.name, kind: value.kind, target_value: value.target_value, scope: value.scope },
        });
        return reply.code(201).send(value);
      },
    );

    app.patch(
      '/goals/:goalId/targets/:targetId',
      {
        config: { access: 'write' },
        schema: {
          tags: ['goals'],
          summary: 'Change a target (its kind cannot change; values typed by hand go through …/updates)',
          description:
            '`is_quota: true` makes a KPI target the sales quota (its own target_value, or the one sent, becomes the quota); `is_quota: false` makes it independent, keeping the quota’s value as its own. A write that changes a quota needs `updated_by` and is recorded (GET /quotas/history).',
          params: targetParams,
          body: targetUpdateSchema,
          response: { 200: goalTargetSchema, ...inputErrors },
        },
      },
      async (request) => {
        const org = await ctx.org(request);
        const { goalId, targetId } = request.params;
        const { value, dataVersion, before } = await updateTarget(
          ctx.store,
          org,
          goalId,
          targetId,
          request.body,
          { as: principalOf(request) },
        );
        announce(ctx, org, dataVersion);
        const { updated_by: _who, ...changes } = request.body;
        await auditRecord(ctx, request, {
          kind: 'target',
          action: 'updated',
          subject: String(targetId),
          summary: `changed target "${value.name}" of goal ${goalId}`,
          before: Object.fromEntries(
            Object.keys(changes).map((key) => [
              key,
              (before as unknown as Record<string, unknown>)[key] ?? null,
            ]),
          ),
          after: changes,
        });
        return value;
      },
    );

    app.delete(
      '/goals/:goalId/targets/:targetId',
      {
        config: { access: 'write' },
        schema: {
          tags: ['goals'],
          summary: 'Delete a target',
          description:
            'A user goal’s target never takes a sales quota with it. A quota goal’s target deletes its quota unless another goal target is that quota; that needs `updated_by` (recorded in GET /quotas/history).',
          params: targetParams,
          querystring: whoQuerySchema,
          response: { 204: z.null().describe('Deleted'), ...inputErrors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const { goalId, targetId } = request.params;
        const { value: target, dataVersion } = await deleteTarget(ctx.store, org, goalId, targetId, {
          updatedBy: request.query.updated_by,
          as: principalOf(request),
        });
        announce(ctx, org, dataVersion);
        await auditRecord(ctx, request, {
          kind: 'target',
          action: 'deleted',
          subject: String(targetId),
          summary: `deleted target "${target.name}" of goal ${goalId}`,
          before: {
            name: target.name,
            kind: target.kind,
            target_value: target.target_value,
            scope: target.scope,
          },
        });
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/goals/:goalId/targets/:targetId/updates',
      {
        config: { access: 'write' },
        schema: {
          tags: ['goals'],
          summary: 'Record a new value of a number, currency or true/false target, with who and a note',
          params: targetParams,
          body: targetValueUpdateSchema,
          response: {
            201: z.object({ update: targetUpdateEntrySchema, target: goalTargetSchema }),
            ...inputErrors,
          },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const { goalId, targetId } = request.params;
        const { before, ...result } = await recordTargetValue(
          ctx.store,
          org,
          goalId,
          targetId,
          request.body,
          {
            as: principalOf(request),
          },
        );
        announce(ctx, org, null);
        await auditRecord(ctx, request, {
          kind: 'target',
          action: 'value_recorded',
          subject: String(targetId),
          summary: `recorded ${result.update.value} on target "${result.target.name}" of goal ${goalId}`,
          before: { value: before.kind === 'boolean' ? before.done : before.current_value },
          after: { value: result.update.value, note: result.update.note },
        });
        return reply.code(201).send(result);
      },
    );

    app.get(
      '/goals/:goalId/targets/:targetId/updates',
      {
        config: { access: 'read' },
        schema: {
          tags: ['goals'],
          summary: 'The history of a target’s values, newest first',
          params: targetParams,
          response: { 200: z.array(targetUpdateEntrySchema), 404: apiErrorSchema },
        },
      },
      async (request) => {
        const { goalId, targetId } = request.params;
        return targetHistory(ctx.store, await ctx.org(request), goalId, targetId, {
          as: principalOf(request),
        });
      },
    );
  };
}
