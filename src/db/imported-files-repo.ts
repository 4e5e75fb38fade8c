import { type Kysely, sql } from 'kysely';
import type { DialectName } from './dialect.ts';
import type { Database, ImportedFilesTable } from './schema.ts';

/** What the last successful import of one file read (docs/adr/0011-no-op-imports.md). */
export type ImportedFileRecord = Omit<ImportedFilesTable, 'org_id'>;

/** The organisation's imported-file records by file name. */
export async function findImportedFiles(
  db: Kysely<Database>,
  orgId: number,
): Promise<Map<string, ImportedFileRecord>> {
  const rows = await db.selectFrom('imported_files').selectAll().where('org_id', '=', orgId).execute();
  return new Map(
    rows.map(({ org_id: _, ...row }) => [
      row.file,
      { ...row, size: Number(row.size), rows: Number(row.rows), data_version: Number(row.data_version) },
    ]),
  );
}

/** Records the files of a successful import, replacing what earlier imports recorded for them. */
export async function saveImportedFiles(
  db: Kysely<Database>,
  orgId: number,
  records: readonly ImportedFileRecord[],
): Promise<void> {
  for (const record of records) {
    const { file, ...rest } = record;
    await db
      .insertInto('imported_files')
      .values({ org_id: orgId, ...record })
      .onConflict((oc) => oc.columns(['org_id', 'file']).doUpdateSet(rest))
      .execute();
  }
}

/**
 * The organisation's data version, read so that no other import can change it before this
 * transaction ends: PostgreSQL locks the row. SQLite runs one writer at a time, and a transaction
 * that read before another connection's write can never write after it (SQLITE_BUSY at once, no
 * waiting): so on SQLite the import takes the write lock first, with a write that changes nothing,
 * and a server's small write that lands meanwhile (an audit row, a last-use time) makes the import
 * wait for it instead of failing it.
 */
export async function lockedDataVersion(
  trx: Kysely<Database>,
  dialect: DialectName,
  orgId: number,
): Promise<number> {
  if (dialect === 'sqlite') {
    await trx.updateTable('orgs').set({ data_version: sql`data_version` }).where('id', '=', orgId).execute();
  }
  const row = await trx
    .selectFrom('orgs')
    .select('data_version')
    .where('id', '=', orgId)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirstOrThrow();
  return Number(row.data_version);
}
