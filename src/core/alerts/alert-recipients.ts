import { memberPrincipal } from '../access/principal.ts';
import { isAdminRole, type Role } from '../access/roles.ts';
import { canSeeRep, repVisibility, type VisibilityOrg } from '../access/visibility.ts';
import type { Scope, ScopeRep } from '../scope.ts';

/**
 * Who hears an alert (docs/alerts.md): by default admins and owners hear the organisation's
 * alerts, the managers of a team their team's, a rep their own (and the rep's managers); the rule's
 * maker and its explicit users and teams besides. Whoever it is, nobody is told about a rep whose
 * numbers they may not see (core/access/visibility.ts), and an import's alert goes to admins only,
 * who alone see imports.
 */

export interface AlertMember {
  userId: string;
  email: string;
  name: string;
  role: Role;
  repId: string | null;
  teams: readonly string[];
}

export interface AlertAudience {
  orgId: number;
  /** The rule's scope. */
  scope: Scope;
  /** The rep whose individual numbers the alert tells (a rep scope, a rep's inactivity or target). */
  subjectRep: string | null;
  /** Import alerts: admins and owners only. */
  adminsOnly: boolean;
  /** A private goal's target: only its maker and the admins see it. */
  privateTo?: string | null | undefined;
  createdBy: string | null;
  recipients: { users: readonly string[]; teams: readonly string[] };
}

const defaultAudience = (
  member: AlertMember,
  audience: AlertAudience,
  reps: readonly ScopeRep[],
): boolean => {
  const { scope, subjectRep } = audience;
  if (scope.kind === 'org' && isAdminRole(member.role)) return true;
  if (scope.kind === 'team' && member.role === 'manager' && member.teams.includes(scope.name)) return true;
  if (subjectRep !== null) {
    if (member.repId === subjectRep) return true;
    const team = reps.find((rep) => rep.id === subjectRep)?.team ?? null;
    if (team !== null && member.role === 'manager' && member.teams.includes(team)) return true;
  }
  return false;
};

const named = (member: AlertMember, audience: AlertAudience, reps: readonly ScopeRep[]): boolean => {
  const { users, teams } = audience.recipients;
  if (member.userId === audience.createdBy) return true;
  if (users.includes(member.userId) || users.some((u) => u.toLowerCase() === member.email.toLowerCase()))
    return true;
  if (teams.length === 0) return false;
  const repTeam = member.repId === null ? null : (reps.find((rep) => rep.id === member.repId)?.team ?? null);
  return teams.some((team) => team === repTeam || member.teams.includes(team));
};

/** The user ids that hear an alert, each once, in member order. */
export function alertRecipients(
  members: readonly AlertMember[],
  reps: readonly ScopeRep[],
  org: VisibilityOrg,
  audience: AlertAudience,
): string[] {
  const out: string[] = [];
  for (const member of members) {
    if (!defaultAudience(member, audience, reps) && !named(member, audience, reps)) continue;
    if (audience.adminsOnly && !isAdminRole(member.role)) continue;
    if (audience.privateTo !== undefined && !isAdminRole(member.role) && member.userId !== audience.privateTo)
      continue;
    if (audience.subjectRep !== null) {
      const principal = memberPrincipal(
        'session',
        { id: member.userId, email: member.email, name: member.name },
        { orgId: audience.orgId, role: member.role, repId: member.repId, teams: member.teams },
      );
      if (!canSeeRep(repVisibility(principal, org, reps), audience.subjectRep)) continue;
    }
    if (!out.includes(member.userId)) out.push(member.userId);
  }
  return out;
}
