import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

/**
 * Scheduled sources (issue 13, docs/adr/0021): a URL or a server-side folder an organisation's data
 * is pulled from on a cron schedule, with what the last pull saw (ETag, Last-Modified, SHA-256 of
 * the body last imported) so an unchanged file is skipped, and a log of its last runs. A header
 * value (an API key) is stored encrypted with a key derived from the server secret, and its last
 * characters apart, so lists can show it masked without decrypting it.
 *
 * Frozen: this migration imports nothing from the app.
 */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const serial = dialect === 'postgres' ? 'serial' : 'integer';
  const id = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey();
  await db.schema
    .createTable('import_sources')
    .addColumn('id', serial, id)
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // 'url' or 'folder'; location is the URL or the directory.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('header_name', 'text')
    .addColumn('header_secret', 'text')
    .addColumn('header_tail', 'text')
    // A saved mapping's name, or an inline mapping document (JSON); neither: recognised by header.
    .addColumn('mapping_name', 'text')
    .addColumn('mapping', 'text')
    // Comma-separated tables the source's files are full snapshots of.
    .addColumn('snapshot', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_hash', 'text')
    .addColumn('last_status', 'text')
    .addColumn('last_message', 'text')
    .addColumn('last_run_at', 'bigint')
    .addColumn('last_import_id', 'integer')
    // Failed tries since the last success; a retry is due at retry_at (null: none pending).
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('import_sources_org_name_idx')
    .on('import_sources')
    .columns(['org_id', 'name'])
    .unique()
    .execute();
  await db.schema
    .createTable('import_source_runs')
    .addColumn('id', serial, id)
    .addColumn('source_id', 'integer', (c) => c.notNull().references('import_sources.id').onDelete('cascade'))
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    // running, succeeded, skipped, failed, retrying
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('import_id', 'integer')
    .addColumn('bytes', 'bigint')
    .addColumn('trigger', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('import_source_runs_source_idx')
    .on('import_source_runs')
    .columns(['source_id', 'id'])
    .execute();
}
