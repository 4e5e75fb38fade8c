import type { Kysely } from 'kysely';
import { ROLES, type Role } from '../core/access/roles.ts';
import type { Database, InvitationsTable } from './schema.ts';

/** An invitation to join an organisation; its secret is kept only as a hash. */
export interface InvitationRecord {
  id: number;
  orgId: number;
  /** null: a link anyone holding it may accept once. */
  email: string | null;
  role: Role;
  repId: string | null;
  teams: string[];
  invitedBy: string | null;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  acceptedBy: string | null;
  revokedAt: number | null;
}

type Row = Omit<InvitationsTable, 'id'> & { id: number };

const toRecord = (row: Row): InvitationRecord => {
  if (!(ROLES as readonly string[]).includes(row.role))
    throw new Error(`unknown role "${row.role}" in invitations`);
  const teams: unknown = JSON.parse(row.teams);
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    role: row.role as Role,
    repId: row.rep_id,
    teams: Array.isArray(teams) ? teams.filter((t): t is string => typeof t === 'string') : [],
    invitedBy: row.invited_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    acceptedBy: row.accepted_by,
    revokedAt: row.revoked_at,
  };
};

export async function insertInvitation(
  db: Kysely<Database>,
  values: {
    orgId: number;
    email: string | null;
    role: Role;
    repId: string | null;
    teams: readonly string[];
    tokenHash: string;
    invitedBy: string | null;
    createdAt: number;
    expiresAt: number;
  },
): Promise<InvitationRecord> {
  const { id } = await db
    .insertInto('invitations')
    .values({
      org_id: values.orgId,
      email: values.email,
      role: values.role,
      rep_id: values.repId,
      teams: JSON.stringify(values.teams),
      token_hash: values.tokenHash,
      invited_by: values.invitedBy,
      created_at: values.createdAt,
      expires_at: values.expiresAt,
      accepted_at: null,
      accepted_by: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await findInvitation(db, values.orgId, id))!;
}

/** The organisation's invitations, newest first. */
export async function listInvitations(db: Kysely<Database>, orgId: number): Promise<InvitationRecord[]> {
  const rows = await db
    .selectFrom('invitations')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toRecord);
}

export async function findInvitation(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<InvitationRecord | undefined> {
  const row = await db
    .selectFrom('invitations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function findInvitationByHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<InvitationRecord | undefined> {
  const row = await db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function revokeInvitation(
  db: Kysely<Database>,
  orgId: number,
  id: number,
  at: number,
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ revoked_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('accepted_at', 'is', null)
    .execute();
}

/**
 * Marks the invitation accepted by `userId` if it still may be (not accepted, not revoked, not
 * expired): false when another request took it first, so a link is accepted once however raced.
 */
export async function claimInvitation(
  db: Kysely<Database>,
  id: number,
  userId: string,
  at: number,
): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ accepted_at: at, accepted_by: userId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
