import type { Principal } from '../../core/access/principal.ts';
import type { Role } from '../../core/access/roles.ts';
import type { InvitationLookup, InvitationView } from '../../core/contracts/access.ts';
import { DomainError, forbidden, invalid, notFound } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import {
  claimInvitation,
  findInvitation,
  findInvitationByHash,
  type InvitationRecord,
  insertInvitation,
  listInvitations,
  revokeInvitation,
} from '../../db/invitations-repo.ts';
import { findMember, putMember } from '../../db/members-repo.ts';
import { findOrg } from '../../db/org-repo.ts';
import { findUserByEmail, findUserById, insertUser, normalEmail } from '../../db/users-repo.ts';
import { recordAudit } from './audit.ts';
import { type ChangeSource, checkMembership, memberRecordFor } from './members.ts';
import { hashSecret, newSecret } from './secrets.ts';

export const INVITATION_PREFIX = 'udn_inv_';
export const DEFAULT_INVITATION_DAYS = 7;
export const MIN_PASSWORD_LENGTH = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Sends an invitation e-mail; false when no mail can be sent (SMTP not configured). */
export type InvitationMailer = (message: {
  to: string;
  orgName: string;
  role: Role;
  url: string;
  invitedBy: string | null;
  expiresAt: Date;
  /** The inviter's language, which the e-mail speaks. */
  locale: 'en' | 'id';
}) => Promise<boolean>;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

async function viewOf(store: Store, invitation: InvitationRecord): Promise<InvitationView> {
  const inviter =
    invitation.invitedBy === null ? undefined : await findUserById(store.db, invitation.invitedBy);
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    repId: invitation.repId,
    teams: invitation.teams,
    createdAt: iso(invitation.createdAt)!,
    expiresAt: iso(invitation.expiresAt)!,
    acceptedAt: iso(invitation.acceptedAt),
    revokedAt: iso(invitation.revokedAt),
    invitedBy: inviter?.email ?? null,
  };
}

export async function listInvitationViews(store: Store, orgId: number): Promise<InvitationView[]> {
  const invitations = await listInvitations(store.db, orgId);
  return Promise.all(invitations.map((invitation) => viewOf(store, invitation)));
}

export interface NewInvitation {
  email?: string | null | undefined;
  role: Role;
  repId?: string | null | undefined;
  teams?: readonly string[] | undefined;
  expiresInDays?: number | undefined;
  /** The language of the e-mail (the inviter's); default English. */
  locale?: 'en' | 'id' | undefined;
}

/**
 * Invites by e-mail (sent when a mailer can) or by link (no e-mail: anyone holding it may accept
 * once). The secret is returned once, inside `url`, and kept only as its hash.
 */
