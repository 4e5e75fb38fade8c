import type { Kysely } from 'kysely';
import { ROLES, type Role } from '../core/access/roles.ts';
import type { DialectName } from './dialect.ts';
import type { Database } from './schema.ts';

/** A person's place in one organisation. */
export interface MemberRecord {
  orgId: number;
  userId: string;
  role: Role;
  repId: string | null;
  teams: string[];
}

export const toRole = (role: string): Role => {
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`unknown role "${role}" in members`);
  return role as Role;
};

export const parseTeams = (teams: string): string[] => {
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

/** A member as the members page lists them: the person's name and e-mail beside the membership. */
export interface MemberListRow extends MemberRecord {
  name: string;
  email: string;
  createdAt: number;
}

export async function listMembers(db: Kysely<Database>, orgId: number): Promise<MemberListRow[]> {
  const rows = await db
    .selectFrom('members')
    .innerJoin('user', 'user.id', 'members.user_id')
    .select([
      'members.org_id',
      'members.user_id',
      'members.role',
      'members.rep_id',
      'members.teams',
      'members.created_at',
      'user.name',
      'user.email',
    ])
    .where('members.org_id', '=', orgId)
    .orderBy('user.email')
    .execute();
  return rows.map((row) => ({
    orgId: row.org_id,
    userId: row.user_id,
    role: toRole(row.role),
    repId: row.rep_id,
    teams: parseTeams(row.teams),
    name: row.name,
    email: row.email,
    createdAt: row.created_at,
  }));
}

/** When each person last signed in (their newest better-auth session), epoch ms. */
export async function lastSignIns(
  db: Kysely<Database>,
  userIds: readonly string[],
): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('session')
    .select(['userId', (eb) => eb.fn.max('createdAt').as('last')])
    .where('userId', 'in', [...userIds])
    .groupBy('userId')
    .execute();
  const result = new Map<string, number>();
  for (const row of rows) {
    // better-auth writes Date objects on PostgreSQL, ISO text on SQLite.
    const at = row.last instanceof Date ? row.last.getTime() : Date.parse(String(row.last));
    if (Number.isFinite(at)) result.set(row.userId, at);
  }
  return result;
}

export async function deleteMember(db: Kysely<Database>, orgId: number, userId: string): Promise<void> {
  await db.deleteFrom('members').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
}

/**
 * The organisation's owners, counted inside a transaction about to demote or remove one: on
 * PostgreSQL their rows are locked, so two owners removing each other at once cannot both pass the
 * last-owner check (SQLite has one writer at a time already).
 */
export async function lockedOwnerCount(
  trx: Kysely<Database>,
  dialect: DialectName,
  orgId: number,
): Promise<number> {
  const rows = await trx
    .selectFrom('members')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'owner')
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .execute();
  return rows.length;
}

/** Rep members not yet linked to a rep record, with their e-mail (what links them). */
export async function unlinkedRepMembers(
  db: Kysely<Database>,
  orgId: number,
): Promise<{ userId: string; email: string }[]> {
  return db
    .selectFrom('members')
    .innerJoin('user', 'user.id', 'members.user_id')
    .select(['members.user_id as userId', 'user.email'])
    .where('members.org_id', '=', orgId)
    .where('members.role', '=', 'rep')
    .where('members.rep_id', 'is', null)
    .execute();
}

/** Rep ids already some member's. */
export async function linkedRepIds(db: Kysely<Database>, orgId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('members')
    .select('rep_id')
    .where('org_id', '=', orgId)
    .where('rep_id', 'is not', null)
    .execute();
  return new Set(rows.map((row) => row.rep_id!));
}

export async function setMemberRep(
  db: Kysely<Database>,
  orgId: number,
  userId: string,
  repId: string,
): Promise<void> {
  await db
    .updateTable('members')
    .set({ rep_id: repId, updated_at: Date.now() })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
}
