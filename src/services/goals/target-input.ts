import type { Kysely } from 'kysely';
import type { TargetCreate, TargetUpdate } from '../../core/contracts/goals.ts';
import { invalid } from '../../core/errors.ts';
import type { TargetDirection, TargetKind } from '../../core/goals/progress.ts';
import {
  canBeQuota,
  checkTarget,
  defaultDirection,
  type SentFields,
  type TargetFields,
} from '../../core/goals/target-rules.ts';
import { METRICS, type MetricKey } from '../../core/kpis/definitions.ts';
import type { RepInfo } from '../../core/kpis/report.ts';
import { currencyDigits } from '../../core/money.ts';
import type { GoalTargetRow, GoalTargetValues } from '../../db/goal-targets-repo.ts';
import type { GoalRow } from '../../db/goals-repo.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { findQuotaRow, type QuotaKey } from '../../db/quotas-repo.ts';
import type { Database } from '../../db/schema.ts';
import { scopeLabel, scopeTextProblem } from './goal-scopes.ts';
import { quotaKeyOf, sameKey } from './quota-ledger.ts';

/**
 * Turns a create or update request for a target into the row to write and the quota to claim,
 * after every rule of core/goals/target-rules.ts: nothing is written for a refused request. A
 * target is the sales quota only when it says so (`is_quota`, docs/adr/0008); the targets of a
 * quota goal are quotas by default.
 */

export interface TargetPlan {
  values: GoalTargetValues;
  /** The quota the target references after the write, with the value to set (null = keep the row). */
  quota: { key: QuotaKey; value: number | null } | null;
  /** The quota it referenced before, when that changes (an update that moves or drops it). */
  released: QuotaKey | null;
}

const sentOf = (input: TargetCreate | TargetUpdate): SentFields => ({
  is_quota: input.is_quota,
  start_value: input.start_value,
  target_value: input.target_value,
  current_value: input.current_value,
  done: input.done,
  metric: input.metric,
  scope: input.scope,
  direction: input.direction,
  period_start: input.period_start,
  period_end: input.period_end,
});

const pick = <T>(sent: T | undefined, stored: T): T => (sent === undefined ? stored : sent);

function check(
  merged: TargetFields,
  sent: SentFields,
  org: OrgRecord,
  reps: readonly RepInfo[],
  quotaExists: boolean,
  prefix: string,
): void {
  const violation = checkTarget(merged, sent, {
    currencyDigits: currencyDigits(org.currency) ?? 2,
    scopeProblem: (scope) => scopeTextProblem(scope, reps),
    quotaExists,
  });
  if (violation) throw invalid(`${prefix}${violation.field}`, violation.message);
}

function valuesOf(
  merged: TargetFields,
  extra: { goal_id: number; name: string; position: number; weight: number | null },
): GoalTargetValues {
  const { kind } = merged;
  const typed = kind === 'number' || kind === 'currency';
  // A quota holds no value of its own: it reads its `targets` row.
  const quota = kind === 'kpi' && merged.is_quota;
  return {
    ...extra,
    kind,
    is_quota: quota ? 1 : 0,
    direction: merged.direction,
    start_value: typed || (kind === 'kpi' && !quota) ? merged.start_value : null,
    target_value: typed || (kind === 'kpi' && !quota) ? merged.target_value : null,
    current_value: typed ? merged.current_value : null,
    done: kind === 'boolean' && merged.done ? 1 : 0,
    metric: kind === 'kpi' ? merged.metric : null,
    scope: kind === 'kpi' ? (merged.scope ?? 'org') : null,
    period_start: merged.period_start,
    period_end: merged.period_end,
  };
}

/** The name a KPI target gets when none is given: "Revenue — Team Jakarta". */
export function kpiTargetName(metric: string, scope: string, reps: readonly RepInfo[]): string {
  const label = METRICS[metric as MetricKey]?.label.en ?? metric;
  return `${label} — ${scopeLabel(scope, reps)}`;
}

/** A quota goal is the quota editor: its targets are the quotas themselves. */
function refuseOwnValueInQuotaGoal(
  goal: Pick<GoalRow, 'kind'>,
  input: TargetCreate | TargetUpdate,
  prefix: string,
) {
  if (goal.kind === 'quota' && input.is_quota === false) {
    throw invalid(
      `${prefix}is_quota`,
      'the targets of a quota goal are the sales quotas themselves; add a target of its own to a user goal',
    );
  }
}

