import type { Principal } from '../../core/access/principal.ts';
import { canEditGoal } from '../../core/access/record-policy.ts';
import { canSeeScope, repVisibility } from '../../core/access/visibility.ts';
import type {
  Goal,
  GoalTarget,
  Pacing as PacingView,
  TargetUpdateEntry,
} from '../../core/contracts/goals.ts';
import {
  goalPace,
  goalProgress,
  type Pacing,
  pace,
  rawProgress,
  type TargetDirection,
  type TargetKind,
} from '../../core/goals/progress.ts';
import { measureOf, targetUnit } from '../../core/goals/target-rules.ts';
import { isTargetMetric, type MetricKey } from '../../core/kpis/definitions.ts';
import type { RepInfo } from '../../core/kpis/report.ts';
import type { DayRange } from '../../core/periods.ts';
import { parseScope, type Scope } from '../../core/scope.ts';
import type { Store } from '../../db/database.ts';
import { listFolders } from '../../db/goal-folders-repo.ts';
import { type GoalTargetUpdateRow, lastUpdatesOf } from '../../db/goal-target-updates-repo.ts';
import { type GoalTargetRow, goalTargetRowsOf } from '../../db/goal-targets-repo.ts';
import { type GoalRow, sharesOf } from '../../db/goals-repo.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { listQuotaRows, type QuotaRow, quotaKeyText } from '../../db/quotas-repo.ts';
import { taskCountsByTarget } from '../../db/tasks-repo.ts';
import { policyGoal } from './goal-access.ts';
import { type ClockOptions, dayOf, isoInstant, todayOf } from './goal-clock.ts';
import { kpiValueOf, periodKey, periodReports } from './kpi-values.ts';
import { coveredKeyOf, quotaKeyOf } from './quota-ledger.ts';

/**
 * Goals as the API and CLI show them: every target's current value (typed, counted, or from the
 * KPI engine), progress and pacing by core/goals/progress.ts, and each goal's progress from its
 * targets. Everything a page of goals needs is read in a handful of queries, whatever the count.
 */

export const toPacingView = (p: Pacing): PacingView => ({
  expected: p.expected,
  days_left: p.daysLeft,
  remaining: p.remaining,
  needed_per_day: p.neededPerDay,
  needed_per_week: p.neededPerWeek,
});

export const toUpdateEntry = (row: GoalTargetUpdateRow): TargetUpdateEntry => ({
  id: row.id,
  target_id: row.target_id,
  value: row.value,
  note: row.note,
  updated_by: row.updated_by,
  at: isoInstant(row.at),
});

/** The period a target is measured over: its own, else its goal's. */
export function targetPeriod(target: GoalTargetRow, goal: GoalRow): DayRange {
  return {
    from: dayOf(target.period_start ?? goal.start_date),
    to: dayOf(target.period_end ?? goal.due_date),
  };
}

export interface ViewInputs {
  today: number;
  /** Who asks: `canEdit` is theirs (none: the command line, which changes everything). */
  as: Principal | undefined;
  reps: RepInfo[];
  folders: Map<number, string>;
  shares: Map<number, string[]>;
  targets: Map<number, GoalTargetRow[]>;
  quotas: Map<string, QuotaRow>;
  taskCounts: Map<number, { done: number; total: number }>;
  lastUpdates: Map<number, GoalTargetUpdateRow>;
  values: (target: GoalTargetRow, goal: GoalRow) => number | null;
  /** The quota "sales vs target" uses for the target's metric, scope and period (null: none). */
  quotaValues: (target: GoalTargetRow, goal: GoalRow) => number | null;
}

