import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { firstOfMonth, lastOfMonth, parseIsoDate, partsFromEpochDay } from '../../core/calendar-date.ts';
import { goalListQuerySchema } from '../../core/contracts/goal-list-query.ts';
import {
  goalCreateSchema,
  goalFolderCreateSchema,
  goalFolderUpdateSchema,
  goalListSchema,
  goalMapSchema,
  goalProgressSchema,
  goalSchema,
  goalsQuerySchema,
  goalTargetSchema,
  goalUpdateSchema,
  leaderboardQuerySchema,
  leaderboardSchema,
  quotaChangeSchema,
  quotaHistoryQuerySchema,
  targetCreateSchema,
  targetUpdateEntrySchema,
  targetUpdateSchema,
  targetValueUpdateSchema,
  todayQuerySchema,
  whoQuerySchema,
} from '../../core/contracts/goals.ts';
import { currentFirst } from '../../core/goals/current-first.ts';
import type { DayRange } from '../../core/periods.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { type ClockOptions, todayOf } from '../../services/goals/goal-context.ts';
import { goalMap } from '../../services/goals/goal-map.ts';
import { goalProgressOf } from '../../services/goals/goal-progress.ts';
import {
  createFolder,
  createGoal,
  deleteGoal,
  foldersOf,
  goalOf,
  listGoals,
  removeFolder,
  renameFolder,
  updateGoal,
} from '../../services/goals/goals-service.ts';
import { targetLeaderboard } from '../../services/goals/leaderboard.ts';
import {
  createTarget,
  deleteTarget,
  quotaHistory,
  recordTargetValue,
  targetHistory,
  updateTarget,
} from '../../services/goals/targets-service.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import { periodOf } from '../request-period.ts';
import type { ServerContext } from '../server-context.ts';

/** `?today=` of a request: pacing judged as of that day (tests, what-if); default today in the org's zone. */
export const clockOf = (query: { today?: string | undefined }): ClockOptions =>
  query.today === undefined ? {} : { today: parseIsoDate(query.today) };

/** Every goal write tells open pages; one that changed a quota also moved the KPI data version. */
export function announce(ctx: ServerContext, org: OrgRecord, dataVersion: number | null): void {
  if (dataVersion !== null) {
    ctx.orgChanged();
    ctx.live.dataChanged(org.id, dataVersion);
  }
  ctx.live.publish(org.id, { type: 'goals-changed' });
}

/** The calendar quarter holding `today`: the leaderboard's period when none is asked for. */
function quarterOf(today: number): DayRange {
  const { year, month } = partsFromEpochDay(today);
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return { from: firstOfMonth(year, first), to: lastOfMonth(year, first + 2) };
}

const errors = { 400: apiErrorSchema, 404: apiErrorSchema };
const folderParams = z.object({ id: z.coerce.number().int().positive() });
const goalParams = z.object({ id: z.coerce.number().int().positive() });
const targetParams = z.object({
  goalId: z.coerce.number().int().positive(),
  targetId: z.coerce.number().int().positive(),
});
const folderSchema = z.object({
  id: z.number(),
  name: z.string(),
  position: z.number(),
  goal_count: z.number(),
  created_at: z.string(),
});
const QUOTA_NOTE =
  'A goal’s targets hold their own target_value and never change the sales quotas. Only a target sent with `is_quota: true` (a KPI target to reach, at_least, on revenue, units, deals_won or new_customers) is the quota of its scope, metric and period: its value is that targets.csv row — set here when target_value is sent (then `updated_by` is required and the change is recorded, see GET /quotas/history), adopted when it is not — and "sales vs target" follows it. The targets of quota goals are the quotas. `quota_value` in a target shows the quota "sales vs target" uses for the same metric, scope and period.';
const PACING_NOTE =
  'Progress is a fraction 0..1 (capped); `status` is achieved, on_track, at_risk, off_track, missed, not_started or no_data; `pacing.expected` is where linear progress would be by the end of today. `today=YYYY-MM-DD` judges as of another day. See docs/goals.md.';

