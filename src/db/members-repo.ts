import type { Kysely } from 'kysely';
import { ROLES, type Role } from '../core/access/roles.ts';
import type { Database } from './schema.ts';

/** A person's place in one organisation. */
export interface MemberRecord {
  orgId: number;
  userId: string;
  role: Role;
  repId: string | null;
  teams: string[];
}

const toRole = (role: string): Role => {
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`unknown role "${role}" in members`);
  return role as Role;
};

const parseTeams = (teams: string): string[] => {
  const parsed: unknown = JSON.parse(teams);
  return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
};

export async function findMember(
  db: Kysely<Database>,
  orgId: number,
  userId: string,
): Promise<MemberRecord | undefined> {
  const row = await db
    .selectFrom('members')
    .select(['org_id', 'user_id', 'role', 'rep_id', 'teams'])
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row
    ? {
        orgId: row.org_id,
        userId: row.user_id,
        role: toRole(row.role),
        repId: row.rep_id,
        teams: parseTeams(row.teams),
      }
    : undefined;
}

/** Every organisation a person belongs to, oldest membership first. */
export async function membershipsOf(db: Kysely<Database>, userId: string): Promise<MemberRecord[]> {
  const rows = await db
    .selectFrom('members')
    .select(['org_id', 'user_id', 'role', 'rep_id', 'teams'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('org_id')
    .execute();
  return rows.map((row) => ({
    orgId: row.org_id,
    userId: row.user_id,
    role: toRole(row.role),
    repId: row.rep_id,
    teams: parseTeams(row.teams),
  }));
}

/** Adds the person to the organisation, or changes their role, rep and teams there. */
export async function putMember(db: Kysely<Database>, member: MemberRecord): Promise<void> {
  const now = Date.now();
  const values = {
    role: member.role,
    rep_id: member.repId,
    teams: JSON.stringify(member.teams),
    updated_at: now,
  };
  const updated = await db
    .updateTable('members')
    .set(values)
    .where('org_id', '=', member.orgId)
    .where('user_id', '=', member.userId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  await db
    .insertInto('members')
    .values({ org_id: member.orgId, user_id: member.userId, ...values, created_at: now })
    .execute();
}
