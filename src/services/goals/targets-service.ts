import type { Principal } from '../../core/access/principal.ts';
import { canUpdateTarget } from '../../core/access/record-policy.ts';
import type {
  GoalTarget,
  QuotaChange,
  QuotaHistoryQuery,
  TargetCreate,
  TargetUpdate,
  TargetUpdateEntry,
  TargetValueUpdate,
} from '../../core/contracts/goals.ts';
import { DomainError, forbidden, invalid } from '../../core/errors.ts';
import type { TargetKind } from '../../core/goals/progress.ts';
import { valueProblem } from '../../core/goals/target-rules.ts';
import { currencyDigits } from '../../core/money.ts';
import type { Store } from '../../db/database.ts';
import { insertGoalTargetUpdate, listGoalTargetUpdates } from '../../db/goal-target-updates-repo.ts';
import {
  deleteGoalTargetRows,
  findGoalTargetRow,
  type GoalTargetRow,
  insertGoalTargetRows,
  nextGoalTargetPosition,
  updateGoalTargetRow,
} from '../../db/goal-targets-repo.ts';
import { type GoalRow, touchGoal } from '../../db/goals-repo.ts';
import { bumpDataVersion, type OrgRecord } from '../../db/org-repo.ts';
import { listQuotaChanges, type QuotaChangeRow } from '../../db/quota-changes-repo.ts';
import { checkQuotaWrite, editableGoal, policyGoal, visibleGoal } from './goal-access.ts';
import { type ClockOptions, isoInstant, nowOf, type WhoOptions } from './goal-clock.ts';
import { loadViewInputs, targetView, toUpdateEntry } from './goal-views.ts';
import { claimQuota, quotaKeyOf, releaseQuota } from './quota-ledger.ts';
import { syncQuotaGoals } from './quota-sync.ts';
import { planTargetCreate, planTargetUpdate } from './target-input.ts';
import { orgAfter, type WriteOutcome } from './write-outcome.ts';

/** Targets inside a goal, and the history of hand-entered values (docs/goals.md). */

/** Who made a write: a signed-in person is their email, whatever was sent; else the `updated_by` sent. */
export const whoOf = (as: Principal | undefined, sent: string | undefined): string | undefined =>
  as?.email ?? sent;

async function targetOrMissing(
  store: Store,
  org: OrgRecord,
  goal: GoalRow,
  targetId: number,
): Promise<GoalTargetRow> {
  const target = await findGoalTargetRow(store.db, org.id, targetId);
  if (!target || target.goal_id !== goal.id) {
    throw new DomainError('not_found', `target ${targetId} does not exist in goal ${goal.id}`, {
      field: 'targetId',
      params: { entity: 'target', id: targetId, goal: goal.id },
    });
  }
  return target;
}

async function viewOf(
  store: Store,
  org: OrgRecord,
  goal: GoalRow,
  target: GoalTargetRow,
  options: ClockOptions,
): Promise<GoalTarget> {
  const inputs = await loadViewInputs(store, org, [goal], options);
  return targetView(target, goal, inputs);
}

export async function createTarget(
  store: Store,
  org: OrgRecord,
  goalId: number,
  input: TargetCreate,
  options: ClockOptions = {},
): Promise<WriteOutcome<GoalTarget>> {
  const { updated_by: sent, ...fields } = input;
  const updatedBy = whoOf(options.as, sent);
  const { goal, reps } = await editableGoal(store, org, goalId, options.as, 'goalId');
  const plan = await planTargetCreate(
    store.db,
    org,
    goal,
    fields,
    reps,
    await nextGoalTargetPosition(store.db, org.id, goal.id),
  );
  checkQuotaWrite(options.as, plan);
  const now = nowOf(options);
  const { target, dataVersion } = await store.db.transaction().execute(async (trx) => {
    const [target] = await insertGoalTargetRows(trx, org.id, [plan.values], now);
    await touchGoal(trx, org.id, goal.id, now);
    const audit = { updatedBy: updatedBy ?? null, at: now, goal, target: target! };
    const changed = plan.quota
      ? await claimQuota(trx, org.id, plan.quota.key, plan.quota.value, audit)
      : false;
    return { target: target!, dataVersion: changed ? await bumpDataVersion(trx, org.id) : null };
  });
  return { value: await viewOf(store, orgAfter(org, dataVersion), goal, target, options), dataVersion };
}

export async function updateTarget(
  store: Store,
  org: OrgRecord,
  goalId: number,
  targetId: number,
  input: TargetUpdate,
  options: ClockOptions = {},
): Promise<WriteOutcome<GoalTarget> & { before: GoalTargetRow }> {
  const { goal, reps } = await editableGoal(store, org, goalId, options.as, 'goalId');
  const stored = await targetOrMissing(store, org, goal, targetId);
  const { updated_by: sent, ...fields } = input;
  const updatedBy = whoOf(options.as, sent);
  const plan = await planTargetUpdate(store.db, org, goal, stored, fields, reps);
  checkQuotaWrite(options.as, plan);
  const now = nowOf(options);
  const { target, dataVersion, orphaned } = await store.db.transaction().execute(async (trx) => {
    const target = await updateGoalTargetRow(trx, org.id, targetId, plan.values, now);
    await touchGoal(trx, org.id, goal.id, now);
    const audit = { updatedBy: updatedBy ?? null, at: now, goal, target: target! };
    let changed = false;
    let orphaned = false;
    if (plan.released) {
      const release = await releaseQuota(
        trx,
        org.id,
        plan.released,
        new Set([targetId]),
        goal.kind === 'quota',
        audit,
      );
      changed = release.changed;
      orphaned = release.orphaned;
    }
    if (plan.quota) {
      changed = (await claimQuota(trx, org.id, plan.quota.key, plan.quota.value, audit)) || changed;
    }
    return { target: target!, dataVersion: changed ? await bumpDataVersion(trx, org.id) : null, orphaned };
  });
  const after = orgAfter(org, dataVersion);
  if (orphaned) await syncQuotaGoals(store, after, { force: true, now });
  return { value: await viewOf(store, after, goal, target, options), dataVersion, before: stored };
}

