import type { Principal } from '../access/principal.ts';
import { isAdminRole } from '../access/roles.ts';
import type { DigestRecipients } from '../contracts/digests.ts';
import type { ScopeRep } from '../scope.ts';
import { type DigestMember, teamAudience } from './recipients.ts';

/**
 * Who may send a digest to whom (docs/digests.md): owners and admins to anyone, plain addresses
 * outside the organisation included; a manager to themselves, the teams they manage and those
 * teams' members; a rep only to themselves; viewers and share links to no one. Each recipient is
 * still sent only what they may see — these rules keep people from filling others' inboxes.
 */

/** A recipient the principal may not name, as the field of the request that names it. */
export interface RecipientProblem {
  field: string;
  reason: string;
}

const isAdmin = (p: Principal): boolean => p.share === null && isAdminRole(p.role);
const sameEmail = (a: string | null, b: string): boolean =>
  a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

/** Members and teams the recipients name must exist: the first that does not, or null. */
export function unknownRecipient(
  recipients: DigestRecipients,
  members: readonly DigestMember[],
  reps: readonly ScopeRep[],
): RecipientProblem | null {
  const ids = new Set(members.map((m) => m.userId));
  const teams = new Set(reps.map((rep) => rep.team).filter((t): t is string => t !== null));
  for (const [i, id] of recipients.users.entries())
    if (!ids.has(id))
      return { field: `recipients.users.${i}`, reason: `no member "${id}" in this organisation` };
  for (const [i, team] of recipients.teams.entries())
    if (!teams.has(team))
      return { field: `recipients.teams.${i}`, reason: `no team "${team}" in this organisation's reps` };
  return null;
}

/** The first recipient `principal` may not send to, or null when every one is allowed. */
export function recipientNotAllowed(
  principal: Principal,
  recipients: DigestRecipients,
  members: readonly DigestMember[],
  reps: readonly ScopeRep[],
): RecipientProblem | null {
  if (isAdmin(principal)) return null;
  if ((principal.role !== 'manager' && principal.role !== 'rep') || principal.share !== null)
    return { field: 'recipients', reason: `a ${principal.role} may not send digests` };
  const managed = new Set(principal.role === 'manager' ? principal.teams : []);
  const reachable = new Map<string, DigestMember>();
  for (const team of managed) for (const m of teamAudience(team, members, reps)) reachable.set(m.userId, m);
  const self = principal.userId;
  const allowedUser = (id: string) => id === self || reachable.has(id);
  const limit =
    principal.role === 'manager'
      ? 'a manager may send digests to themselves, the teams they manage and their members'
      : 'a rep may send a digest only to themselves';
  for (const [i, id] of recipients.users.entries())
    if (!allowedUser(id)) return { field: `recipients.users.${i}`, reason: limit };
  for (const [i, team] of recipients.teams.entries())
    if (!managed.has(team)) return { field: `recipients.teams.${i}`, reason: limit };
  for (const [i, email] of recipients.emails.entries()) {
    const member = members.find((m) => sameEmail(m.email, email));
    const own = sameEmail(principal.email, email) || (member !== undefined && member.userId === self);
    if (!own && !(member && reachable.has(member.userId)))
      return { field: `recipients.emails.${i}`, reason: `${limit}; plain addresses are for admins` };
  }
  return null;
}

/** What the digest rules need of a stored digest. */
export interface PolicyDigest {
  createdBy: string | null;
  recipients: DigestRecipients;
}

/** Owners and admins see and change every digest; others the digests they made. */
export const canEditDigest = (principal: Principal, digest: PolicyDigest): boolean =>
  isAdmin(principal) ||
  (principal.share === null && principal.userId !== null && digest.createdBy === principal.userId);

/** Besides those they may change, members see the digests that name them. */
export const canSeeDigest = (principal: Principal, digest: PolicyDigest): boolean =>
  canEditDigest(principal, digest) ||
  (principal.userId !== null && digest.recipients.users.includes(principal.userId));
