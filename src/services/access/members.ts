import type { Principal } from '../../core/access/principal.ts';
import type { Role } from '../../core/access/roles.ts';
import type { MemberView } from '../../core/contracts/access.ts';
import { DomainError, forbidden, invalid, notFound } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import {
  deleteMember,
  findMember,
  lastSignIns,
  linkedRepIds,
  listMembers,
  lockedOwnerCount,
  type MemberRecord,
  putMember,
  setMemberRep,
  unlinkedRepMembers,
} from '../../db/members-repo.ts';
import { listReps, type RepRow } from '../../db/reference-repo.ts';
import { findUserById, normalEmail } from '../../db/users-repo.ts';
import { auditNothingChanged, recordAudit } from './audit.ts';
import { memberChanged } from './principal-changes.ts';

/** What a membership is: its role, and the rep record or teams the role is about. */
export interface MembershipInput {
  role: Role;
  repId: string | null;
  teams: readonly string[];
}

/** Who changed it and from where, for the audit log. */
export interface ChangeSource {
  principal: Principal;
  ip: string | null;
}

export async function listMemberViews(store: Store, orgId: number): Promise<MemberView[]> {
  const members = await listMembers(store.db, orgId);
  const reps = new Map((await listReps(store.db, orgId)).map((rep) => [rep.id, rep]));
  const signIns = await lastSignIns(
    store.db,
    members.map((m) => m.userId),
  );
  return members.map((m) => {
    const lastSignIn = signIns.get(m.userId);
    return {
      userId: m.userId,
      name: m.name,
      email: m.email,
      role: m.role,
      repId: m.repId,
      repName: m.repId === null ? null : (reps.get(m.repId)?.name ?? null),
      teams: m.teams,
      createdAt: new Date(m.createdAt).toISOString(),
      lastSignInAt: lastSignIn === undefined ? null : new Date(lastSignIn).toISOString(),
    };
  });
}

export async function memberView(store: Store, orgId: number, userId: string): Promise<MemberView> {
  const view = (await listMemberViews(store, orgId)).find((m) => m.userId === userId);
  if (!view) throw notFound('member', userId);
  return view;
}

/**
 * Refuses a membership naming what the organisation does not have: teams are those of reps.csv, a
 * rep id one of its rep records. Teams belong to managers only; other roles keep none.
 */
export async function checkMembership(
  store: Store,
  orgId: number,
  input: MembershipInput,
): Promise<MembershipInput> {
  const reps = await listReps(store.db, orgId);
  const teams = new Set(reps.map((rep) => rep.team).filter((team): team is string => team !== null));
  const wanted = [...new Set(input.teams.map((team) => team.trim()))];
  wanted.forEach((team, i) => {
    if (!teams.has(team)) {
      const known = [...teams].sort().join(', ') || 'none yet: import reps.csv first';
      throw invalid(`teams.${i}`, `no team "${team}" in this organisation's reps (teams: ${known})`, {
        rule: 'unknown_team',
        team,
      });
    }
  });
  if (input.repId !== null && !reps.some((rep) => rep.id === input.repId)) {
    throw invalid('repId', `no rep "${input.repId}" in this organisation's reps`, {
      rule: 'unknown_rep',
      repId: input.repId,
    });
  }
  return { role: input.role, repId: input.repId, teams: input.role === 'manager' ? wanted : [] };
}

/** The rep record whose e-mail is the person's, when no other member is linked to it already. */
function repOfEmail(reps: readonly RepRow[], taken: ReadonlySet<string>, email: string): RepRow | undefined {
  const wanted = normalEmail(email);
  return reps.find((rep) => rep.email !== null && normalEmail(rep.email) === wanted && !taken.has(rep.id));
}

/** The membership to store: a rep without a rep id is linked to the rep record that has their e-mail. */
export async function memberRecordFor(
  store: Store,
  orgId: number,
  user: { id: string; email: string },
  checked: MembershipInput,
): Promise<MemberRecord> {
  let repId = checked.repId;
  if (checked.role === 'rep' && repId === null) {
    const reps = await listReps(store.db, orgId);
    repId = repOfEmail(reps, await linkedRepIds(store.db, orgId), user.email)?.id ?? null;
  }
  return { orgId, userId: user.id, role: checked.role, repId, teams: [...checked.teams] };
}

/** Only an owner makes, changes or removes an owner. */
function requireOwnerFor(principal: Principal, what: string): void {
  if (principal.role !== 'owner') throw forbidden(`only an owner can ${what}`, { rule: 'owner_only' });
}

const lastOwner = (what: string) =>
  new DomainError(
    'conflict',
    `this is the organisation's last owner: make another member owner first, then ${what}`,
    { params: { rule: 'last_owner' } },
  );

const describe = (m: MembershipInput) =>
  `${m.role}${m.repId ? ` (rep ${m.repId})` : ''}${m.teams.length ? ` of ${m.teams.join(', ')}` : ''}`;

