import { z } from 'zod';
import { goalsQuerySchema } from './goals.ts';

/**
 * GET /goals takes an order on top of the filters: `position` (the default: folders' own order, as
 * the goals were arranged) or `current` (running goals first, soonest due, then upcoming, then
 * finished ones latest first — what a goal picker wants, see core/goals/current-first.ts).
 */
export const GOAL_SORTS = ['position', 'current'] as const;
export const goalListQuerySchema = goalsQuerySchema.extend({
  sort: z.enum(GOAL_SORTS).default('position'),
});
