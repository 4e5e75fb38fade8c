import type { RepInfo } from '../core/kpis/report.ts';
import type { TargetScope } from '../core/kpis/target-sources.ts';
import { type PeriodInput, type ResolvedPeriod, resolvePeriod } from '../core/periods.ts';
import type { OrgRecord } from '../db/org-repo.ts';
import { badRequest } from './http-error.ts';

/** Longest period the API computes: beyond it a report would run a query per month for centuries. */
export const MAX_PERIOD_DAYS = 366 * 20;

/** The period of a request by core resolvePeriod; a 400 names the parameter that is wrong. */
export function periodOf(input: PeriodInput, org: OrgRecord): ResolvedPeriod {
  const result = resolvePeriod(input, org.fiscal_year_start_month);
  if (!result.ok) throw badRequest(result.field, result.reason);
  if (result.range.to - result.range.from + 1 > MAX_PERIOD_DAYS) {
    throw badRequest(input.period !== undefined ? 'period' : 'to', 'the period may be at most 20 years long');
  }
  return result;
}

/** A scope resolved against the reps: the owners whose records count (null = everything). */
export interface ResolvedScope {
  text: string;
  target: TargetScope;
  owners: string[] | null;
  reps: RepInfo[];
}

export function scopeOf(scope: string, reps: readonly RepInfo[], field = 'scope'): ResolvedScope {
  if (scope === 'org') return { text: scope, target: { kind: 'org' }, owners: null, reps: [...reps] };
  if (scope.startsWith('team:')) {
    const name = scope.slice('team:'.length);
    const members = reps.filter((rep) => rep.team === name);
    if (members.length === 0) throw badRequest(field, `unknown team "${name}"`);
    return {
      text: scope,
      target: { kind: 'team', name },
      owners: members.map((rep) => rep.id),
      reps: members,
    };
  }
  if (scope.startsWith('rep:')) {
    const id = scope.slice('rep:'.length);
    const rep = reps.find((r) => r.id === id);
    if (!rep) throw badRequest(field, `unknown rep "${id}"`);
    return { text: scope, target: { kind: 'rep', id }, owners: [id], reps: [rep] };
  }
  throw badRequest(field, 'must be org, team:<team name> or rep:<rep id>');
}
