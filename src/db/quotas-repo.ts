import type { Kysely } from 'kysely';
import type { Database, GoalKind } from './schema.ts';

/** Sales quotas: the rows of targets.csv (the `targets` table), which KPI #1 divides by. */

export interface QuotaKey {
  scope: string;
  metric: string;
  period_start: string;
  period_end: string;
}
export interface QuotaRow extends QuotaKey {
  value: number;
  import_id: number;
}

export const quotaKeyText = (k: QuotaKey): string =>
  `${k.scope}\u0000${k.metric}\u0000${k.period_start}\u0000${k.period_end}`;

export async function listQuotaRows(db: Kysely<Database>, orgId: number): Promise<QuotaRow[]> {
  const rows = await db
    .selectFrom('targets')
    .select(['scope', 'metric', 'period_start', 'period_end', 'value', 'import_id'])
    .where('org_id', '=', orgId)
    .execute();
  return rows.map((row) => ({ ...row, value: Number(row.value), import_id: Number(row.import_id) }));
}

export async function findQuotaRow(
  db: Kysely<Database>,
  orgId: number,
  key: QuotaKey,
): Promise<QuotaRow | undefined> {
  const row = await db
    .selectFrom('targets')
    .select(['scope', 'metric', 'period_start', 'period_end', 'value', 'import_id'])
    .where('org_id', '=', orgId)
    .where('scope', '=', key.scope)
    .where('metric', '=', key.metric)
    .where('period_start', '=', key.period_start)
    .where('period_end', '=', key.period_end)
    .executeTakeFirst();
  return row ? { ...row, value: Number(row.value), import_id: Number(row.import_id) } : undefined;
}

/**
 * Sets a quota's value. A row written by a goal has import_id 0 and source_line 0 (no import made
 * it); an imported row keeps its provenance and only takes the new value.
 */
export async function upsertQuotaRow(
  db: Kysely<Database>,
  orgId: number,
  key: QuotaKey,
  value: number,
): Promise<void> {
  await db
    .insertInto('targets')
    .values({ org_id: orgId, ...key, value, import_id: 0, source_line: 0 })
    .onConflict((oc) =>
      oc.columns(['org_id', 'scope', 'metric', 'period_start', 'period_end']).doUpdateSet({ value }),
    )
    .execute();
}

export async function deleteQuotaRow(db: Kysely<Database>, orgId: number, key: QuotaKey): Promise<void> {
  await db
    .deleteFrom('targets')
    .where('org_id', '=', orgId)
    .where('scope', '=', key.scope)
    .where('metric', '=', key.metric)
    .where('period_start', '=', key.period_start)
    .where('period_end', '=', key.period_end)
    .execute();
}

/** Hands an imported quota over to the goals that use it, so the quota goals stop mirroring it. */
export async function disownQuotaRow(db: Kysely<Database>, orgId: number, key: QuotaKey): Promise<void> {
  await db
    .updateTable('targets')
    .set({ import_id: 0, source_line: 0 })
    .where('org_id', '=', orgId)
    .where('scope', '=', key.scope)
    .where('metric', '=', key.metric)
    .where('period_start', '=', key.period_start)
    .where('period_end', '=', key.period_end)
    .execute();
}

/**
 * The goal targets that are a quota (is_quota) and name this key: KPI targets on its metric and
 * scope whose period — their own, or else their goal's — is the quota's.
 */
export async function quotaReferences(
  db: Kysely<Database>,
  orgId: number,
  key: QuotaKey,
): Promise<{ id: number; goal_id: number; goal_kind: GoalKind }[]> {
  const rows = await db
    .selectFrom('goal_targets as t')
    .innerJoin('goals as g', (join) =>
      join.onRef('g.id', '=', 't.goal_id').onRef('g.org_id', '=', 't.org_id'),
    )
    .select(['t.id', 't.goal_id', 'g.kind as goal_kind'])
    .where('t.org_id', '=', orgId)
    .where('t.is_quota', '=', 1)
    .where('t.metric', '=', key.metric)
    .where('t.scope', '=', key.scope)
    .where((eb) => eb(eb.fn.coalesce('t.period_start', 'g.start_date'), '=', key.period_start))
    .where((eb) => eb(eb.fn.coalesce('t.period_end', 'g.due_date'), '=', key.period_end))
    .execute();
  return rows;
}

/** The keys of every quota a user goal's target is (is_quota), as quotaKeyText. */
export async function userQuotaKeys(db: Kysely<Database>, orgId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('goal_targets as t')
    .innerJoin('goals as g', (join) =>
      join.onRef('g.id', '=', 't.goal_id').onRef('g.org_id', '=', 't.org_id'),
    )
    .select(['t.scope', 't.metric', 't.period_start', 't.period_end', 'g.start_date', 'g.due_date'])
    .where('t.org_id', '=', orgId)
    .where('t.is_quota', '=', 1)
    .where('g.kind', '=', 'user')
    .execute();
  return new Set(
    rows.map((row) =>
      quotaKeyText({
        scope: row.scope ?? 'org',
        metric: row.metric ?? '',
        period_start: row.period_start ?? row.start_date,
        period_end: row.period_end ?? row.due_date,
      }),
    ),
  );
}
