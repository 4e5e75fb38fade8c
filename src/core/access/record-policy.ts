import type { ScopeRep } from '../scope.ts';
import type { Principal } from './principal.ts';
import { isAdminRole, type Role } from './roles.ts';

/**
 * Who sees and who edits goals, targets, tasks and dashboards (docs/access.md). The routes let a
 * role in (route-access.ts); these rules then decide per record. Written as data where a rule is
 * a choice per role, so the table test (record-policy.test.ts) reads like the policy.
 */

/** Whom a share of a goal (or a dashboard's team share) may reach from where a principal stands. */
type Reach = 'org' | 'own-team' | 'own-rep' | 'managed-teams' | 'managed-reps';

interface GoalRule {
  /** Sees every goal, private ones too. */
  seesAll: boolean;
  /** The shares through which the goal is seen. */
  reach: readonly Reach[];
  /** Edits: every goal, the goals shared only within their teams (or made by them), or none. */
  edits: 'all' | 'managed' | 'none';
}

export const GOAL_RULES: Readonly<Record<Role, GoalRule>> = {
  owner: { seesAll: true, reach: [], edits: 'all' },
  admin: { seesAll: true, reach: [], edits: 'all' },
  manager: {
    seesAll: false,
    reach: ['org', 'own-team', 'own-rep', 'managed-teams', 'managed-reps'],
    edits: 'managed',
  },
  rep: { seesAll: false, reach: ['org', 'own-team', 'own-rep'], edits: 'none' },
  viewer: { seesAll: false, reach: ['org', 'own-team'], edits: 'none' },
};

interface TaskRule {
  seesAll: boolean;
  /** Sees (and edits, unless a viewer) the tasks assigned to them, made by them, of the reps they manage. */
  reach: readonly ('assigned' | 'created' | 'managed-reps')[];
  /** For whom they may make (or hand) a task: anyone, themselves and their teams' reps, themselves. */
  assigns: 'anyone' | 'managed' | 'self' | 'none';
}

export const TASK_RULES: Readonly<Record<Role, TaskRule>> = {
  owner: { seesAll: true, reach: [], assigns: 'anyone' },
  admin: { seesAll: true, reach: [], assigns: 'anyone' },
  manager: { seesAll: false, reach: ['assigned', 'created', 'managed-reps'], assigns: 'managed' },
  rep: { seesAll: false, reach: ['assigned', 'created'], assigns: 'self' },
  viewer: { seesAll: false, reach: ['assigned', 'created'], assigns: 'none' },
};

/** What the goal rules need of a goal. */
export interface PolicyGoal {
  kind: string;
  createdBy: string | null;
  isPrivate: boolean;
}

/** What the rules need of a target. */
export interface PolicyTarget {
  scope: string | null;
}

export interface PolicyTask {
  assigneeRepId: string | null;
  createdBy: string | null;
}

export interface PolicyDashboard {
  id: number;
  ownerUserId: string | null;
  isDefault: boolean;
}

export interface PolicyShare {
  scope: string;
  canEdit: boolean;
}

/** Whether the principal may change anything at all: not a viewer, share link, "view as" or read token. */
export function canWrite(principal: Principal): boolean {
  return (
    principal.role !== 'viewer' &&
    principal.share === null &&
    principal.viewAs === null &&
    principal.scope !== 'read'
  );
}

const isAdmin = (principal: Principal): boolean => principal.share === null && isAdminRole(principal.role);

const isMe = (principal: Principal, userId: string | null): boolean =>
  userId !== null && principal.userId !== null && principal.userId === userId;

/** The team of the principal's own rep record, if they are linked to one that has a team. */
function ownTeam(principal: Principal, reps: readonly ScopeRep[]): string | null {
  if (principal.repId === null) return null;
  return reps.find((rep) => rep.id === principal.repId)?.team ?? null;
}

/** The teams whose reps the principal manages (managers only). */
const managedTeams = (principal: Principal): ReadonlySet<string> =>
  new Set(principal.role === 'manager' ? principal.teams : []);

/** Whether `repId` is one of the reps the principal manages (a rep of one of their teams). */
export function managesRep(principal: Principal, repId: string, reps: readonly ScopeRep[]): boolean {
  const teams = managedTeams(principal);
  const team = reps.find((rep) => rep.id === repId)?.team ?? null;
  return team !== null && teams.has(team);
}

