import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

/**
 * Annotations (issue 14): a day or a range of days with a note ("price increase", "new rep joined"),
 * kept for the organisation (team null) or one team, drawn on every time chart of that scope.
 *
 * Frozen: this migration imports nothing from the app.
 */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  const id = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey();
  await db.schema
    .createTable('annotations')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('team', 'text')
    // 'YYYY-MM-DD', inclusive; a single day has from_day = to_day.
    .addColumn('from_day', 'text', (c) => c.notNull())
    .addColumn('to_day', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('annotations_org_idx')
    .on('annotations')
    .columns(['org_id', 'from_day'])
    .execute();
}
