import type { Insertable, Kysely } from 'kysely';
import type { AuditLogTable, Database } from './schema.ts';

export async function insertAuditEntry(
  db: Kysely<Database>,
  entry: Insertable<AuditLogTable>,
): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}
