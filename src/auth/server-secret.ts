import { generateRandomString } from 'better-auth/crypto';
import type { Store } from '../db/database.ts';
import { keepServerSetting } from '../db/server-settings-repo.ts';

/**
 * The secret sessions are signed with: UDN_SECRET when given, else one generated on the first run
 * and kept in the database, so sessions survive restarts and every process on one database agrees.
 */
export async function serverSecret(store: Store, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const given = env.UDN_SECRET?.trim();
  if (given) {
    if (given.length < 32) throw new Error('UDN_SECRET must be at least 32 characters long');
    return given;
  }
  return keepServerSetting(store.db, 'secret', generateRandomString(64, 'a-z', 'A-Z', '0-9'));
}