/** The goal share scopes a principal reaches through `reach`. */
function reachedScopes(
  principal: Principal,
  reach: readonly Reach[],
  reps: readonly ScopeRep[],
): Set<string> {
  const scopes = new Set<string>();
  const team = ownTeam(principal, reps);
  for (const kind of reach) {
    if (kind === 'org') scopes.add('org');
    else if (kind === 'own-team') {
      if (team !== null) scopes.add(`team:${team}`);
      // A viewer or rep linked to teams directly (without a rep record) reaches those too.
      if (principal.role !== 'manager') for (const t of principal.teams) scopes.add(`team:${t}`);
    } else if (kind === 'own-rep') {
      if (principal.repId !== null) scopes.add(`rep:${principal.repId}`);
    } else if (kind === 'managed-teams') {
      for (const t of managedTeams(principal)) scopes.add(`team:${t}`);
    } else {
      const teams = managedTeams(principal);
      for (const rep of reps) if (rep.team !== null && teams.has(rep.team)) scopes.add(`rep:${rep.id}`);
    }
  }
  return scopes;
}

/** Whether the principal sees a goal (and its targets), given whom it is shared with. */
export function canSeeGoal(
  principal: Principal,
  goal: PolicyGoal,
  shares: readonly string[],
  reps: readonly ScopeRep[],
): boolean {
  if (principal.share !== null) return false;
  const rule = GOAL_RULES[principal.role];
  if (rule.seesAll || isMe(principal, goal.createdBy)) return true;
  if (goal.isPrivate) return false;
  const reached = reachedScopes(principal, rule.reach, reps);
  return shares.some((scope) => reached.has(scope));
}

/** Whether every share of a goal stays within the manager's teams and their reps. */
function sharedOnlyWithin(
  principal: Principal,
  shares: readonly string[],
  reps: readonly ScopeRep[],
): boolean {
  if (shares.length === 0) return false;
  const within = reachedScopes(principal, ['managed-teams', 'managed-reps'], reps);
  return shares.every((scope) => within.has(scope));
}

/**
 * Whether the principal edits a goal and its targets. Quota goals mirror targets.csv (the sales
 * quotas), so only admins change them.
 */
export function canEditGoal(
  principal: Principal,
  goal: PolicyGoal,
  shares: readonly string[],
  reps: readonly ScopeRep[],
): boolean {
  if (!canWrite(principal) || !canSeeGoal(principal, goal, shares, reps)) return false;
  if (goal.kind === 'quota') return isAdmin(principal);
  const rule = GOAL_RULES[principal.role].edits;
  if (rule === 'all') return true;
  if (rule === 'none') return false;
  return isMe(principal, goal.createdBy) || sharedOnlyWithin(principal, shares, reps);
}

/** Whether the principal may make a goal shared with `shares` (a quota goal: admins only). */
export function canCreateGoal(principal: Principal, kind: string): boolean {
  if (!canWrite(principal)) return false;
  if (kind === 'quota') return isAdmin(principal);
  return GOAL_RULES[principal.role].edits !== 'none';
}

/**
 * Whether a target is the principal's own: its scope is their rep, or its goal is shared with
 * them alone. A manager's own are also the targets of their teams and their teams' reps.
 */
export function ownsTarget(
  principal: Principal,
  target: PolicyTarget,
  shares: readonly string[],
  reps: readonly ScopeRep[],
): boolean {
  const mine = new Set<string>();
  if (principal.repId !== null) mine.add(`rep:${principal.repId}`);
  for (const scope of reachedScopes(principal, ['managed-teams', 'managed-reps'], reps)) mine.add(scope);
  if (target.scope !== null && mine.has(target.scope)) return true;
  return principal.repId !== null && shares.length === 1 && shares[0] === `rep:${principal.repId}`;
}

/**
 * Whether the principal may post a value update on a target: those who edit its goal, and the
 * people whose target it is (a rep reports their own progress without editing the goal).
 */
export function canUpdateTarget(
  principal: Principal,
  goal: PolicyGoal,
  shares: readonly string[],
  target: PolicyTarget,
  reps: readonly ScopeRep[],
): boolean {
  if (canEditGoal(principal, goal, shares, reps)) return true;
  if (!canWrite(principal) || goal.kind === 'quota') return false;
  return canSeeGoal(principal, goal, shares, reps) && ownsTarget(principal, target, shares, reps);
}

/** Whether the principal sees a task: its assignee, its creator, the assignee's managers, admins. */
export function canSeeTask(principal: Principal, task: PolicyTask, reps: readonly ScopeRep[]): boolean {
  if (principal.share !== null) return false;
  const rule = TASK_RULES[principal.role];
  if (rule.seesAll) return true;
  return rule.reach.some((kind) => {
    if (kind === 'created') return isMe(principal, task.createdBy);
    if (task.assigneeRepId === null) return false;
    if (kind === 'assigned') return principal.repId === task.assigneeRepId;
    return managesRep(principal, task.assigneeRepId, reps);
  });
}