export async function planTargetCreate(
  db: Kysely<Database>,
  org: OrgRecord,
  goal: Pick<GoalRow, 'id' | 'kind' | 'start_date' | 'due_date'>,
  input: TargetCreate,
  reps: readonly RepInfo[],
  position: number,
  prefix = '',
): Promise<TargetPlan> {
  const kind = input.kind as TargetKind;
  const metric = input.metric ?? null;
  refuseOwnValueInQuotaGoal(goal, input, prefix);
  const direction = input.direction ?? defaultDirection(kind, metric);
  const merged: TargetFields = {
    kind,
    is_quota: input.is_quota ?? (goal.kind === 'quota' && canBeQuota({ kind, metric, direction })),
    start_value: input.start_value ?? null,
    target_value: input.target_value ?? null,
    current_value: input.current_value ?? null,
    done: input.done ?? false,
    metric,
    scope: kind === 'kpi' ? (input.scope ?? 'org') : (input.scope ?? null),
    direction,
    period_start: input.period_start ?? null,
    period_end: input.period_end ?? null,
  };
  const key = quotaKeyOf(merged, goal);
  const existing = key ? await findQuotaRow(db, org.id, key) : undefined;
  check(merged, sentOf(input), org, reps, existing !== undefined, prefix);
  if (kind === 'number' || kind === 'currency') {
    // Nothing reported yet means still at the start.
    merged.current_value = merged.current_value ?? merged.start_value ?? 0;
  }
  const name =
    input.name ??
    (kind === 'kpi' && metric !== null ? kpiTargetName(metric, merged.scope ?? 'org', reps) : null);
  if (name === null) {
    throw invalid(`${prefix}name`, `is required for a ${kind} target`, { rule: 'name_required', kind });
  }
  return {
    values: valuesOf(merged, {
      goal_id: goal.id,
      name,
      position: input.position ?? position,
      weight: input.weight ?? null,
    }),
    quota: key ? { key, value: merged.target_value } : null,
    released: null,
  };
}

export async function planTargetUpdate(
  db: Kysely<Database>,
  org: OrgRecord,
  goal: Pick<GoalRow, 'id' | 'kind' | 'start_date' | 'due_date'>,
  stored: GoalTargetRow,
  input: TargetUpdate,
  reps: readonly RepInfo[],
): Promise<TargetPlan> {
  const kind = stored.kind as TargetKind;
  if (input.kind !== undefined && input.kind !== kind) {
    throw invalid('kind', `cannot change (${kind} → ${input.kind}): delete the target and create another`);
  }
  if (input.current_value !== undefined) {
    throw invalid(
      'current_value',
      'changes through POST …/targets/:id/updates, which records who changed it and when',
    );
  }
  if (input.done !== undefined) {
    throw invalid(
      'done',
      'changes through POST …/targets/:id/updates (value 1 or 0), which records who changed it and when',
    );
  }
  refuseOwnValueInQuotaGoal(goal, input, '');
  const oldKey = quotaKeyOf(stored, goal);
  const oldRow = oldKey ? await findQuotaRow(db, org.id, oldKey) : undefined;
  const wasQuota = stored.is_quota === 1;
  const isQuota = input.is_quota ?? wasQuota;
  const merged: TargetFields = {
    kind,
    is_quota: isQuota,
    // Becoming the quota: a quota is measured from zero, so a start of its own goes unless sent.
    start_value:
      isQuota && !wasQuota && input.start_value === undefined
        ? null
        : pick(input.start_value, stored.start_value),
    target_value: stored.target_value,
    current_value: stored.current_value,
    done: stored.done === 1,
    metric: pick(input.metric, stored.metric),
    scope: pick(input.scope, stored.scope),
    direction: pick(input.direction, stored.direction as TargetDirection),
    period_start: pick(input.period_start, stored.period_start),
    period_end: pick(input.period_end, stored.period_end),
  };
  const newKey = quotaKeyOf(merged, goal);
  const newRow = newKey
    ? sameKey(oldKey, newKey)
      ? oldRow
      : await findQuotaRow(db, org.id, newKey)
    : undefined;
  if (input.target_value !== undefined) merged.target_value = input.target_value;
  else if (newKey !== null && oldKey !== null) {
    // A quota moved to a quota that exists adopts it, else carries its value over: only an
    // explicit target_value overwrites a quota.
    merged.target_value = newRow !== undefined ? null : (oldRow?.value ?? null);
  } else if (newKey !== null) {
    // Made the quota: the target's own value becomes the quota (none: adopt the one there).
    merged.target_value = stored.target_value;
  } else if (oldKey !== null) {
    // No longer the quota: the target keeps the value it had, as its own.
    merged.target_value = oldRow?.value ?? null;
  }
  check(merged, sentOf(input), org, reps, newRow !== undefined, '');
  const values = valuesOf(merged, {
    goal_id: stored.goal_id,
    name: input.name ?? stored.name,
    position: input.position ?? stored.position,
    weight: input.weight === undefined ? stored.weight : input.weight,
  });
  return {
    values,
    quota: newKey ? { key: newKey, value: merged.target_value } : null,
    released: oldKey !== null && !sameKey(oldKey, newKey) ? oldKey : null,
  };
}