export async function createInvitation(
  store: Store,
  source: ChangeSource,
  input: NewInvitation,
  options: { baseUrl: string; mailer?: InvitationMailer | undefined },
  now = Date.now(),
): Promise<{ invitation: InvitationView; url: string; emailed: boolean }> {
  const orgId = source.principal.orgId;
  if (input.role === 'owner' && source.principal.role !== 'owner') {
    throw forbidden('only an owner can invite an owner', { rule: 'owner_only' });
  }
  const email = input.email ? normalEmail(input.email) : null;
  if (email !== null) {
    const user = await findUserByEmail(store.db, email);
    if (user && (await findMember(store.db, orgId, user.id))) {
      throw new DomainError('conflict', `${email} is already a member of this organisation`, {
        field: 'email',
        params: { rule: 'already_member' },
      });
    }
  }
  const days = input.expiresInDays ?? DEFAULT_INVITATION_DAYS;
  if (!Number.isFinite(days) || days <= 0 || days > 90) {
    throw invalid('expiresInDays', 'must be a number of days from 1 to 90', { rule: 'range' });
  }
  const checked = await checkMembership(store, orgId, {
    role: input.role,
    repId: input.repId ?? null,
    teams: input.teams ?? [],
  });
  const secret = newSecret(INVITATION_PREFIX);
  const record = await insertInvitation(store.db, {
    orgId,
    email,
    role: checked.role,
    repId: checked.repId,
    teams: checked.teams,
    tokenHash: secret.hash,
    invitedBy: source.principal.userId,
    createdAt: now,
    expiresAt: now + Math.round(days * DAY_MS),
  });
  const url = `${options.baseUrl.replace(/\/+$/, '')}/invite/${secret.secret}`;
  let emailed = false;
  if (email !== null && options.mailer) {
    const org = await findOrg(store.db, orgId);
    emailed = await options
      .mailer({
        to: email,
        orgName: org?.name ?? '',
        role: checked.role,
        url,
        invitedBy: source.principal.name ?? source.principal.email,
        expiresAt: new Date(record.expiresAt),
        locale: input.locale ?? 'en',
      })
      .catch(() => false);
  }
  const invitation = await viewOf(store, record);
  await recordAudit(store, {
    orgId,
    actor: source.principal,
    ip: source.ip,
    kind: 'invitation',
    action: 'created',
    subject: String(record.id),
    summary: `invited ${email ?? 'whoever holds the link'} as ${checked.role}${emailed ? ' (e-mailed)' : ''}`,
    after: { ...invitation, id: record.id },
  });
  return { invitation, url, emailed };
}

export async function revokeInvitationById(
  store: Store,
  source: ChangeSource,
  id: number,
): Promise<InvitationView> {
  const orgId = source.principal.orgId;
  const existing = await findInvitation(store.db, orgId, id);
  if (!existing) throw notFound('invitation', id);
  if (existing.acceptedAt !== null) {
    throw new DomainError('conflict', `invitation ${id} was already accepted: remove the member instead`, {
      params: { rule: 'accepted' },
    });
  }
  if (existing.revokedAt === null) {
    await revokeInvitation(store.db, orgId, id, Date.now());
    await recordAudit(store, {
      orgId,
      actor: source.principal,
      ip: source.ip,
      kind: 'invitation',
      action: 'revoked',
      subject: String(id),
      summary: `revoked the invitation of ${existing.email ?? 'a link'} as ${existing.role}`,
    });
  }
  return viewOf(store, (await findInvitation(store.db, orgId, id))!);
}

/** The invitation a secret names, whatever its state; an unknown secret is 404. */
async function invitationOfToken(store: Store, token: string): Promise<InvitationRecord> {
  const found = token.startsWith(INVITATION_PREFIX)
    ? await findInvitationByHash(store.db, hashSecret(token))
    : undefined;
  if (!found) {
    throw new DomainError('not_found', 'this invitation link is not valid: ask for a new one', {
      field: 'token',
      params: { entity: 'invitation' },
    });
  }
  return found;
}

export async function lookupInvitation(
  store: Store,
  token: string,
  now = Date.now(),
): Promise<InvitationLookup> {
  const invitation = await invitationOfToken(store, token);
  const org = await findOrg(store.db, invitation.orgId);
  return {
    orgName: org?.name ?? '',
    role: invitation.role,
    email: invitation.email,
    expired: invitation.expiresAt <= now,
    accepted: invitation.acceptedAt !== null,
    revoked: invitation.revokedAt !== null,
  };
}

/** Why an invitation can no longer be accepted, or null when it can. */
function refusal(invitation: InvitationRecord, now: number): DomainError | null {
  const refused = (rule: string, reason: string) =>
    new DomainError('invalid', reason, { field: 'token', params: { rule } });
  if (invitation.acceptedAt !== null) return refused('accepted', 'this invitation was already accepted');
  if (invitation.revokedAt !== null)
    return refused('revoked', 'this invitation was revoked: ask for a new one');
  if (invitation.expiresAt <= now)
    return refused('expired', 'this invitation has expired: ask for a new one');
  return null;
}