/**
 * The tasks a principal sees, as a query reads them: every task (null), or those assigned to one
 * of `assigneeRepIds` or made by `createdBy` — the same people canSeeTask lets through.
 */
export function taskAudience(
  principal: Principal,
  reps: readonly ScopeRep[],
): { assigneeRepIds: string[]; createdBy: string | null } | null {
  if (principal.share !== null) return { assigneeRepIds: [], createdBy: null };
  const rule = TASK_RULES[principal.role];
  if (rule.seesAll) return null;
  const ids = new Set<string>();
  if (rule.reach.includes('assigned') && principal.repId !== null) ids.add(principal.repId);
  if (rule.reach.includes('managed-reps')) {
    for (const rep of reps) if (managesRep(principal, rep.id, reps)) ids.add(rep.id);
  }
  const createdBy = rule.reach.includes('created') ? principal.userId : null;
  return { assigneeRepIds: [...ids].sort(), createdBy };
}

/** Whether the principal edits a task: those who see it, except viewers. */
export function canEditTask(principal: Principal, task: PolicyTask, reps: readonly ScopeRep[]): boolean {
  return canWrite(principal) && canSeeTask(principal, task, reps);
}

/**
 * Whether the principal may make a task for `assigneeRepId` (or hand a task to them): admins for
 * anyone, managers for themselves and their teams' reps, a rep for themselves; an unassigned task
 * for anyone who writes (it is then theirs, as its creator).
 */
export function canAssignTask(
  principal: Principal,
  assigneeRepId: string | null,
  reps: readonly ScopeRep[],
): boolean {
  if (!canWrite(principal)) return false;
  const rule = TASK_RULES[principal.role].assigns;
  if (rule === 'none') return false;
  if (rule === 'anyone' || assigneeRepId === null || assigneeRepId === principal.repId) return true;
  return rule === 'managed' && managesRep(principal, assigneeRepId, reps);
}

/** The dashboard share scopes that reach the principal: `org`, their teams, themselves. */
function dashboardScopesOf(principal: Principal, reps: readonly ScopeRep[]): Set<string> {
  const scopes = new Set<string>(['org']);
  const team = ownTeam(principal, reps);
  if (team !== null) scopes.add(`team:${team}`);
  for (const t of principal.teams) scopes.add(`team:${t}`);
  if (principal.userId !== null) scopes.add(`user:${principal.userId}`);
  return scopes;
}

/** The dashboard's owner: its maker, or — made before people existed — the admins. */
export function ownsDashboard(principal: Principal, dashboard: PolicyDashboard): boolean {
  if (principal.share !== null) return false;
  if (dashboard.ownerUserId === null) return isAdmin(principal);
  return isMe(principal, dashboard.ownerUserId);
}

/**
 * Whether the principal sees a dashboard: a share link the dashboards it names; members the
 * dashboards they own, the default (shared with the organisation), those shared with them; admins all.
 */
export function canSeeDashboard(
  principal: Principal,
  dashboard: PolicyDashboard,
  shares: readonly PolicyShare[],
  reps: readonly ScopeRep[] = [],
): boolean {
  if (principal.share !== null) return principal.share.dashboardIds.includes(dashboard.id);
  if (isAdmin(principal) || ownsDashboard(principal, dashboard) || dashboard.isDefault) return true;
  const reached = dashboardScopesOf(principal, reps);
  return shares.some((share) => reached.has(share.scope));
}

/** Whether the principal edits a dashboard: its owner, admins, those it is shared with to edit. */
export function canEditDashboard(
  principal: Principal,
  dashboard: PolicyDashboard,
  shares: readonly PolicyShare[],
  reps: readonly ScopeRep[] = [],
): boolean {
  if (!canWrite(principal)) return false;
  if (isAdmin(principal) || ownsDashboard(principal, dashboard)) return true;
  const reached = dashboardScopesOf(principal, reps);
  return shares.some((share) => share.canEdit && reached.has(share.scope));
}

/** Whether the principal may share, unshare or delete a dashboard: its owner and admins. */
export function canManageDashboard(principal: Principal, dashboard: PolicyDashboard): boolean {
  return canWrite(principal) && (isAdmin(principal) || ownsDashboard(principal, dashboard));
}

/** Anyone who writes may make a dashboard; it is theirs and private until they share it. */
export function canCreateDashboard(principal: Principal): boolean {
  return canWrite(principal);
}

/** Folders are the organisation's: admins and managers arrange them. */
export function canEditFolders(principal: Principal): boolean {
  return canWrite(principal) && (isAdmin(principal) || principal.role === 'manager');
}
