import { z } from 'zod';
import { parseIsoDate } from '../calendar-date.ts';
import { TARGET_KINDS } from '../goals/progress.ts';
import { valueProblem } from '../goals/target-rules.ts';
import { METRIC_KEYS, TARGET_METRICS } from '../kpis/definitions.ts';
import { periodQuerySchema } from './api.ts';
import { canonicalScopeSchema, scopeParamSchema } from './scope.ts';
import { lineText, longText } from './text-fields.ts';

/**
 * The goals, targets and tasks part of the HTTP contract (docs/goals.md, docs/adr/0005). Request
 * and response fields are snake_case, as the database columns and targets.csv: a resource read with
 * GET can be edited and sent back without renaming, and a 400 names the field as the client wrote it.
 * Instants are ISO 8601 (UTC); calendar days `YYYY-MM-DD` in the organisation's time zone; money in
 * the currency's major unit; progress and expected are fractions 0..1.
 */

export const PACE_STATUSES = [
  'achieved',
  'on_track',
  'at_risk',
  'off_track',
  'missed',
  'not_started',
  'no_data',
] as const;
export const TARGET_DIRECTIONS = ['at_least', 'at_most'] as const;
export const GOAL_KINDS = ['user', 'quota'] as const;
export const TASK_TYPES = ['call', 'email', 'meeting', 'todo'] as const;
export const TASK_STATUSES = ['open', 'done'] as const;

export const dateTextSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((text) => parseIsoDate(text) !== undefined, 'is not a calendar date');

const name = lineText(200);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const idRef = z.number().int().positive();
const repRef = lineText(200);
/** Who made a change: a name or rep id (there are no user accounts yet). */
const who = lineText(200);

// ——— folders ———

export const goalFolderCreateSchema = z.strictObject({
  name,
  position: z.number().int().min(0).max(100_000).optional(),
});
export const goalFolderUpdateSchema = z.strictObject({
  name: name.optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});

export interface GoalFolder {
  id: number;
  name: string;
  position: number;
  goal_count: number;
  created_at: string;
}

// ——— targets ———

const targetFields = {
  name: name.optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  /** Relative weight in the goal's progress; null = unweighted (counts 1 once any target has one). */
  weight: z.number().min(0).max(1_000_000).nullable().optional(),
  start_value: finite.nullable().optional(),
  target_value: finite.nullable().optional(),
  current_value: finite.nullable().optional(),
  done: z.boolean().optional(),
  metric: z.enum(METRIC_KEYS).optional(),
  scope: canonicalScopeSchema.optional(),
  direction: z.enum(TARGET_DIRECTIONS).optional(),
  /** Both or neither; null = the goal's start and due dates. */
  period_start: dateTextSchema.nullable().optional(),
  period_end: dateTextSchema.nullable().optional(),
  /**
   * Make this KPI target the sales quota of its scope, metric and period (the `targets` row "sales
   * vs target" divides by), or stop it being one. Default false: a goal's target holds its own value.
   * Only at_least targets on revenue, units, deals_won or new_customers can be the quota.
   */
  is_quota: z.boolean().optional(),
  /** Who made the change; required when the write changes a sales quota (it is recorded). */
  updated_by: who.optional(),
};