/**
 * Deletes a target. A user goal's target never takes a company quota with it; a quota goal's target
 * deletes its quota unless another goal target is that quota (docs/adr/0008).
 */
export async function deleteTarget(
  store: Store,
  org: OrgRecord,
  goalId: number,
  targetId: number,
  options: WhoOptions = {},
): Promise<WriteOutcome<GoalTargetRow>> {
  const { goal } = await editableGoal(store, org, goalId, options.as, 'goalId');
  const target = await targetOrMissing(store, org, goal, targetId);
  const now = nowOf(options);
  const { dataVersion, orphaned } = await store.db.transaction().execute(async (trx) => {
    const key = quotaKeyOf(target, goal);
    const audit = { updatedBy: whoOf(options.as, options.updatedBy) ?? null, at: now, goal, target };
    const release = key
      ? await releaseQuota(trx, org.id, key, new Set([targetId]), goal.kind === 'quota', audit)
      : { changed: false, orphaned: false };
    await deleteGoalTargetRows(trx, org.id, [targetId]);
    await touchGoal(trx, org.id, goal.id, now);
    return {
      dataVersion: release.changed ? await bumpDataVersion(trx, org.id) : null,
      orphaned: release.orphaned,
    };
  });
  if (orphaned) await syncQuotaGoals(store, orgAfter(org, dataVersion), { force: true, now });
  return { value: target, dataVersion };
}

/**
 * Records a new value of a hand-measured target — a number, an amount, or done (1) / not done (0)
 * — with who made it and when. Tasks and KPI targets measure themselves.
 */
export async function recordTargetValue(
  store: Store,
  org: OrgRecord,
  goalId: number,
  targetId: number,
  input: TargetValueUpdate,
  options: ClockOptions = {},
): Promise<{ update: TargetUpdateEntry; target: GoalTarget; before: GoalTargetRow }> {
  const as = options.as;
  const { goal, shares, reps } = await visibleGoal(store, org, goalId, as, 'goalId');
  const target = await targetOrMissing(store, org, goal, targetId);
  if (as && !canUpdateTarget(as, policyGoal(goal), shares, target, reps)) {
    throw forbidden('only those who edit the goal, and the people whose target it is, post its values');
  }
  const updatedBy = whoOf(as, input.updated_by);
  if (updatedBy === undefined) throw invalid('updated_by', 'say who made the change');
  const { value } = input;
  if (target.kind === 'tasks') {
    throw invalid('value', 'a tasks target counts the tasks linked to it: complete a task instead', {
      rule: 'tasks_value',
    });
  }
  if (target.kind === 'kpi') {
    throw invalid(
      'value',
      "a KPI target's current value comes from the KPI engine; it moves as data arrives",
      { rule: 'kpi_value' },
    );
  }
  if (target.kind === 'boolean' && value !== 0 && value !== 1) {
    throw invalid('value', 'a true/false target takes 1 (done) or 0 (not done)', { rule: 'boolean_value' });
  }
  const problem = valueProblem(target.kind as TargetKind, target.metric, value);
  if (problem) throw invalid('value', problem.message);
  if (target.kind === 'currency') {
    const digits = currencyDigits(org.currency) ?? 2;
    const scaled = value * 10 ** digits;
    if (Math.abs(scaled - Math.round(scaled)) > 1e-6 * Math.max(1, Math.abs(scaled))) {
      throw invalid('value', `has more decimals than ${org.currency} has (${digits})`, {
        rule: 'currency_decimals',
        currency: org.currency,
        digits,
      });
    }
  }
  const now = nowOf(options);
  const { update, row } = await store.db.transaction().execute(async (trx) => {
    const update = await insertGoalTargetUpdate(trx, org.id, {
      target_id: targetId,
      value,
      note: input.note ?? null,
      updated_by: updatedBy,
      at: now,
    });
    const row = await updateGoalTargetRow(
      trx,
      org.id,
      targetId,
      target.kind === 'boolean' ? { done: value } : { current_value: value },
      now,
    );
    await touchGoal(trx, org.id, goal.id, now);
    return { update, row: row! };
  });
  return {
    update: toUpdateEntry(update),
    target: await viewOf(store, org, goal, row, options),
    before: target,
  };
}

export async function targetHistory(
  store: Store,
  org: OrgRecord,
  goalId: number,
  targetId: number,
  options: ClockOptions = {},
): Promise<TargetUpdateEntry[]> {
  const { goal } = await visibleGoal(store, org, goalId, options.as, 'goalId');
  await targetOrMissing(store, org, goal, targetId);
  return (await listGoalTargetUpdates(store.db, org.id, targetId)).map(toUpdateEntry);
}

const toQuotaChange = (row: QuotaChangeRow): QuotaChange => ({
  ...row,
  metric: row.metric as QuotaChange['metric'],
  at: isoInstant(row.at),
});

/** Changes of sales quotas made through goals, newest first (GET /quotas/history). */
export async function quotaHistory(
  store: Store,
  org: OrgRecord,
  query: QuotaHistoryQuery,
): Promise<QuotaChange[]> {
  return (await listQuotaChanges(store.db, org.id, query)).map(toQuotaChange);
}