/** Reads what the views of `goals` need; `allOfOrg` skips id lists when every goal is wanted. */
export async function loadViewInputs(
  store: Store,
  org: OrgRecord,
  goals: readonly GoalRow[],
  options: ClockOptions & { allOfOrg?: boolean } = {},
): Promise<ViewInputs> {
  const db = store.db;
  const ids = goals.map((g) => g.id);
  const [targetRows, reps, folders, shares] = await Promise.all([
    goalTargetRowsOf(db, org.id, options.allOfOrg ? undefined : ids),
    loadReps(db, org.id),
    listFolders(db, org.id),
    sharesOf(db, org.id, options.allOfOrg ? undefined : ids),
  ]);
  const wanted = new Set(ids);
  // A goal one may see can hold a KPI target on a rep one may not (core/access/visibility.ts): that
  // target, and so that rep's numbers, is left out of what this person is shown.
  const visibility = options.as ? repVisibility(options.as, org, reps) : null;
  const targets = new Map<number, GoalTargetRow[]>();
  for (const t of targetRows) {
    if (!wanted.has(t.goal_id)) continue;
    const scope = visibility ? storedScope(t.scope) : null;
    if (visibility && scope && !canSeeScope(visibility, scope)) continue;
    const list = targets.get(t.goal_id);
    if (list) list.push(t);
    else targets.set(t.goal_id, [t]);
  }
  const goalById = new Map(goals.map((g) => [g.id, g]));
  const all = [...targets.values()].flat();
  const kpiTargets = all.filter((t) => t.kind === 'kpi' && t.metric !== null);
  const needsQuotas = kpiTargets.some((t) => t.is_quota === 1);
  const needsTasks = all.some((t) => t.kind === 'tasks');
  const typed = all.filter((t) => t.kind === 'number' || t.kind === 'currency' || t.kind === 'boolean');
  const needs = kpiTargets.flatMap((t) => {
    const range = targetPeriod(t, goalById.get(t.goal_id)!);
    const metric = t.metric as MetricKey;
    // A target on a quota metric shows the quota beside its own value: the report's target_<metric>.
    return isTargetMetric(metric)
      ? [
          { range, metric },
          { range, metric: `target_${metric}` as MetricKey },
        ]
      : [{ range, metric }];
  });
  const [quotaRows, taskCounts, lastUpdates, reports] = await Promise.all([
    needsQuotas ? listQuotaRows(db, org.id) : Promise.resolve([]),
    needsTasks
      ? taskCountsByTarget(db, org.id)
      : Promise.resolve(new Map<number, { done: number; total: number }>()),
    lastUpdatesOf(
      db,
      org.id,
      typed.map((t) => t.id),
    ),
    periodReports(store, org, needs),
  ]);
  return {
    today: todayOf(org, options),
    as: options.as,
    reps,
    folders: new Map(folders.map((f) => [f.id, f.name])),
    shares,
    targets,
    quotas: new Map(quotaRows.map((row) => [quotaKeyText(row), row])),
    taskCounts,
    lastUpdates,
    values: (target, goal) => {
      const scope = storedScope(target.scope);
      return scope === null
        ? null
        : kpiValueOf(reports.get(periodKey(targetPeriod(target, goal))), target.metric as MetricKey, scope);
    },
    quotaValues: (target, goal) => {
      const scope = storedScope(target.scope);
      return coveredKeyOf(target, goal) === null || scope === null
        ? null
        : kpiValueOf(
            reports.get(periodKey(targetPeriod(target, goal))),
            `target_${target.metric}` as MetricKey,
            scope,
          );
    },
  };
}

/** A KPI target's stored scope (none: the organisation); null for text that is no scope. */
function storedScope(text: string | null): Scope | null {
  const parsed = parseScope(text ?? 'org');
  return parsed.ok ? parsed.scope : null;
}

