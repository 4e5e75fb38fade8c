import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

/**
 * Scheduled digests and the clock of scheduled jobs (issue 14, docs/adr/0022). A digest sends a
 * dashboard (or a rep's built-in "My week" when dashboard_id is null) daily, weekly or monthly at a
 * local time. `scheduled_jobs` is every scheduled job's next due time, kept in the database so a job
 * runs once across servers (with an advisory lock), survives restarts, and a missed run is caught up
 * once.
 *
 * Frozen: this migration imports nothing from the app.
 */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  const id = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey();
  await db.schema
    .createTable('digests')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // null: each recipient's own "My week".
    .addColumn('dashboard_id', 'integer')
    // daily, weekly, monthly
    .addColumn('frequency', 'text', (c) => c.notNull())
    // 1 (Monday) .. 7 for weekly; 1..28 for monthly; null for daily.
    .addColumn('day', 'integer')
    // 'HH:MM' in the organisation's time zone.
    .addColumn('local_time', 'text', (c) => c.notNull())
    // JSON {users: string[], teams: string[], emails: string[]}.
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('attach_pdf', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_sent_at', 'bigint')
    .addColumn('last_status', 'text')
    .addColumn('last_message', 'text')
    .execute();
  await db.schema.createIndex('digests_org_idx').on('digests').columns(['org_id', 'id']).execute();
  await db.schema
    .createTable('scheduled_jobs')
    // e.g. 'digest:12', 'alerts:3', 'webhooks'.
    .addColumn('name', 'text', (c) => c.primaryKey().notNull())
    .addColumn('next_run_at', 'bigint', (c) => c.notNull())
    .addColumn('last_run_at', 'bigint')
    .addColumn('last_status', 'text')
    .addColumn('last_message', 'text')
    .execute();
}
