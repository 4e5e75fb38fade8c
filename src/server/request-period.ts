import { invalid } from '../core/errors.ts';
import { type PeriodInput, type ResolvedPeriod, resolvePeriod } from '../core/periods.ts';
import type { OrgRecord } from '../db/org-repo.ts';

/** Longest period the API computes: beyond it a report would run a query per month for centuries. */
export const MAX_PERIOD_DAYS = 366 * 20;

/** The period of a request by core resolvePeriod; a 400 names the parameter that is wrong. */
export function periodOf(input: PeriodInput, org: OrgRecord): ResolvedPeriod {
  const result = resolvePeriod(input, org.fiscal_year_start_month);
  if (!result.ok) throw invalid(result.field, result.reason);
  if (result.range.to - result.range.from + 1 > MAX_PERIOD_DAYS) {
    throw invalid(input.period !== undefined ? 'period' : 'to', 'the period may be at most 20 years long');
  }
  return result;
}
