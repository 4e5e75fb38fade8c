import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, Database } from './schema.ts';

export type ApiTokenRow = Omit<Selectable<ApiTokensTable>, 'token_hash'>;

const COLUMNS = [
  'id',
  'org_id',
  'user_id',
  'name',
  'scope',
  'prefix',
  'created_at',
  'expires_at',
  'last_used_at',
  'revoked_at',
] as const;

const num = (v: number | null): number | null => (v === null ? null : Number(v));
const toRow = (row: ApiTokenRow): ApiTokenRow => ({
  ...row,
  created_at: Number(row.created_at),
  expires_at: num(row.expires_at),
  last_used_at: num(row.last_used_at),
  revoked_at: num(row.revoked_at),
});

export async function insertApiToken(
  db: Kysely<Database>,
  values: Omit<ApiTokensTable, 'id' | 'last_used_at' | 'revoked_at'>,
): Promise<ApiTokenRow> {
  const row = await db
    .insertInto('api_tokens')
    .values({ ...values, last_used_at: null, revoked_at: null })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRow(row);
}

/** The token of this hash, whatever its state (the caller decides on revoked and expired). */
export async function findApiTokenByHash(
  db: Kysely<Database>,
  hash: string,
): Promise<ApiTokenRow | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(COLUMNS)
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export async function listApiTokens(
  db: Kysely<Database>,
  orgId: number,
  userId?: string,
): Promise<ApiTokenRow[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .$if(userId !== undefined, (q) => q.where('user_id', '=', userId!))
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toRow);
}
