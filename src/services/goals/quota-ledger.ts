import type { Kysely } from 'kysely';
import type { TargetDirection, TargetKind } from '../../core/goals/progress.ts';
import { isQuotaTarget } from '../../core/goals/target-rules.ts';
import {
  deleteQuotaRow,
  disownQuotaRow,
  findQuotaRow,
  type QuotaKey,
  quotaReferences,
  upsertQuotaRow,
} from '../../db/goals-repo.ts';
import type { Database } from '../../db/schema.ts';

/**
 * One store of sales quotas (docs/adr/0005): the `targets` table that targets.csv fills and KPI #1
 * reads. A goal KPI target that is a quota holds no value of its own; it names a row by
 * (scope, metric, period) and these functions keep that row as the goals need it. Every function
 * runs inside the caller's transaction and says whether a KPI input changed (→ bump data_version).
 */

export interface QuotaShape {
  kind: string;
  metric: string | null;
  scope: string | null;
  direction: string;
  period_start: string | null;
  period_end: string | null;
}

/** The quota row a target references, or null when the target is not a quota. */
export function quotaKeyOf(
  target: QuotaShape,
  goal: { start_date: string; due_date: string },
): QuotaKey | null {
  const shape = {
    kind: target.kind as TargetKind,
    metric: target.metric,
    direction: target.direction as TargetDirection,
  };
  if (!isQuotaTarget(shape) || target.metric === null) return null;
  return {
    scope: target.scope ?? 'org',
    metric: target.metric,
    period_start: target.period_start ?? goal.start_date,
    period_end: target.period_end ?? goal.due_date,
  };
}

export const sameKey = (a: QuotaKey | null, b: QuotaKey | null): boolean =>
  a !== null &&
  b !== null &&
  a.scope === b.scope &&
  a.metric === b.metric &&
  a.period_start === b.period_start &&
  a.period_end === b.period_end;

/**
 * Makes the quota `key` exist with `value`. A null value adopts the row that is there (the caller
 * has checked it exists). An explicit value is the only thing that overwrites a quota.
 */
export async function claimQuota(
  trx: Kysely<Database>,
  orgId: number,
  key: QuotaKey,
  value: number | null,
): Promise<boolean> {
  if (value === null) return false;
  const row = await findQuotaRow(trx, orgId, key);
  if (row && row.value === value) return false;
  await upsertQuotaRow(trx, orgId, key, value);
  return true;
}

/**
 * `leaving` targets stop referencing `key` (deleted, or moved to another key). The row is deleted
 * when no other goal target references it. When the last quota-goal mirror of an imported row
 * leaves while a user goal still uses it, the row is handed over to that goal (import_id 0), so the
 * sync does not bring the mirror back.
 */
export async function releaseQuota(
  trx: Kysely<Database>,
  orgId: number,
  key: QuotaKey,
  leaving: ReadonlySet<number>,
  leavingFromQuotaGoal: boolean,
): Promise<boolean> {
  const others = (await quotaReferences(trx, orgId, key)).filter((ref) => !leaving.has(ref.id));
  const row = await findQuotaRow(trx, orgId, key);
  if (!row) return false;
  if (others.length === 0) {
    await deleteQuotaRow(trx, orgId, key);
    return true;
  }
  if (leavingFromQuotaGoal && row.import_id > 0 && others.every((ref) => ref.goal_kind !== 'quota')) {
    await disownQuotaRow(trx, orgId, key);
  }
  return false;
}
