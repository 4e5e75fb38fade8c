import type { Kysely } from 'kysely';
import { invalid } from '../../core/errors.ts';
import { TARGET_METRICS } from '../../core/kpis/definitions.ts';
import { insertQuotaChange } from '../../db/quota-changes-repo.ts';
import {
  deleteQuotaRow,
  disownQuotaRow,
  findQuotaRow,
  type QuotaKey,
  quotaReferences,
  upsertQuotaRow,
} from '../../db/quotas-repo.ts';
import type { Database } from '../../db/schema.ts';

/**
 * One store of sales quotas: the `targets` table that targets.csv fills and KPI #1 reads. A goal
 * target is a quota only when it says so (`is_quota`, docs/adr/0008): the targets of quota goals
 * (the quota editor) and the targets a person explicitly made the quota. Such a target holds no
 * value of its own; it names a row by (scope, metric, period), and these functions keep that row as
 * the goals need it. Every change of a row is recorded in `quota_changes` with who made it. Every
 * function runs inside the caller's transaction and says whether a KPI input changed (→ bump
 * data_version).
 */

export interface QuotaShape {
  kind: string;
  metric: string | null;
  scope: string | null;
  period_start: string | null;
  period_end: string | null;
  is_quota: number | boolean;
}

interface GoalDates {
  start_date: string;
  due_date: string;
}

const isQuotaMetric = (metric: string | null): metric is string =>
  metric !== null && (TARGET_METRICS as readonly string[]).includes(metric);

/** The (scope, metric, period) a KPI target on a quota metric covers, whether or not it is the quota. */
export function coveredKeyOf(target: Omit<QuotaShape, 'is_quota'>, goal: GoalDates): QuotaKey | null {
  if (target.kind !== 'kpi' || !isQuotaMetric(target.metric)) return null;
  return {
    scope: target.scope ?? 'org',
    metric: target.metric,
    period_start: target.period_start ?? goal.start_date,
    period_end: target.period_end ?? goal.due_date,
  };
}

/** The quota row a target is, or null when the target holds its own value. */
export function quotaKeyOf(target: QuotaShape, goal: GoalDates): QuotaKey | null {
  return target.is_quota === 1 || target.is_quota === true ? coveredKeyOf(target, goal) : null;
}

export const sameKey = (a: QuotaKey | null, b: QuotaKey | null): boolean =>
  a !== null &&
  b !== null &&
  a.scope === b.scope &&
  a.metric === b.metric &&
  a.period_start === b.period_start &&
  a.period_end === b.period_end;

/** Who changes a quota and through which goal and target: what the quota history records. */
export interface QuotaAudit {
  /** Free text, as for value updates (there are no user accounts yet); null = not given. */
  updatedBy: string | null;
  at: number;
  goal: { id: number; name: string };
  target: { id: number; name: string } | null;
}

/** What a write does to a quota, as the refusal without a name says it. */
const DOING = {
  change: 'write changes',
  create: 'write creates',
  remove: 'delete removes',
  hand_over: 'delete hands over',
} as const;

function who(audit: QuotaAudit, doing: keyof typeof DOING): string {
  if (audit.updatedBy === null) {
    throw invalid(
      'updated_by',
      `is required: this ${DOING[doing]} the sales quota, and every change of a quota is recorded with who made it`,
      { rule: 'quota_who', doing },
    );
  }
  return audit.updatedBy;
}

async function record(
  trx: Kysely<Database>,
  orgId: number,
  key: QuotaKey,
  action: 'set' | 'created' | 'deleted' | 'handed_over',
  oldValue: number | null,
  newValue: number | null,
  audit: QuotaAudit,
  updatedBy: string,
): Promise<void> {
  await insertQuotaChange(trx, orgId, {
    at: audit.at,
    updated_by: updatedBy,
    action,
    ...key,
    old_value: oldValue,
    new_value: newValue,
    goal_id: audit.goal.id,
    goal_name: audit.goal.name,
    target_id: audit.target?.id ?? null,
    target_name: audit.target?.name ?? null,
  });
}

/**
 * Makes the quota `key` exist with `value`. A null value adopts the row that is there (the caller
 * has checked it exists). An explicit value is the only thing that writes a quota.
 */
export async function claimQuota(
  trx: Kysely<Database>,
  orgId: number,
  key: QuotaKey,
  value: number | null,
  audit: QuotaAudit,
): Promise<boolean> {
  if (value === null) return false;
  const row = await findQuotaRow(trx, orgId, key);
  if (row && row.value === value) return false;
  const updatedBy = who(audit, row ? 'change' : 'create');
  await upsertQuotaRow(trx, orgId, key, value);
  await record(trx, orgId, key, row ? 'set' : 'created', row?.value ?? null, value, audit, updatedBy);
  return true;
}

export interface Release {
  /** A KPI input changed (the row was deleted). */
  changed: boolean;
  /** A quota only goals wrote is no longer any user goal's: the quota goals should show it. */
  orphaned: boolean;
}

/**
 * `leaving` targets stop being the quota `key` (deleted, moved, or made independent). A user goal
 * never deletes a company quota: what it leaves behind stays, and a quota only goals wrote appears
 * in the quota goals (the sync picks it up). The quota goals are the quota editor: when a quota
 * goal's target leaves, its row is deleted unless another goal target is that quota — and if only
 * user goals are, an imported row is handed over to them (import_id 0) so the sync does not bring
 * the mirror back.
 */
export async function releaseQuota(
  trx: Kysely<Database>,
  orgId: number,
  key: QuotaKey,
  leaving: ReadonlySet<number>,
  leavingFromQuotaGoal: boolean,
  audit: QuotaAudit,
): Promise<Release> {
  const row = await findQuotaRow(trx, orgId, key);
  if (!row) return { changed: false, orphaned: false };
  const others = (await quotaReferences(trx, orgId, key)).filter((ref) => !leaving.has(ref.id));
  if (!leavingFromQuotaGoal) {
    return {
      changed: false,
      orphaned: row.import_id === 0 && others.every((ref) => ref.goal_kind !== 'user'),
    };
  }
  if (others.length === 0) {
    const updatedBy = who(audit, 'remove');
    await deleteQuotaRow(trx, orgId, key);
    await record(trx, orgId, key, 'deleted', row.value, null, audit, updatedBy);
    return { changed: true, orphaned: false };
  }
  if (row.import_id > 0 && others.every((ref) => ref.goal_kind !== 'quota')) {
    const updatedBy = who(audit, 'hand_over');
    await disownQuotaRow(trx, orgId, key);
    await record(trx, orgId, key, 'handed_over', row.value, row.value, audit, updatedBy);
  }
  return { changed: false, orphaned: false };
}
