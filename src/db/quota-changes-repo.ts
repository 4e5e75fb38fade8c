import type { Kysely, Selectable } from 'kysely';
import type { Database, QuotaChangesTable } from './schema.ts';

/** The quota history: changes of sales quotas (`targets` rows) made through goals. */

export type QuotaChangeRow = Omit<Selectable<QuotaChangesTable>, 'org_id'>;

const CHANGE_COLUMNS = [
  'id',
  'at',
  'updated_by',
  'action',
  'scope',
  'metric',
  'period_start',
  'period_end',
  'old_value',
  'new_value',
  'goal_id',
  'goal_name',
  'target_id',
  'target_name',
] as const;

export type QuotaChangeValues = Omit<QuotaChangeRow, 'id'>;

export async function insertQuotaChange(
  db: Kysely<Database>,
  orgId: number,
  change: QuotaChangeValues,
): Promise<void> {
  await db
    .insertInto('quota_changes')
    .values({ org_id: orgId, ...change })
    .execute();
}

export interface QuotaChangeFilter {
  scope?: string | undefined;
  metric?: string | undefined;
  period_start?: string | undefined;
  period_end?: string | undefined;
  goal_id?: number | undefined;
  target_id?: number | undefined;
  limit: number;
}

/** Changes of sales quotas, newest first. */
export async function listQuotaChanges(
  db: Kysely<Database>,
  orgId: number,
  filter: QuotaChangeFilter,
): Promise<QuotaChangeRow[]> {
  let query = db.selectFrom('quota_changes').select(CHANGE_COLUMNS).where('org_id', '=', orgId);
  if (filter.scope !== undefined) query = query.where('scope', '=', filter.scope);
  if (filter.metric !== undefined) query = query.where('metric', '=', filter.metric);
  if (filter.period_start !== undefined) query = query.where('period_start', '=', filter.period_start);
  if (filter.period_end !== undefined) query = query.where('period_end', '=', filter.period_end);
  if (filter.goal_id !== undefined) query = query.where('goal_id', '=', filter.goal_id);
  if (filter.target_id !== undefined) query = query.where('target_id', '=', filter.target_id);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map((row) => ({
    ...row,
    at: Number(row.at),
    old_value: row.old_value === null ? null : Number(row.old_value),
    new_value: row.new_value === null ? null : Number(row.new_value),
  }));
}