/** Goal folders, goals, their targets and value history, the goal map and the target leaderboard. */
export function goalRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/goal-folders',
      {
        schema: {
          tags: ['goals'],
          summary: 'Goal folders, in order',
          response: { 200: z.array(folderSchema) },
        },
      },
      async () => foldersOf(ctx.store, await ctx.org()),
    );

    app.post(
      '/goal-folders',
      {
        schema: {
          tags: ['goals'],
          summary: 'Create a goal folder',
          body: goalFolderCreateSchema,
          response: { 201: folderSchema, ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org();
        const folder = await createFolder(ctx.store, org, request.body);
        announce(ctx, org, null);
        return reply.code(201).send(folder);
      },
    );

    app.patch(
      '/goal-folders/:id',
      {
        schema: {
          tags: ['goals'],
          summary: 'Rename or move a goal folder',
          params: folderParams,
          body: goalFolderUpdateSchema,
          response: { 200: folderSchema, ...errors },
        },
      },
      async (request) => {
        const org = await ctx.org();
        const folder = await renameFolder(ctx.store, org, request.params.id, request.body);
        announce(ctx, org, null);
        return folder;
      },
    );

    app.delete(
      '/goal-folders/:id',
      {
        schema: {
          tags: ['goals'],
          summary: 'Delete a goal folder (its goals stay, without a folder)',
          params: folderParams,
          response: { 204: z.null().describe('Deleted'), 404: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const org = await ctx.org();
        await removeFolder(ctx.store, org, request.params.id);
        announce(ctx, org, null);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/goals',
      {
        schema: {
          tags: ['goals'],
          summary: 'Goals with their targets, progress and pacing',
          description: `Filter by \`folder_id\` (or \`none\`), \`kind\` (user, quota) and \`scope\` (goals shared with it, with the organisation, with its team or reps, or owned by it). \`sort=current\` lists goals running today first (soonest due), then upcoming ones, then finished ones latest first — for pickers; the default \`position\` keeps the folders' order. ${PACING_NOTE}`,
          querystring: goalListQuerySchema,
          response: { 200: goalListSchema, 400: apiErrorSchema },
        },
      },
      async (request) => {
        const { today, sort, ...query } = request.query;
        const list = await listGoals(ctx.store, await ctx.org(), query, clockOf({ today }));
        return sort === 'current' ? { ...list, goals: currentFirst(list.goals, list.today) } : list;
      },
    );

    app.get(
      '/goals/progress',
      {
        schema: {
          tags: ['goals'],
          summary: 'Compact goal progress (the JSON of `udn goals --json`), for widgets',
          description: PACING_NOTE,
          querystring: goalsQuerySchema,
          response: { 200: goalProgressSchema, 400: apiErrorSchema },
        },
      },
      async (request) => {
        const { today, ...query } = request.query;
        return goalProgressOf(await listGoals(ctx.store, await ctx.org(), query, clockOf({ today })));
      },
    );

    app.get(
      '/goals/map',
      {
        schema: {
          tags: ['goals'],
          summary: 'The goal map: organisation → folders → goals → targets → KPI or tasks, with statuses',
          querystring: todayQuerySchema,
          response: { 200: goalMapSchema },
        },
      },
      async (request) => goalMap(ctx.store, await ctx.org(), clockOf(request.query)),
    );

    app.get(
      '/goals/leaderboard',
      {
        schema: {
          tags: ['goals'],
          summary: 'Reps ranked by target attainment over a period (default: the current quarter)',
          description:
            '`attainment` is the mean capped progress of the rep’s own KPI targets (scope rep:<id>) overlapping the period; ties and reps without such targets go by `attainment_revenue` of the KPI report for the period (uncapped).',
          querystring: leaderboardQuerySchema,
          response: { 200: leaderboardSchema, 400: apiErrorSchema },
        },
      },
      async (request) => {
        const org = await ctx.org();
        const { today, limit, ...period } = request.query;
        const clock = clockOf({ today });
        const range =
          period.period === undefined && period.from === undefined && period.to === undefined
            ? quarterOf(todayOf(org, clock))
            : periodOf(period, org).range;
        return targetLeaderboard(ctx.store, org, range, { ...clock, limit });
      },
    );

    app.get(
      '/goals/:id',
      {
        schema: {
          tags: ['goals'],
          summary: 'One goal with its targets, progress and pacing',
          params: goalParams,
          querystring: todayQuerySchema,
          response: { 200: goalSchema, ...errors },
        },
      },
      async (request) => goalOf(ctx.store, await ctx.org(), request.params.id, clockOf(request.query)),
    );

    app.post(
      '/goals',
      {
        schema: {
          tags: ['goals'],
          summary: 'Create a goal, optionally with its targets',
          description: QUOTA_NOTE,
          body: goalCreateSchema,
          response: { 201: goalSchema, ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org();
        const { value, dataVersion } = await createGoal(ctx.store, org, request.body);
        announce(ctx, org, dataVersion);
        return reply.code(201).send(value);
      },
    );

    app.patch(
      '/goals/:id',
      {
        schema: {
          tags: ['goals'],
          summary: 'Change a goal (send the `version` you loaded; a stale one gets 409)',
          params: goalParams,
          body: goalUpdateSchema,
          response: { 200: goalSchema, ...errors, 409: apiErrorSchema },
        },
      },
      async (request) => {
        const org = await ctx.org();
        const { value, dataVersion } = await updateGoal(ctx.store, org, request.params.id, request.body);
        announce(ctx, org, dataVersion);
        return value;
      },
    );

    app.delete(
      '/goals/:id',
      {
        schema: {
          tags: ['goals'],
          summary: 'Delete a goal with its targets (tasks stay, unlinked)',
          description:
            'A user goal never takes a sales quota with it. Deleting a quota goal deletes its quotas no other goal target is; that needs `updated_by` (recorded in GET /quotas/history).',
          params: goalParams,
          querystring: whoQuerySchema,
          response: { 204: z.null().describe('Deleted'), ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org();
        const { dataVersion } = await deleteGoal(ctx.store, org, request.params.id, {
          updatedBy: request.query.updated_by,
        });
        announce(ctx, org, dataVersion);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/goals/:id/targets',
      {
        schema: {
          tags: ['goals'],
          summary: 'Add a target to a goal',
          description: `number / currency: target_value (start_value, current_value); boolean: done; tasks: nothing (link tasks to it); kpi: metric, scope (default org), direction, target_value. A field that does not belong to the kind, or a value it cannot take (a negative amount, a fractional count, a rate outside 0..1), is a 400 naming it. ${QUOTA_NOTE}`,
          params: goalParams,
          body: targetCreateSchema,
          response: { 201: goalTargetSchema, ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org();
        const { value, dataVersion } = await createTarget(ctx.store, org, request.params.id, request.body);
        announce(ctx, org, dataVersion);
        return reply.code(201).send(value);
      },
    );

    app.patch(
      '/goals/:goalId/targets/:targetId',
      {
        schema: {
          tags: ['goals'],
          summary: 'Change a target (its kind cannot change; values typed by hand go through …/updates)',
          description:
            '`is_quota: true` makes a KPI target the sales quota (its own target_value, or the one sent, becomes the quota); `is_quota: false` makes it independent, keeping the quota’s value as its own. A write that changes a quota needs `updated_by` and is recorded (GET /quotas/history).',
          params: targetParams,
          body: targetUpdateSchema,
          response: { 200: goalTargetSchema, ...errors },
        },
      },
      async (request) => {
        const org = await ctx.org();
        const { goalId, targetId } = request.params;
        const { value, dataVersion } = await updateTarget(ctx.store, org, goalId, targetId, request.body);
        announce(ctx, org, dataVersion);
        return value;
      },
    );

    app.delete(
      '/goals/:goalId/targets/:targetId',
      {
        schema: {
          tags: ['goals'],
          summary: 'Delete a target',
          description:
            'A user goal’s target never takes a sales quota with it. A quota goal’s target deletes its quota unless another goal target is that quota; that needs `updated_by` (recorded in GET /quotas/history).',
          params: targetParams,
          querystring: whoQuerySchema,
          response: { 204: z.null().describe('Deleted'), ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org();
        const { goalId, targetId } = request.params;
        const { dataVersion } = await deleteTarget(ctx.store, org, goalId, targetId, {
          updatedBy: request.query.updated_by,
        });
        announce(ctx, org, dataVersion);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/goals/:goalId/targets/:targetId/updates',
      {
        schema: {
          tags: ['goals'],
          summary: 'Record a new value of a number, currency or true/false target, with who and a note',
          params: targetParams,
          body: targetValueUpdateSchema,
          response: {
            201: z.object({ update: targetUpdateEntrySchema, target: goalTargetSchema }),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const org = await ctx.org();
        const { goalId, targetId } = request.params;
        const result = await recordTargetValue(ctx.store, org, goalId, targetId, request.body);
        announce(ctx, org, null);
        return reply.code(201).send(result);
      },
    );

    app.get(
      '/goals/:goalId/targets/:targetId/updates',
      {
        schema: {
          tags: ['goals'],
          summary: 'The history of a target’s values, newest first',
          params: targetParams,
          response: { 200: z.array(targetUpdateEntrySchema), 404: apiErrorSchema },
        },
      },
      async (request) => {
        const { goalId, targetId } = request.params;
        return targetHistory(ctx.store, await ctx.org(), goalId, targetId);
      },
    );

    app.get(
      '/quotas/history',
      {
        schema: {
          tags: ['goals'],
          summary: 'Changes of sales quotas made through goals, newest first',
          description:
            'Who set, created, deleted or handed over a quota (the targets.csv rows "sales vs target" divides by) through a goal target, when, from which value to which, and through which goal and target. Filter by the quota (scope, metric, period_start, period_end) or by goal_id / target_id. Imports are in GET /imports.',
          querystring: quotaHistoryQuerySchema,
          response: { 200: z.array(quotaChangeSchema), 400: apiErrorSchema },
        },
      },
      async (request) => quotaHistory(ctx.store, await ctx.org(), request.query),
    );
  };
}
