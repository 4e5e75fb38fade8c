import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Settings of the whole server (not of one organisation): its secret, whether setup ran. */
export async function readServerSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('server_settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

/**
 * Writes `value` under `key` unless the key is already there, and answers what the key holds
 * afterwards: of two processes starting at once, both end with the value the first one wrote.
 */
export async function keepServerSetting(db: Kysely<Database>, key: string, value: string): Promise<string> {
  await db
    .insertInto('server_settings')
    .values({ key, value })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  const kept = await readServerSetting(db, key);
  if (kept === undefined) throw new Error(`server setting "${key}" was not kept`);
  return kept;
}

/** Inserts `key` only when absent; false when it was there already (the one-time setup's guard). */
export async function claimServerSetting(db: Kysely<Database>, key: string, value: string): Promise<boolean> {
  const result = await db
    .insertInto('server_settings')
    .values({ key, value })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
