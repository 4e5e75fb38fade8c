import { type DayRange, dayCount, overlapDays } from '../periods.ts';
import { formatScope, type Scope, teamMembers } from '../scope.ts';
import type { TargetMetric } from './definitions.ts';
import type { Quota, RepTeam } from './targets.ts';

export interface TargetSource {
  row: Quota;
  overlapDays: number;
  /** value × overlap days ÷ target days: this row's share of the scope's target for the period. */
  contribution: number;
}

/**
 * The target rows a scope's target for P is made of, by the rule of targetsFor (KPI-SPEC §4 #1):
 * its own rows overlapping P, or else its reps' (a team) or its teams' and team-less reps' (the
 * organisation). The contributions add up to targetsFor's value; target-sources.test.ts checks it.
 */
export function targetSources(
  metric: TargetMetric,
  period: DayRange,
  rows: readonly Quota[],
  reps: readonly RepTeam[],
  scope: Scope,
): TargetSource[] {
  const own = (name: string): TargetSource[] =>
    rows.flatMap((row) => {
      if (row.metric !== metric || row.scope !== name) return [];
      const overlap = overlapDays(row, period);
      return overlap > 0
        ? [{ row, overlapDays: overlap, contribution: (row.value * overlap) / dayCount(row) }]
        : [];
    });
  const ofOwn = (name: string, fallback: () => TargetSource[]): TargetSource[] => {
    const mine = own(name);
    return mine.length > 0 ? mine : fallback();
  };
  const ofRep = (id: string) => own(formatScope({ kind: 'rep', id }));
  const ofTeam = (name: string) =>
    ofOwn(formatScope({ kind: 'team', name }), () => teamMembers(reps, name).flatMap((rep) => ofRep(rep.id)));
  if (scope.kind === 'rep') return ofRep(scope.id);
  if (scope.kind === 'team') return ofTeam(scope.name);
  const teams = [...new Set(reps.flatMap((rep) => (rep.team ? [rep.team] : [])))];
  return ofOwn(formatScope(scope), () => [
    ...teams.flatMap(ofTeam),
    ...reps.filter((rep) => !rep.team).flatMap((rep) => ofRep(rep.id)),
  ]);
}
