import type { LiveEvent } from '../contracts/api.ts';
import { forbidden } from '../errors.ts';
import type { Scope, ScopeRep } from '../scope.ts';
import type { Principal } from './principal.ts';
import { isAdminRole, type Role } from './roles.ts';

/**
 * What each person may see of the numbers and records (issue 11, docs/access.md). Organisation and
 * team aggregates are every member's; a rep's own numbers and records — drill-down rows, per-rep
 * rows of the report, series and leaderboard, lookups of their deals and accounts — belong to the
 * rep, the managers of the rep's team and the owners and admins, unless the organisation opens its
 * leaderboard to everyone. One table decides it; every surface asks the functions below.
 */

/** Which reps' individual numbers a principal may see. */
export type RepVisibility = { kind: 'all' } | { kind: 'some'; repIds: ReadonlySet<string> };

/** One grant of a rule: every rep, the rep the member is, or the reps of the teams they manage. */
type Grant = 'every_rep' | 'own_rep' | 'managed_teams';

/** Who a rule applies to: a member's role, or a share link (which acts without a person). */
export type Audience = Role | 'share_link';

/** The visibility rules as data: what each audience sees of reps' individual numbers. */
export const REP_RULES: Readonly<Record<Audience, readonly Grant[]>> = {
  owner: ['every_rep'],
  admin: ['every_rep'],
  manager: ['managed_teams', 'own_rep'],
  rep: ['own_rep'],
  viewer: [],
  share_link: [],
};

/** With the organisation's open leaderboard on, every audience sees every rep. */
export const OPEN_LEADERBOARD_GRANT: Grant = 'every_rep';

export const audienceOf = (principal: Principal): Audience =>
  principal.share ? 'share_link' : principal.role;

export const ALL_REPS: RepVisibility = { kind: 'all' };

/** The organisation's setting the rules read. */
export interface VisibilityOrg {
  open_leaderboard: boolean;
}

const grantsOf = (principal: Principal, org: VisibilityOrg): readonly Grant[] =>
  org.open_leaderboard ? [OPEN_LEADERBOARD_GRANT] : REP_RULES[audienceOf(principal)];

/**
 * Whether deciding needs the reps and their teams: only a manager's rule does, so the others are
 * decided without reading them.
 */
export const needsReps = (principal: Principal, org: VisibilityOrg): boolean => {
  const grants = grantsOf(principal, org);
  return !grants.includes('every_rep') && grants.includes('managed_teams') && principal.teams.length > 0;
};

/** The reps whose individual numbers and records `principal` may see. */
export function repVisibility(
  principal: Principal,
  org: VisibilityOrg,
  reps: readonly ScopeRep[],
): RepVisibility {
  const grants = grantsOf(principal, org);
  if (grants.includes('every_rep')) return ALL_REPS;
  const ids = new Set<string>();
  if (grants.includes('own_rep') && principal.repId !== null) ids.add(principal.repId);
  if (grants.includes('managed_teams') && principal.teams.length > 0) {
    const teams = new Set(principal.teams);
    for (const rep of reps) if (rep.team !== null && teams.has(rep.team)) ids.add(rep.id);
  }
  return { kind: 'some', repIds: ids };
}

export const canSeeRep = (visibility: RepVisibility, repId: string): boolean =>
  visibility.kind === 'all' || visibility.repIds.has(repId);

/** Aggregates (the organisation, a team) are every member's; a rep scope only when its rep is visible. */
export const canSeeScope = (visibility: RepVisibility, scope: Scope): boolean =>
  scope.kind !== 'rep' || canSeeRep(visibility, scope.id);

/**
 * Refuses (403) a rep scope asked for by name that the principal may not see: the message says
 * what is refused and why, and tells nothing of that rep's numbers.
 */
export function assertScopeVisible(visibility: RepVisibility, scope: Scope): void {
  if (scope.kind !== 'rep' || canSeeRep(visibility, scope.id)) return;
  throw forbidden(
    `you may not see the individual numbers of rep ${scope.id}: a rep's numbers are visible to the rep, the managers of the rep's team and admins (or to everyone when the organisation opens its leaderboard)`,
    { reason: 'rep_not_visible', rep: scope.id },
  );
}

/**
 * The owners whose records a list may show: the scope's owners (null: the organisation's, records
 * without an owner included) narrowed to the visible reps. Records without an owner are nobody's
 * individual numbers but also nobody's to see record by record: a narrowed list leaves them out,
 * so a rep's drill-down totals are their own KPI numbers.
 */
export function visibleOwners(
  scopeOwners: readonly string[] | null,
  visibility: RepVisibility,
  reps: readonly ScopeRep[],
): string[] | null {
  if (visibility.kind === 'all') return scopeOwners === null ? null : [...scopeOwners];
  const candidates = scopeOwners ?? reps.map((rep) => rep.id);
  return candidates.filter((id) => visibility.repIds.has(id));
}

/** Keeps the entries of a per-rep record (`{ [repId]: … }`) the visibility allows. */
export function visibleRepEntries<T>(
  perRep: Readonly<Record<string, T>>,
  visibility: RepVisibility,
): Record<string, T> {
  if (visibility.kind === 'all') return { ...perRep };
  const out: Record<string, T> = {};
  for (const id of Object.keys(perRep)) if (visibility.repIds.has(id)) out[id] = perRep[id] as T;
  return out;
}

/** A KPI report as `visibility` shows it: the organisation and teams whole, the visible reps' rows. */
export const visibleReport = <R extends { reps: Readonly<Record<string, unknown>> }>(
  report: R,
  visibility: RepVisibility,
): R =>
  visibility.kind === 'all' ? report : { ...report, reps: visibleRepEntries(report.reps, visibility) };

/**
 * The visibility as a short stable text, for cache keys: two principals share an answer exactly
 * when they see the same reps.
 */
export const visibilityKey = (visibility: RepVisibility): string =>
  visibility.kind === 'all' ? 'all' : `some:${[...visibility.repIds].sort().join(',')}`;

/**
 * Who hears a live event, before any narrower test of its publisher (a dashboard's readers):
 * data-changed carries no data and goes to everyone listening in the organisation; goals-changed
 * to members (a share link shows dashboards, no goals); a dashboard's change to members (the
 * publisher narrows it) and to the share links naming the dashboard; an import's progress and end
 * to admins, who alone import.
 */
export const EVENT_AUDIENCE: Readonly<
  Record<LiveEvent['type'], (principal: Principal, event: LiveEvent) => boolean>
> = {
  'data-changed': () => true,
  'goals-changed': (p) => p.share === null,
  'dashboard-changed': (p, event) =>
    p.share === null ||
    (event.type === 'dashboard-changed' && p.share.dashboardIds.includes(event.dashboardId)),
  'import-progress': (p) => p.share === null && isAdminRole(p.role),
  'import-finished': (p) => p.share === null && isAdminRole(p.role),
  // Members only; the publisher narrows it to the one person whose bell it is.
  'notifications-changed': (p) => p.share === null && p.userId !== null,
};

export const hearsEvent = (principal: Principal, event: LiveEvent): boolean =>
  EVENT_AUDIENCE[event.type](principal, event);
