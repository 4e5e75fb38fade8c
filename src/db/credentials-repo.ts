import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** The tables of secrets handed to people (personal access tokens, share links): same life cycle. */
export type CredentialTable = 'api_tokens' | 'share_links';

export async function touchCredential(
  db: Kysely<Database>,
  table: CredentialTable,
  id: number,
  at: number,
): Promise<void> {
  await db.updateTable(table).set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Revokes it; false when it is unknown in this organisation or already revoked. */
export async function revokeCredential(
  db: Kysely<Database>,
  table: CredentialTable,
  orgId: number,
  id: number,
  at: number,
): Promise<boolean> {
  const result = await db
    .updateTable(table)
    .set({ revoked_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
