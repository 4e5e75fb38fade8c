import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Whether the person turned on two-factor sign-in (better-auth's twoFactor plugin keeps it on `user`). */
export async function twoFactorEnabled(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('user')
    .select('twoFactorEnabled')
    .where('id', '=', userId)
    .executeTakeFirst();
  const value = row?.twoFactorEnabled;
  return value === true || value === 1;
}
