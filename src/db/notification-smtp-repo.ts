import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/*
 * The SMTP server set on the notification settings page, in server_settings (one per server, like
 * UDN_SMTP_URL): the URL without its password, the password sealed (services/sources/source-secret.ts),
 * and the From address.
 */

export const SMTP_KEYS = { url: 'smtp.url', password: 'smtp.password', from: 'smtp.from' } as const;

export interface StoredSmtp {
  /** smtp(s)://user@host:port, no password. */
  url: string;
  /** Sealed; null when the server takes no password. */
  sealedPassword: string | null;
  from: string | null;
}

export async function readStoredSmtp(db: Kysely<Database>): Promise<StoredSmtp | null> {
  const rows = await db
    .selectFrom('server_settings')
    .select(['key', 'value'])
    .where('key', 'in', Object.values(SMTP_KEYS))
    .execute();
  const value = (key: string) => rows.find((r) => r.key === key)?.value ?? null;
  const url = value(SMTP_KEYS.url);
  return url ? { url, sealedPassword: value(SMTP_KEYS.password), from: value(SMTP_KEYS.from) } : null;
}

/** Replaces the stored SMTP server (null: removes it). */
export async function writeStoredSmtp(db: Kysely<Database>, smtp: StoredSmtp | null): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('server_settings').where('key', 'in', Object.values(SMTP_KEYS)).execute();
    if (!smtp) return;
    const rows = [
      { key: SMTP_KEYS.url, value: smtp.url },
      ...(smtp.sealedPassword !== null ? [{ key: SMTP_KEYS.password, value: smtp.sealedPassword }] : []),
      ...(smtp.from !== null ? [{ key: SMTP_KEYS.from, value: smtp.from }] : []),
    ];
    await tx.insertInto('server_settings').values(rows).execute();
  });
}
