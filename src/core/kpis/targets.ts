import { type DayRange, dayCount, overlapDays } from '../periods.ts';
import type { TargetMetric } from './definitions.ts';

/**
 * A sales quota: a row of targets.csv (scope `org`, `team:<name>` or `rep:<id>`; value in the
 * metric's own unit). A scope's target for a period (KPI #1) is made of the quotas overlapping it.
 */
export interface Quota {
  scope: string;
  metric: TargetMetric;
  from: number;
  to: number;
  value: number;
}

export interface RepTeam {
  id: string;
  team: string | null;
}

/** The scope's own target: Σ value × overlap days / target days, or null when none overlaps P. */
function ownTarget(rows: readonly Quota[], period: DayRange): number | null {
  let total: number | null = null;
  for (const row of rows) {
    const overlap = overlapDays(row, period);
    if (overlap > 0) total = (total ?? 0) + (row.value * overlap) / dayCount(row);
  }
  return total;
}

function sumKnown(values: Iterable<number | null>): number | null {
  let total: number | null = null;
  for (const v of values) if (v !== null) total = (total ?? 0) + v;
  return total;
}

export interface ScopeTargets {
  org: number | null;
  teams: Map<string, number | null>;
  reps: Map<string, number | null>;
}

/**
 * KPI-SPEC §4 #1: prorated targets for one metric, rolled up where a scope has none of its own
 * (a team from its current reps, the organisation from its teams plus team-less reps).
 */
export function targetsFor(
  metric: TargetMetric,
  period: DayRange,
  rows: readonly Quota[],
  reps: readonly RepTeam[],
): ScopeTargets {
  const byScope = new Map<string, Quota[]>();
  for (const row of rows) {
    if (row.metric !== metric) continue;
    const list = byScope.get(row.scope);
    if (list) list.push(row);
    else byScope.set(row.scope, [row]);
  }
  const own = (scope: string) => ownTarget(byScope.get(scope) ?? [], period);

  const repTargets = new Map(reps.map((rep) => [rep.id, own(`rep:${rep.id}`)]));
  const teamNames = [...new Set(reps.flatMap((rep) => (rep.team ? [rep.team] : [])))];
  const teams = new Map<string, number | null>();
  for (const team of teamNames) {
    const members = reps.filter((rep) => rep.team === team);
    teams.set(team, own(`team:${team}`) ?? sumKnown(members.map((rep) => repTargets.get(rep.id) ?? null)));
  }
  const teamless = reps.filter((rep) => !rep.team).map((rep) => repTargets.get(rep.id) ?? null);
  const org = own('org') ?? sumKnown([...teams.values(), ...teamless]);
  return { org, teams, reps: repTargets };
}