/**
 * Adds a person to the organisation (or changes their membership when they are one), checking what
 * it names; a rep without a rep id is linked to the rep record that has their e-mail.
 */
export async function addMember(
  store: Store,
  source: ChangeSource,
  userId: string,
  input: MembershipInput,
): Promise<MemberView> {
  const orgId = source.principal.orgId;
  const user = await findUserById(store.db, userId);
  if (!user) throw notFound('user', userId);
  const checked = await checkMembership(store, orgId, input);
  const existing = await findMember(store.db, orgId, userId);
  if (checked.role === 'owner' || existing?.role === 'owner')
    requireOwnerFor(source.principal, 'make or change an owner');
  const member = await memberRecordFor(store, orgId, user, checked);
  const same =
    existing?.role === member.role &&
    existing.repId === member.repId &&
    JSON.stringify(existing.teams) === JSON.stringify(member.teams);
  if (same) {
    auditNothingChanged();
    return memberView(store, orgId, userId);
  }
  await store.db.transaction().execute(async (trx) => {
    const demotesOwner = existing?.role === 'owner' && member.role !== 'owner';
    if (demotesOwner && (await lockedOwnerCount(trx, store.dialect, orgId)) <= 1)
      throw lastOwner('change this role');
    await putMember(trx, member);
  });
  await recordAudit(store, {
    orgId,
    actor: source.principal,
    ip: source.ip,
    kind: 'member',
    action: existing ? 'updated' : 'added',
    subject: user.email,
    summary: existing
      ? `${user.email}: ${describe(existing)} → ${describe(member)}`
      : `${user.email} joined as ${describe(member)}`,
    ...(existing ? { before: existing } : {}),
    after: member,
  });
  return memberView(store, orgId, userId);
}

/** Changes a member's role, rep or teams (what is not given stays). */
export async function updateMember(
  store: Store,
  source: ChangeSource,
  userId: string,
  patch: {
    role?: Role | undefined;
    repId?: string | null | undefined;
    teams?: readonly string[] | undefined;
  },
): Promise<MemberView> {
  const orgId = source.principal.orgId;
  const existing = await findMember(store.db, orgId, userId);
  if (!existing) throw notFound('member', userId);
  const role = patch.role ?? existing.role;
  if (existing.role === 'owner' || role === 'owner')
    requireOwnerFor(source.principal, 'make or change an owner');
  const member = await addMember(store, source, userId, {
    role,
    repId: patch.repId !== undefined ? patch.repId : existing.repId,
    teams: patch.teams ?? existing.teams,
  });
  // Their open sessions and tokens act with the new role at once, on every server.
  await memberChanged(store, userId);
  return member;
}

/** Removes a member from the organisation; the person's account stays (other organisations, a later invitation). */
export async function removeMember(store: Store, source: ChangeSource, userId: string): Promise<void> {
  const orgId = source.principal.orgId;
  const existing = await findMember(store.db, orgId, userId);
  if (!existing) throw notFound('member', userId);
  if (existing.role === 'owner') requireOwnerFor(source.principal, 'remove an owner');
  const user = await findUserById(store.db, userId);
  await store.db.transaction().execute(async (trx) => {
    if (existing.role === 'owner' && (await lockedOwnerCount(trx, store.dialect, orgId)) <= 1) {
      throw lastOwner('remove this one');
    }
    await deleteMember(trx, orgId, userId);
  });
  await memberChanged(store, userId);
  await recordAudit(store, {
    orgId,
    actor: source.principal,
    ip: source.ip,
    kind: 'member',
    action: 'removed',
    subject: user?.email ?? userId,
    summary: `${user?.email ?? userId} (${describe(existing)}) removed from the organisation`,
    before: existing,
  });
}

/**
 * Links every rep member not linked yet to the rep record that has their e-mail (reps.csv's email
 * column): called after each successful import, which may have brought that record. Returns how many.
 */
export async function linkRepsByEmail(store: Store, orgId: number): Promise<number> {
  const unlinked = await unlinkedRepMembers(store.db, orgId);
  if (unlinked.length === 0) return 0;
  const reps = await listReps(store.db, orgId);
  const taken = await linkedRepIds(store.db, orgId);
  let linked = 0;
  for (const member of unlinked) {
    const rep = repOfEmail(reps, taken, member.email);
    if (!rep) continue;
    taken.add(rep.id);
    await setMemberRep(store.db, orgId, member.userId, rep.id);
    await recordAudit(store, {
      orgId,
      actor: null,
      ip: null,
      kind: 'member',
      action: 'linked',
      subject: member.email,
      summary: `${member.email} linked to rep ${rep.id} (${rep.name}) by e-mail`,
      after: { repId: rep.id },
    });
    linked++;
  }
  return linked;
}
