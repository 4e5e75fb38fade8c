import type { Principal } from '../../core/access/principal.ts';
import { canWrite } from '../../core/access/record-policy.ts';
import { isAdminRole } from '../../core/access/roles.ts';

/**
 * Who may add, change or delete an annotation of `team` (null: the organisation's): admins any,
 * managers those of the teams they manage, no one else. Everyone who reads the dashboards sees
 * them all — a note on a team's chart tells no rep's numbers.
 */
export function canEditAnnotation(principal: Principal, team: string | null): boolean {
  if (!canWrite(principal)) return false;
  if (principal.share === null && isAdminRole(principal.role)) return true;
  return principal.role === 'manager' && team !== null && principal.teams.includes(team);
}