export interface AcceptInput {
  token: string;
  name?: string | undefined;
  email?: string | undefined;
  password?: string | undefined;
}

/**
 * Accepts an invitation: a signed-in person joins with its role; an anonymous visitor becomes a
 * person (name, e-mail, password) and joins. An invitation by e-mail is only for that address.
 */
export async function acceptInvitation(
  store: Store,
  principal: Principal | null,
  input: AcceptInput,
  ip: string | null,
  /** The person signed in when they belong to no organisation yet (so they have no principal). */
  signedInUserId: string | null = null,
  now = Date.now(),
): Promise<{ orgSlug: string; email: string }> {
  const invitation = await invitationOfToken(store, input.token);
  const refused = refusal(invitation, now);
  if (refused) throw refused;
  const org = await findOrg(store.db, invitation.orgId);
  if (!org) throw notFound('organisation', invitation.orgId);
  const membership = { role: invitation.role, repId: invitation.repId, teams: invitation.teams };
  const userId = principal?.userId ?? signedInUserId;
  const signedIn = userId ? await findUserById(store.db, userId) : undefined;

  if (signedIn) {
    if (invitation.email !== null && normalEmail(signedIn.email) !== invitation.email) {
      throw forbidden(`this invitation is for ${invitation.email}: you are signed in as ${signedIn.email}`, {
        rule: 'other_email',
      });
    }
    const existing = await findMember(store.db, org.id, signedIn.id);
    if (existing) {
      throw new DomainError('conflict', `you are already a member of ${org.name} (${existing.role})`, {
        params: { rule: 'already_member' },
      });
    }
    const member = await memberRecordFor(store, org.id, signedIn, membership);
    await store.db.transaction().execute(async (trx) => {
      if (!(await claimInvitation(trx, invitation.id, signedIn.id, now)))
        throw refusal({ ...invitation, acceptedAt: now }, now)!;
      await putMember(trx, member);
    });
    await auditAccepted(store, invitation, principal, signedIn.email, ip, member.role);
    return { orgSlug: org.slug, email: signedIn.email };
  }

  const email = normalEmail(input.email ?? invitation.email ?? '');
  if (email === '')
    throw invalid('email', 'is required: the e-mail you will sign in with', { rule: 'required' });
  if (invitation.email !== null && email !== invitation.email) {
    throw forbidden(`this invitation is for ${invitation.email}, not ${email}`, { rule: 'other_email' });
  }
  const name = input.name?.trim() ?? '';
  if (name === '') throw invalid('name', 'is required', { rule: 'required' });
  const password = input.password ?? '';
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`, {
      rule: 'too_short',
      min: MIN_PASSWORD_LENGTH,
    });
  }
  if (await findUserByEmail(store.db, email)) {
    throw invalid('email', `${email} already has an account: sign in first, then open the link again`, {
      rule: 'has_account',
    });
  }
  const member = await store.db.transaction().execute(async (trx) => {
    const user = await insertUser(trx, store.dialect, { email, name, password });
    if (!(await claimInvitation(trx, invitation.id, user.id, now)))
      throw refusal({ ...invitation, acceptedAt: now }, now)!;
    const record = await memberRecordFor({ ...store, db: trx }, org.id, user, membership);
    await putMember(trx, record);
    return record;
  });
  await auditAccepted(store, invitation, null, email, ip, member.role);
  return { orgSlug: org.slug, email };
}

async function auditAccepted(
  store: Store,
  invitation: InvitationRecord,
  principal: Principal | null,
  email: string,
  ip: string | null,
  role: Role,
): Promise<void> {
  await recordAudit(store, {
    orgId: invitation.orgId,
    actor: principal ?? { email },
    ip,
    kind: 'invitation',
    action: 'accepted',
    subject: String(invitation.id),
    summary: `${email} accepted the invitation and joined as ${role}`,
  });
}
