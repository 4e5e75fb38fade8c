import { type Kysely, sql } from 'kysely';

/** Saved dashboards: widgets as one JSON document, `version` for optimistic concurrency. */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  await db.schema
    .createTable('dashboards')
    .addColumn('id', serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('widgets', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dashboards_org_idx').on('dashboards').columns(['org_id', 'id']).execute();
  // At most one default per organisation, so two first visits at once cannot both seed one.
  await db.schema
    .createIndex('dashboards_default_idx')
    .unique()
    .on('dashboards')
    .column('org_id')
    .where(sql.ref('is_default'), '=', 1)
    .execute();
}