/** One target as shown: stored fields, current value, progress and pacing. */
export function targetView(t: GoalTargetRow, goal: GoalRow, inputs: ViewInputs): GoalTarget {
  const kind = t.kind as TargetKind;
  const direction = t.direction as TargetDirection;
  const period = targetPeriod(t, goal);
  const key = quotaKeyOf(t, goal);
  let start: number | null = t.start_value;
  let target: number | null = t.target_value;
  let current: number | null = t.current_value;
  let done: boolean | null = null;
  let tasks: { done: number; total: number } | null = null;
  let quotaValue: number | null = null;
  if (kind === 'boolean') {
    done = t.done === 1;
    start = null;
    target = 1;
    current = done ? 1 : 0;
  } else if (kind === 'tasks') {
    tasks = inputs.taskCounts.get(t.id) ?? { done: 0, total: 0 };
    start = null;
    target = tasks.total;
    current = tasks.done;
  } else if (kind === 'kpi') {
    current = inputs.values(t, goal);
    quotaValue = inputs.quotaValues(t, goal);
    if (key !== null) {
      // A quota's value is the targets row, never a copy: the KPI report reads the same row.
      target = inputs.quotas.get(quotaKeyText(key))?.value ?? null;
      start = null;
    }
  }
  const measure = measureOf({
    kind,
    metric: t.metric,
    direction,
    from: period.from,
    to: period.to,
    start,
    target,
    current,
    ...(tasks ? { total: tasks.total } : {}),
  });
  const pacing = pace(measure, inputs.today);
  const last = inputs.lastUpdates.get(t.id);
  return {
    id: t.id,
    goal_id: t.goal_id,
    name: t.name,
    kind,
    position: t.position,
    weight: t.weight,
    direction,
    metric: (t.metric as MetricKey | null) ?? null,
    scope: t.scope,
    period_start: t.period_start,
    period_end: t.period_end,
    from: t.period_start ?? goal.start_date,
    to: t.period_end ?? goal.due_date,
    unit: targetUnit(kind, t.metric),
    is_quota: key !== null,
    quota_value: quotaValue,
    start_value: start,
    target_value: target,
    current_value: current,
    done,
    tasks,
    progress: pacing.progress,
    raw_progress: rawProgress(measure),
    status: pacing.status,
    pacing: toPacingView(pacing),
    last_update: last ? toUpdateEntry(last) : null,
    created_at: isoInstant(t.created_at),
    updated_at: isoInstant(t.updated_at),
  };
}

/** One goal as shown, with its targets in position order. */
export function goalView(goal: GoalRow, inputs: ViewInputs): Goal {
  const targets = (inputs.targets.get(goal.id) ?? []).map((t) => targetView(t, goal, inputs));
  const weights = new Map((inputs.targets.get(goal.id) ?? []).map((t) => [t.id, t.weight]));
  const progress = goalProgress(
    targets.map((t) => ({ progress: t.progress, weight: weights.get(t.id) ?? null })),
  );
  const pacing = goalPace(progress, dayOf(goal.start_date), dayOf(goal.due_date), inputs.today);
  const owner =
    goal.owner_rep_id === null ? undefined : inputs.reps.find((rep) => rep.id === goal.owner_rep_id);
  return {
    id: goal.id,
    name: goal.name,
    description: goal.description,
    kind: goal.kind,
    folder_id: goal.folder_id,
    folder_name: goal.folder_id === null ? null : (inputs.folders.get(goal.folder_id) ?? null),
    owner_rep_id: goal.owner_rep_id,
    owner_name: owner?.name ?? null,
    start_date: goal.start_date,
    due_date: goal.due_date,
    shares: inputs.shares.get(goal.id) ?? [],
    version: goal.version,
    progress,
    status: pacing.status,
    pacing: toPacingView(pacing),
    targets,
    created_at: isoInstant(goal.created_at),
    updated_at: isoInstant(goal.updated_at),
    isPrivate: goal.is_private === 1,
    createdBy: goal.created_by,
    canEdit:
      inputs.as === undefined ||
      canEditGoal(inputs.as, policyGoal(goal), inputs.shares.get(goal.id) ?? [], inputs.reps),
  };
}

export async function goalViews(
  store: Store,
  org: OrgRecord,
  goals: readonly GoalRow[],
  options: ClockOptions & { allOfOrg?: boolean } = {},
): Promise<Goal[]> {
  const inputs = await loadViewInputs(store, org, goals, options);
  return goals.map((goal) => goalView(goal, inputs));
}
