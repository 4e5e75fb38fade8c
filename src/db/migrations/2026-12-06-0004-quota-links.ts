import type { Kysely } from 'kysely';

/**
 * A goal's targets hold their own values; only a target marked `is_quota` is the sales quota
 * (docs/adr/0008). Frozen: this migration imports nothing from the app, so later changes to the
 * schema types or the quota rules cannot change what it did to a database.
 *
 * Existing data keeps every number: targets of quota goals are the quotas (flag set); a user-goal
 * target that referenced a quota only goals wrote (import_id 0) stays linked to it; one that
 * referenced an imported quota gets that quota's value as its own and stops writing it.
 */

const QUOTA_METRICS = ['revenue', 'units', 'deals_won', 'new_customers'];

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration does not follow the app's table types
export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';

  await db.schema
    .alterTable('goal_targets')
    .addColumn('is_quota', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Every change of a sales quota made through goals: who, when, which quota, old and new value.
  await db.schema
    .createTable('quota_changes')
    .addColumn('id', serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('old_value', 'double precision')
    .addColumn('new_value', 'double precision')
    .addColumn('goal_id', 'integer')
    .addColumn('goal_name', 'text')
    .addColumn('target_id', 'integer')
    .addColumn('target_name', 'text')
    .execute();
  await db.schema
    .createIndex('quota_changes_key_idx')
    .on('quota_changes')
    .columns(['org_id', 'metric', 'scope', 'period_start', 'period_end', 'id'])
    .execute();
  await db.schema
    .createIndex('quota_changes_target_idx')
    .on('quota_changes')
    .columns(['org_id', 'target_id'])
    .execute();

  const candidates: {
    id: number;
    org_id: number;
    metric: string;
    scope: string | null;
    period_start: string | null;
    period_end: string | null;
    goal_kind: string;
    start_date: string;
    due_date: string;
  }[] = await db
    .selectFrom('goal_targets as t')
    .innerJoin('goals as g', (join) =>
      join.onRef('g.id', '=', 't.goal_id').onRef('g.org_id', '=', 't.org_id'),
    )
    .select([
      't.id',
      't.org_id',
      't.metric',
      't.scope',
      't.period_start',
      't.period_end',
      'g.kind as goal_kind',
      'g.start_date',
      'g.due_date',
    ])
    .where('t.kind', '=', 'kpi')
    .where('t.direction', '=', 'at_least')
    .where('t.metric', 'in', QUOTA_METRICS)
    .execute();
  if (candidates.length === 0) return;

  const quotas = new Map<string, { value: number; importId: number }>();
  const rows: {
    org_id: number;
    scope: string;
    metric: string;
    period_start: string;
    period_end: string;
    value: unknown;
    import_id: unknown;
  }[] = await db
    .selectFrom('targets')
    .select(['org_id', 'scope', 'metric', 'period_start', 'period_end', 'value', 'import_id'])
    .execute();
  const keyOf = (orgId: number, scope: string, metric: string, start: string, end: string) =>
    `${orgId}\u0000${scope}\u0000${metric}\u0000${start}\u0000${end}`;
  for (const row of rows) {
    quotas.set(keyOf(row.org_id, row.scope, row.metric, row.period_start, row.period_end), {
      value: Number(row.value),
      importId: Number(row.import_id),
    });
  }

  const linked: number[] = [];
  const copied: { id: number; value: number }[] = [];
  for (const t of candidates) {
    if (t.goal_kind === 'quota') {
      linked.push(t.id);
      continue;
    }
    const quota = quotas.get(
      keyOf(t.org_id, t.scope ?? 'org', t.metric, t.period_start ?? t.start_date, t.period_end ?? t.due_date),
    );
    // No quota left for it (an import removed the row): it showed no target value and keeps none.
    if (!quota) continue;
    if (quota.importId === 0) linked.push(t.id);
    else copied.push({ id: t.id, value: quota.value });
  }
  for (let i = 0; i < linked.length; i += 500) {
    await db
      .updateTable('goal_targets')
      .set({ is_quota: 1, start_value: null, target_value: null })
      .where('id', 'in', linked.slice(i, i + 500))
      .execute();
  }
  for (const { id, value } of copied) {
    await db
      .updateTable('goal_targets')
      .set({ is_quota: 0, start_value: null, target_value: value })
      .where('id', '=', id)
      .execute();
  }
}
