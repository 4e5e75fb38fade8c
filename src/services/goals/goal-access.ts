import type { Principal } from '../../core/access/principal.ts';
import { canEditGoal, canSeeGoal, type PolicyGoal } from '../../core/access/record-policy.ts';
import { isAdminRole } from '../../core/access/roles.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import type { RepInfo } from '../../core/kpis/report.ts';
import type { Store } from '../../db/database.ts';
import { findGoalRow, type GoalRow, sharesOf } from '../../db/goals-repo.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';

/** A goal as the record policy reads it. */
export const policyGoal = (goal: GoalRow): PolicyGoal => ({
  kind: goal.kind,
  createdBy: goal.created_by,
  isPrivate: goal.is_private === 1,
});

/** A goal with what deciding on it needs: whom it is shared with, and the reps (teams). */
export interface GoalInContext {
  goal: GoalRow;
  shares: string[];
  reps: RepInfo[];
}

/**
 * The goal `id`, or 404 — also when it exists but `as` may not see it, so its existence is not
 * revealed. Without `as` (the command line), every goal of the organisation.
 */
export async function visibleGoal(
  store: Store,
  org: OrgRecord,
  id: number,
  as: Principal | undefined,
  field = 'id',
): Promise<GoalInContext> {
  const goal = await findGoalRow(store.db, org.id, id);
  if (!goal) throw notFound('goal', id, field);
  const [shares, reps] = await Promise.all([sharesOf(store.db, org.id, [id]), loadReps(store.db, org.id)]);
  const found = { goal, shares: shares.get(id) ?? [], reps };
  if (as && !canSeeGoal(as, policyGoal(goal), found.shares, reps)) throw notFound('goal', id, field);
  return found;
}

/** Why `as` may not change a goal it sees: the words of the 403. */
export function goalRefusal(as: Principal, goal: GoalRow): string {
  if (goal.kind === 'quota')
    return 'quota goals mirror the sales quotas (targets.csv): only admins change them';
  if (as.role === 'manager') {
    return 'a manager changes the goals shared only within their teams, or made by them';
  }
  return `a ${as.role} may not change this goal`;
}

/** The goal `id` when `as` may change it and its targets: 404 when unseen, 403 when only seen. */
export async function editableGoal(
  store: Store,
  org: OrgRecord,
  id: number,
  as: Principal | undefined,
  field = 'id',
): Promise<GoalInContext> {
  const found = await visibleGoal(store, org, id, as, field);
  if (as && !canEditGoal(as, policyGoal(found.goal), found.shares, found.reps)) {
    throw forbidden(goalRefusal(as, found.goal));
  }
  return found;
}

/**
 * Sales quotas are the targets.csv rows "sales vs target" divides by: only admins set, move or drop
 * one, even through a target of a goal they otherwise edit.
 */
export function checkQuotaWrite(
  as: Principal | undefined,
  plan: { quota: { value: number | null } | null; released?: unknown },
): void {
  const changes = (plan.quota !== null && plan.quota.value !== null) || (plan.released ?? null) !== null;
  if (as && changes && !isAdminRole(as.role)) {
    throw forbidden('only admins change sales quotas (the targets "sales vs target" divides by)');
  }
}