/** Values the kind cannot take (a negative amount, a fractional count, a rate above 100%), on the field. */
function refineValues(
  target: {
    kind?: (typeof TARGET_KINDS)[number] | undefined;
    metric?: string | undefined;
    start_value?: number | null | undefined;
    target_value?: number | null | undefined;
    current_value?: number | null | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  if (target.kind === undefined) return;
  for (const field of ['start_value', 'target_value', 'current_value'] as const) {
    const value = target[field];
    if (value === null || value === undefined) continue;
    const problem = valueProblem(target.kind, target.metric ?? null, value);
    if (problem) ctx.addIssue({ code: 'custom', path: [field], message: problem.message });
  }
}

export const targetCreateSchema = z
  .strictObject({ kind: z.enum(TARGET_KINDS), ...targetFields })
  .superRefine(refineValues);
/**
 * `kind`, `current_value` and `done` are accepted here only to refuse them with a clear reason: the
 * kind of a target cannot change, and a hand-entered value changes through POST …/updates (history).
 */
export const targetUpdateSchema = z
  .strictObject({ kind: z.enum(TARGET_KINDS).optional(), ...targetFields })
  .superRefine(refineValues);

export const targetValueUpdateSchema = z.strictObject({
  /** The new current value (number, currency in major units), or 1 / 0 for a true/false target. */
  value: finite,
  note: longText(2000, { trim: true }).nullable().optional(),
  /** Who made the change, for the command line; a signed-in person is recorded by their email. */
  updated_by: who.optional(),
});

export type TargetCreate = z.output<typeof targetCreateSchema>;
export type TargetUpdate = z.output<typeof targetUpdateSchema>;
export type TargetValueUpdate = z.output<typeof targetValueUpdateSchema>;

// ——— goals ———

export const goalCreateSchema = z.strictObject({
  name,
  description: longText(10_000).nullable().optional(),
  folder_id: idRef.nullable().optional(),
  owner_rep_id: repRef.nullable().optional(),
  start_date: dateTextSchema,
  due_date: dateTextSchema,
  /** Who sees it: `org`, `team:<name>`, `rep:<id>`; default the whole organisation. */
  shares: z.array(canonicalScopeSchema).max(200).optional(),
  targets: z.array(targetCreateSchema).max(200).optional(),
  /** Who creates it; required when a target made the quota sets one (recorded in the quota history). */
  updated_by: who.optional(),
  /** Seen only by its creator and the admins, whatever its shares. */
  isPrivate: z.boolean().optional(),
});
export const goalUpdateSchema = z.strictObject({
  name: name.optional(),
  description: longText(10_000).nullable().optional(),
  folder_id: idRef.nullable().optional(),
  owner_rep_id: repRef.nullable().optional(),
  start_date: dateTextSchema.optional(),
  due_date: dateTextSchema.optional(),
  shares: z.array(canonicalScopeSchema).max(200).optional(),
  isPrivate: z.boolean().optional(),
  /** The version the client last saw; a stale save gets 409 instead of overwriting a teammate. */
  version: z.number().int().min(0),
});
export type GoalCreate = z.output<typeof goalCreateSchema>;

/** DELETE of a goal or target: who deletes it, required when that deletes or hands over a sales quota. */
export const whoQuerySchema = z.object({ updated_by: who.optional() });

/** GET /quotas/history: changes of sales quotas made through goals, newest first. */
export const quotaHistoryQuerySchema = z.object({
  scope: canonicalScopeSchema.optional(),
  metric: z.enum(TARGET_METRICS).optional(),
  period_start: dateTextSchema.optional(),
  period_end: dateTextSchema.optional(),
  goal_id: z.coerce.number().int().positive().optional(),
  target_id: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type QuotaHistoryQuery = z.output<typeof quotaHistoryQuerySchema>;
export type GoalUpdate = z.output<typeof goalUpdateSchema>;

const todayQuery = {
  /** Judge pacing as of this day instead of today in the organisation's zone (tests, what-if). */
  today: dateTextSchema.optional(),
};
const flag = z.enum(['true', 'false']).transform((text) => text === 'true');

export const goalsQuerySchema = z.object({
  /** A folder id, or `none` for goals without a folder. */
  folder_id: z.union([z.literal('none'), z.coerce.number().int().positive()]).optional(),
  /** Goals visible to a scope: shared with it, with the organisation, with its team or reps, or owned by it. */
  scope: scopeParamSchema.optional(),
  kind: z.enum(GOAL_KINDS).optional(),
  ...todayQuery,
});
export type GoalsQuery = z.output<typeof goalsQuerySchema>;
export const todayQuerySchema = z.object(todayQuery);
export const leaderboardQuerySchema = periodQuerySchema.extend({
  ...todayQuery,
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

// ——— tasks ———

export const taskCreateSchema = z.strictObject({
  title: lineText(500),
  type: z.enum(TASK_TYPES).default('todo'),
  assignee_rep_id: repRef.nullable().optional(),
  due_date: dateTextSchema.nullable().optional(),
  status: z.enum(TASK_STATUSES).default('open'),
  deal_id: lineText(200).nullable().optional(),
  account_id: lineText(200).nullable().optional(),
  target_id: idRef.nullable().optional(),
});
export const taskUpdateSchema = z.strictObject({
  title: lineText(500).optional(),
  type: z.enum(TASK_TYPES).optional(),
  assignee_rep_id: repRef.nullable().optional(),
  due_date: dateTextSchema.nullable().optional(),
  /** open → done records completed_at (now); done → open clears it. */
  status: z.enum(TASK_STATUSES).optional(),
  deal_id: lineText(200).nullable().optional(),
  account_id: lineText(200).nullable().optional(),
  target_id: idRef.nullable().optional(),
});
export type TaskCreate = z.output<typeof taskCreateSchema>;
export type TaskUpdate = z.output<typeof taskUpdateSchema>;

export const tasksQuerySchema = z.object({
  assignee_rep_id: repRef.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  target_id: z.coerce.number().int().positive().optional(),
  goal_id: z.coerce.number().int().positive().optional(),
  deal_id: z.string().min(1).max(200).optional(),
  account_id: z.string().min(1).max(200).optional(),
  due_from: dateTextSchema.optional(),
  due_to: dateTextSchema.optional(),
  /** Only open tasks due before today (true) or not overdue (false). */
  overdue: flag.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  offset: z.coerce.number().int().min(0).default(0),
  ...todayQuery,
});
export type TasksQuery = z.output<typeof tasksQuerySchema>;
export const taskStatsQuerySchema = periodQuerySchema.extend(todayQuery);

// ——— responses ———

export const pacingSchema = z.object({
  /** Where linear progress would be by the end of today (0..1). */
  expected: z.number(),
  days_left: z.number(),
  /** Still missing, in the target's unit; null for true/false and "at most" targets. */
  remaining: z.number().nullable(),
  needed_per_day: z.number().nullable(),
  needed_per_week: z.number().nullable(),
});

export const targetUpdateEntrySchema = z.object({
  id: z.number(),
  target_id: z.number(),
  value: z.number(),
  note: z.string().nullable(),
  updated_by: z.string(),
  at: z.string(),
});

export const goalTargetSchema = z.object({
  id: z.number(),
  goal_id: z.number(),
  name: z.string(),
  kind: z.enum(TARGET_KINDS),
  position: z.number(),
  weight: z.number().nullable(),
  direction: z.enum(TARGET_DIRECTIONS),
  metric: z.enum(METRIC_KEYS).nullable(),
  scope: z.string().nullable(),
  /** As stored: null = the goal's period. */
  period_start: z.string().nullable(),
  period_end: z.string().nullable(),
  /** The period the target is measured over (its own or the goal's). */
  from: z.string(),
  to: z.string(),
  /** money (major units of `currency`), count, ratio, days, number, reps or boolean. */
  unit: z.string(),
  /**
   * The sales quota itself: its target_value is the `targets` row for (scope, metric, period) that
   * "sales vs target" divides by, and setting it sets the quota. False: the target's own value.
   */
  is_quota: z.boolean(),
  /**
   * The quota "sales vs target" uses for the same metric, scope and period (the KPI report's
   * target_<metric>), shown beside the goal's own target; null when the metric has no quotas or none is set.
   */
  quota_value: z.number().nullable(),
  start_value: z.number().nullable(),
  target_value: z.number().nullable(),
  /** Typed by hand (number, currency), 1/0 (true/false), completed tasks (tasks), the KPI engine's value (kpi). */
  current_value: z.number().nullable(),
  done: z.boolean().nullable(),
  tasks: z.object({ done: z.number(), total: z.number() }).nullable(),
  /** 0..1, capped; null when unknown. */
  progress: z.number().nullable(),
  /** Uncapped (e.g. 1.25 = 125% of a quota). */
  raw_progress: z.number().nullable(),
  status: z.enum(PACE_STATUSES),
  pacing: pacingSchema,
  last_update: targetUpdateEntrySchema.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const QUOTA_CHANGE_ACTIONS = ['set', 'created', 'deleted', 'handed_over'] as const;

/** One change of a sales quota made through goals: who, when, which quota, from what to what, from where. */
export const quotaChangeSchema = z.object({
  id: z.number(),
  at: z.string(),
  updated_by: z.string(),
  /** set: a new value; created: a new quota; deleted; handed_over: an imported quota now kept by goals. */
  action: z.enum(QUOTA_CHANGE_ACTIONS),
  scope: z.string(),
  metric: z.enum(TARGET_METRICS),
  period_start: z.string(),
  period_end: z.string(),
  old_value: z.number().nullable(),
  new_value: z.number().nullable(),
  /** The goal and target the change was made through (names as they were then). */
  goal_id: z.number().nullable(),
  goal_name: z.string().nullable(),
  target_id: z.number().nullable(),
  target_name: z.string().nullable(),
});

export const goalSchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  kind: z.enum(GOAL_KINDS),
  folder_id: z.number().nullable(),
  folder_name: z.string().nullable(),
  owner_rep_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  start_date: z.string(),
  due_date: z.string(),
  shares: z.array(z.string()),
  version: z.number(),
  /** Mean of the targets' capped progress (weighted when weights are set); null without targets. */
  progress: z.number().nullable(),
  status: z.enum(PACE_STATUSES),
  pacing: pacingSchema,
  targets: z.array(goalTargetSchema),
  created_at: z.string(),
  updated_at: z.string(),
  /** Seen only by its creator and the admins. */
  isPrivate: z.boolean(),
  /** The user id of its maker; null for goals made before people existed or by the command line. */
  createdBy: z.string().nullable(),
  /** Whether the caller may change the goal and its targets (docs/access.md). */
  canEdit: z.boolean(),
});

export const goalListSchema = z.object({
  today: z.string(),
  currency: z.string(),
  goals: z.array(goalSchema),
});

/** The compact progress of `udn goals --json` and GET /goals/progress. */
export const goalProgressSchema = z.object({
  today: z.string(),
  goals: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      progress: z.number().nullable(),
      status: z.enum(PACE_STATUSES),
      expected: z.number(),
      days_left: z.number(),
      needed_per_day: z.number().nullable(),
      needed_per_week: z.number().nullable(),
      folder: z.string().nullable(),
      owner: z.string().nullable(),
      from: z.string(),
      due: z.string(),
      kind: z.enum(GOAL_KINDS),
      targets: z.array(
        z.object({
          id: z.number(),
          name: z.string(),
          kind: z.enum(TARGET_KINDS),
          scope: z.string().nullable(),
          metric: z.string().nullable(),
          direction: z.enum(TARGET_DIRECTIONS),
          from: z.string(),
          to: z.string(),
          target: z.number().nullable(),
          current: z.number().nullable(),
          progress: z.number().nullable(),
          status: z.enum(PACE_STATUSES),
          unit: z.string(),
          expected: z.number(),
          days_left: z.number(),
          remaining: z.number().nullable(),
          needed_per_day: z.number().nullable(),
          needed_per_week: z.number().nullable(),
        }),
      ),
    }),
  ),
});

export const taskSchema = z.object({
  id: z.number(),
  title: z.string(),
  type: z.enum(TASK_TYPES),
  assignee_rep_id: z.string().nullable(),
  /** The names of what the task links to, so a client shows names without looking them up. */
  assignee_name: z.string().nullable(),
  due_date: z.string().nullable(),
  status: z.enum(TASK_STATUSES),
  completed_at: z.string().nullable(),
  deal_id: z.string().nullable(),
  /** Null when the deal has no name (deals.csv allows that). */
  deal_name: z.string().nullable(),
  account_id: z.string().nullable(),
  account_name: z.string().nullable(),
  target_id: z.number().nullable(),
  /** The goal of the linked target, for navigation. */
  goal_id: z.number().nullable(),
  /** Open and due before today (organisation's zone). */
  overdue: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  /** The user id of its maker; null for tasks made before people existed or by the command line. */
  createdBy: z.string().nullable(),
  /** Whether the caller may change the task. */
  canEdit: z.boolean(),
});
export const taskListSchema = z.object({ today: z.string(), total: z.number(), tasks: z.array(taskSchema) });
/** GET /tasks/stats: per rep id, tasks completed in the period and open tasks overdue today. */
export const taskStatsSchema = z.record(
  z.string(),
  z.object({ completed: z.number(), overdue: z.number(), open: z.number() }),
);

export const MAP_NODE_TYPES = ['root', 'folder', 'goal', 'target', 'kpi', 'task'] as const;
export type GoalMapNode = {
  /** Unique in the tree: `org`, `folder:3`, `goal:12`, `target:40`, `kpi:40`, `task:7`. */
  id: string;
  type: (typeof MAP_NODE_TYPES)[number];
  label: string;
  /** Goals, targets and KPI leaves: a pace status; tasks: open, done or overdue; others null. */
  status: (typeof PACE_STATUSES)[number] | 'open' | 'done' | 'overdue' | null;
  progress: number | null;
  /** What the node stands for, so a client can add a goal in a folder or a target in a goal in place. */
  ref: {
    folder_id?: number | null;
    goal_id?: number;
    target_id?: number;
    task_id?: number;
    metric?: string;
    scope?: string;
    kind?: string;
  };
  children: GoalMapNode[];
};
const mapNodeSchema: z.ZodType<GoalMapNode> = z.lazy(() =>
  z.object({
    id: z.string(),
    type: z.enum(MAP_NODE_TYPES),
    label: z.string(),
    status: z.string().nullable(),
    progress: z.number().nullable(),
    ref: z.record(z.string(), z.unknown()),
    children: z.array(mapNodeSchema),
  }),
) as unknown as z.ZodType<GoalMapNode>;
export const goalMapSchema = z.object({ today: z.string(), root: mapNodeSchema });

export const leaderboardSchema = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  today: z.string(),
  currency: z.string(),
  entries: z.array(
    z.object({
      rank: z.number(),
      rep_id: z.string(),
      name: z.string(),
      team: z.string().nullable(),
      /** Mean capped progress of the rep's KPI targets (scope rep:<id>) whose period overlaps the period. */
      attainment: z.number().nullable(),
      targets: z.number(),
      achieved: z.number(),
      /** From the KPI report for the period: revenue ÷ revenue target, uncapped. */
      attainment_revenue: z.number().nullable(),
      revenue: z.number().nullable(),
      target_revenue: z.number().nullable(),
    }),
  ),
});

export type PaceStatusText = (typeof PACE_STATUSES)[number];
export type Pacing = z.infer<typeof pacingSchema>;
export type TargetUpdateEntry = z.infer<typeof targetUpdateEntrySchema>;
export type QuotaChange = z.infer<typeof quotaChangeSchema>;
export type GoalTarget = z.infer<typeof goalTargetSchema>;
export type Goal = z.infer<typeof goalSchema>;
export type GoalList = z.infer<typeof goalListSchema>;
export type GoalProgress = z.infer<typeof goalProgressSchema>;
export type Task = z.infer<typeof taskSchema>;
export type TaskList = z.infer<typeof taskListSchema>;
export type TaskStats = z.infer<typeof taskStatsSchema>;
export type GoalMap = z.infer<typeof goalMapSchema>;
export type Leaderboard = z.infer<typeof leaderboardSchema>;
