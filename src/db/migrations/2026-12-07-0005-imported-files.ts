import type { Kysely } from 'kysely';

/**
 * What the last successful import of each file of an organisation read: the SHA-256 of its bytes,
 * its size and row count, the organisation's data version after that import, and the importer
 * rules it was read under. A later import of the same bytes is skipped without parsing while
 * nothing can have changed since (docs/adr/0011-no-op-imports.md). Frozen: imports nothing of the app.
 */
// biome-ignore lint/suspicious/noExplicitAny: a frozen migration does not follow the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('imported_files')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('data_version', 'integer', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('imported_files_pkey', ['org_id', 'file'])
    .execute();
}
