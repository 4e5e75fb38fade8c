import { generateRandomString, hashPassword } from 'better-auth/crypto';
import type { Kysely } from 'kysely';
import type { DialectName } from './dialect.ts';
import type { Database } from './schema.ts';

/**
 * People as better-auth stores them (`user`, and `account` rows of provider `credential` holding the
 * password hash, scrypt by better-auth). The CLI and first-run setup make people here, on the
 * database directly, in the same shape better-auth's sign-up writes, so either can sign them in.
 */
export interface UserRecord {
  id: string;
  name: string;
  email: string;
}

export const normalEmail = (email: string): string => email.trim().toLowerCase();

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserRecord | undefined> {
  return db
    .selectFrom('user')
    .select(['id', 'name', 'email'])
    .where('email', '=', normalEmail(email))
    .executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRecord | undefined> {
  return db.selectFrom('user').select(['id', 'name', 'email']).where('id', '=', id).executeTakeFirst();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('user')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** better-auth writes dates as Date objects on PostgreSQL and ISO text on SQLite, booleans likewise. */
const nowValue = (dialect: DialectName): Date | string =>
  dialect === 'postgres' ? new Date() : new Date().toISOString();

export async function insertUser(
  db: Kysely<Database>,
  dialect: DialectName,
  values: { email: string; name: string; password?: string | undefined },
): Promise<UserRecord> {
  const id = generateRandomString(32, 'a-z', 'A-Z', '0-9');
  const now = nowValue(dialect);
  const email = normalEmail(values.email);
  const isPg = dialect === 'postgres';
  await db
    .insertInto('user')
    .values({
      id,
      name: values.name,
      email,
      emailVerified: isPg ? false : 0,
      image: null,
      createdAt: now,
      updatedAt: now,
      twoFactorEnabled: isPg ? false : 0,
    })
    .execute();
  if (values.password !== undefined) await setPassword(db, dialect, id, values.password);
  return { id, name: values.name, email };
}

/** Sets (or replaces) a person's password, hashed by better-auth. */
export async function setPassword(
  db: Kysely<Database>,
  dialect: DialectName,
  userId: string,
  password: string,
): Promise<void> {
  const hash = await hashPassword(password);
  const now = nowValue(dialect);
  const existing = await db
    .selectFrom('account')
    .select('id')
    .where('userId', '=', userId)
    .where('providerId', '=', 'credential')
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('account')
      .set({ password: hash, updatedAt: now })
      .where('id', '=', existing.id)
      .execute();
    return;
  }
  await db
    .insertInto('account')
    .values({
      id: generateRandomString(32, 'a-z', 'A-Z', '0-9'),
      accountId: userId,
      providerId: 'credential',
      userId,
      accessToken: null,
      refreshToken: null,
      idToken: null,
      accessTokenExpiresAt: null,
      refreshTokenExpiresAt: null,
      scope: null,
      password: hash,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
}

/** Whether the person has a password (people made by the CLI or the demo may have none yet). */
export async function hasPassword(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('account')
    .select('id')
    .where('userId', '=', userId)
    .where('providerId', '=', 'credential')
    .where('password', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}
