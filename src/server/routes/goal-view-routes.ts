import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { canSeeRep } from '../../core/access/visibility.ts';
import { firstOfMonth, lastOfMonth, partsFromEpochDay } from '../../core/calendar-date.ts';
import { goalListQuerySchema } from '../../core/contracts/goal-list-query.ts';
import {
  goalListSchema,
  goalMapSchema,
  goalProgressSchema,
  goalsQuerySchema,
  leaderboardQuerySchema,
  leaderboardSchema,
  todayQuerySchema,
} from '../../core/contracts/goals.ts';
import { currentFirst } from '../../core/goals/current-first.ts';
import type { DayRange } from '../../core/periods.ts';
import { todayOf } from '../../services/goals/goal-clock.ts';
import { goalMap } from '../../services/goals/goal-map.ts';
import { goalProgressOf } from '../../services/goals/goal-progress.ts';
import { listGoals } from '../../services/goals/goals-service.ts';
import { targetLeaderboard } from '../../services/goals/leaderboard.ts';
import { principalOf } from '../access/route-guard.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import { clockOf } from '../request-clock.ts';
import { periodOf } from '../request-period.ts';
import { requestVisibility } from '../request-visibility.ts';
import type { ServerContext } from '../server-context.ts';

const PACING_NOTE =
  'Progress is a fraction 0..1 (capped); `status` is achieved, on_track, at_risk, off_track, missed, not_started or no_data; `pacing.expected` is where linear progress would be by the end of today. `today=YYYY-MM-DD` judges as of another day. See docs/goals.md.';

/** The calendar quarter holding `today`: the leaderboard's period when none is asked for. */
function quarterOf(today: number): DayRange {
  const { year, month } = partsFromEpochDay(today);
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return { from: firstOfMonth(year, first), to: lastOfMonth(year, first + 2) };
}

/** Views across the goals: the list with progress and pacing, its compact form, the goal map, the leaderboard. */
export function goalViewRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/goals',
      {
        config: { access: 'read' },
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
        const list = await listGoals(ctx.store, await ctx.org(request), query, {
          ...clockOf({ today }),
          as: principalOf(request),
        });
        return sort === 'current' ? { ...list, goals: currentFirst(list.goals, list.today) } : list;
      },
    );

    app.get(
      '/goals/progress',
      {
        config: { access: 'read' },
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
        const as = principalOf(request);
        return goalProgressOf(
          await listGoals(ctx.store, await ctx.org(request), query, { ...clockOf({ today }), as }),
        );
      },
    );

    app.get(
      '/goals/map',
      {
        config: { access: 'read' },
        schema: {
          tags: ['goals'],
          summary: 'The goal map: organisation → folders → goals → targets → KPI or tasks, with statuses',
          querystring: todayQuerySchema,
          response: { 200: goalMapSchema },
        },
      },
      async (request) =>
        goalMap(ctx.store, await ctx.org(request), { ...clockOf(request.query), as: principalOf(request) }),
    );

    app.get(
      '/goals/leaderboard',
      {
        config: { access: 'read' },
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
        const org = await ctx.org(request);
        const { today, limit, ...period } = request.query;
        const clock = clockOf({ today });
        const range =
          period.period === undefined && period.from === undefined && period.to === undefined
            ? quarterOf(todayOf(org, clock))
            : periodOf(period, org).range;
        const visibility = await requestVisibility(ctx, request, org);
        if (visibility.kind === 'all') return targetLeaderboard(ctx.store, org, range, { ...clock, limit });
        // Ranked among every rep, then cut to the visible rows: a rep sees their own place.
        const board = await targetLeaderboard(ctx.store, org, range, clock);
        const entries = board.entries.filter((entry) => canSeeRep(visibility, entry.rep_id));
        return { ...board, entries: limit === undefined ? entries : entries.slice(0, limit) };
      },
    );
  };
}
