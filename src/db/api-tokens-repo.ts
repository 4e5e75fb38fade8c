import type { Kysely, Selectable } from 'kysely';
import { type MemberRecord, parseTeams, toRole } from './members-repo.ts';
import type { ApiTokensTable, Database } from './schema.ts';
import type { UserRecord } from './users-repo.ts';

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

/**
 * The token of this hash with its person and their membership of the token's organisation, in
 * one query (it runs on every request a script makes); undefined when the token is unknown or its
 * person is no member there any more. Revoked and expired tokens come back: the caller decides.
 */
export async function findTokenWithMember(
  db: Kysely<Database>,
  hash: string,
): Promise<{ token: ApiTokenRow; user: UserRecord; member: MemberRecord } | undefined> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('members as m', (join) =>
      join.onRef('m.org_id', '=', 't.org_id').onRef('m.user_id', '=', 't.user_id'),
    )
    .innerJoin('user as u', 'u.id', 't.user_id')
    .select(COLUMNS.map((c) => `t.${c}` as const))
    .select(['m.role', 'm.rep_id', 'm.teams', 'u.name as user_name', 'u.email as user_email'])
    .where('t.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { role, rep_id, teams, user_name, user_email, ...token } = row;
  return {
    token: toRow(token),
    user: { id: token.user_id, name: user_name, email: user_email },
    member: {
      orgId: token.org_id,
      userId: token.user_id,
      role: toRole(role),
      repId: rep_id,
      teams: parseTeams(teams),
    },
  };
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
