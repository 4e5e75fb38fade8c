import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';

/**
 * Goals, their targets, the history of hand-entered values, and tasks (docs/adr/0005). Sales quotas
 * stay in `targets` (KPI #1 reads them); a goal's KPI quota target references its row by key.
 * Instants are epoch milliseconds, calendar days `YYYY-MM-DD` text, as everywhere else.
 */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  const id = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey();

  await db.schema
    .createTable('goal_folders')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('goal_folders_org_idx')
    .on('goal_folders')
    .columns(['org_id', 'position'])
    .execute();

  await db.schema
    .createTable('goals')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('folder_id', 'integer')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('owner_rep_id', 'text')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('user'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('goals_org_folder_idx').on('goals').columns(['org_id', 'folder_id']).execute();
  // One quota goal per period: two syncs racing (server and CLI) cannot both create it.
  await db.schema
    .createIndex('goals_quota_period_idx')
    .unique()
    .on('goals')
    .columns(['org_id', 'start_date', 'due_date'])
    .where(sql.ref('kind'), '=', 'quota')
    .execute();

  await db.schema
    .createTable('goal_shares')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('goal_id', 'integer', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('goal_shares_pk', ['org_id', 'goal_id', 'scope'])
    .execute();
  await db.schema
    .createIndex('goal_shares_scope_idx')
    .on('goal_shares')
    .columns(['org_id', 'scope'])
    .execute();

  await db.schema
    .createTable('goal_targets')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('goal_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('weight', 'double precision')
    .addColumn('start_value', 'double precision')
    .addColumn('target_value', 'double precision')
    .addColumn('current_value', 'double precision')
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('metric', 'text')
    .addColumn('scope', 'text')
    .addColumn('direction', 'text', (c) => c.notNull().defaultTo('at_least'))
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('goal_targets_goal_idx')
    .on('goal_targets')
    .columns(['org_id', 'goal_id', 'position'])
    .execute();
  // Which goal targets reference a quota (scope, metric): the look-up before a quota row is deleted.
  await db.schema
    .createIndex('goal_targets_quota_idx')
    .on('goal_targets')
    .columns(['org_id', 'metric', 'scope'])
    .execute();

  await db.schema
    .createTable('target_updates')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('target_updates_target_idx')
    .on('target_updates')
    .columns(['org_id', 'target_id', 'id'])
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().defaultTo('todo'))
    .addColumn('assignee_rep_id', 'text')
    .addColumn('due_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('completed_at', 'bigint')
    .addColumn('deal_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('target_id', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('tasks_assignee_idx')
    .on('tasks')
    .columns(['org_id', 'assignee_rep_id', 'status'])
    .execute();
  await db.schema.createIndex('tasks_target_idx').on('tasks').columns(['org_id', 'target_id']).execute();
  await db.schema
    .createIndex('tasks_due_idx')
    .on('tasks')
    .columns(['org_id', 'status', 'due_date'])
    .execute();
  await db.schema
    .createIndex('tasks_completed_idx')
    .on('tasks')
    .columns(['org_id', 'completed_at'])
    .execute();
}
