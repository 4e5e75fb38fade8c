import type { Role } from '../access/roles.ts';
import type { DigestRecipients } from '../contracts/digests.ts';
import type { ScopeRep } from '../scope.ts';

/** A member of the organisation as recipient resolution needs them. */
export interface DigestMember {
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** The rep record they are. */
  repId: string | null;
  /** The teams they manage (managers). */
  teams: readonly string[];
}

/**
 * One address a digest goes to, and whose view it is built as: the member's own, or (`member`
 * null) a viewer's of the organisation — aggregates only — for an address that is nobody's here.
 */
export interface DigestRecipient {
  email: string;
  member: DigestMember | null;
}

const key = (email: string): string => email.trim().toLowerCase();

/** The members of a team: its reps' members and the managers who manage it. */
export function teamAudience(
  team: string,
  members: readonly DigestMember[],
  reps: readonly ScopeRep[],
): DigestMember[] {
  const repIds = new Set(reps.filter((rep) => rep.team === team).map((rep) => rep.id));
  return members.filter(
    (m) => (m.repId !== null && repIds.has(m.repId)) || (m.role === 'manager' && m.teams.includes(team)),
  );
}

/**
 * Everyone a digest reaches, once each (by address, case-insensitive): the members named, the
 * members of the teams named, and the plain addresses. A plain address that is a member's is that
 * member — they get what they may see, no more and no less. Members named but gone (removed since)
 * are skipped, so a digest outlives a departure.
 */
export function resolveRecipients(
  recipients: DigestRecipients,
  members: readonly DigestMember[],
  reps: readonly ScopeRep[],
): DigestRecipient[] {
  const byEmail = new Map(members.map((m) => [key(m.email), m]));
  const byId = new Map(members.map((m) => [m.userId, m]));
  const out = new Map<string, DigestRecipient>();
  const addMember = (m: DigestMember) => {
    if (!out.has(key(m.email))) out.set(key(m.email), { email: m.email, member: m });
  };
  for (const id of recipients.users) {
    const m = byId.get(id);
    if (m) addMember(m);
  }
  for (const team of recipients.teams) for (const m of teamAudience(team, members, reps)) addMember(m);
  for (const email of recipients.emails) {
    const m = byEmail.get(key(email));
    if (m) addMember(m);
    else if (!out.has(key(email))) out.set(key(email), { email: email.trim(), member: null });
  }
  return [...out.values()];
}
