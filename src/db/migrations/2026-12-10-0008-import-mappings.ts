import type { Kysely } from 'kysely';

/**
 * Saved column mappings (issue 13): a mapping document per organisation and name, so an export
 * mapped once is imported the same way next week, from the Data page, the CLI or a scheduled source.
 * The document is the JSON of src/core/contracts/mapping.ts, validated before it is written.
 *
 * Frozen: this migration imports nothing from the app.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_mappings')
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    // The member who saved it last; null when saved by the CLI or a member since removed.
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('import_mappings_pk', ['org_id', 'name'])
    .execute();
}
