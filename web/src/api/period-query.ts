import { parseIsoDate } from '../../../src/core/calendar-date.ts';
import { parseNamedPeriod } from '../../../src/core/periods.ts';

/**
 * What the API accepts as a period: a name (2026-Q1, FY2026 …), optionally cut at `asof` (to date,
 * KPI-SPEC §3), or an inclusive date range.
 */
export type PeriodQuery = { period: string; asof?: string } | { from: string; to: string };

export const periodParams = (period: PeriodQuery): Record<string, string> =>
  'period' in period
    ? { period: period.period, ...(period.asof ? { asof: period.asof } : {}) }
    : { from: period.from, to: period.to };

export const periodKey = (period: PeriodQuery): string =>
  'period' in period
    ? `${period.period}${period.asof ? `@${period.asof}` : ''}`
    : `${period.from}..${period.to}`;

/**
 * A named period as the dashboard shows it: the current one (holding today) runs to today and is
 * compared with the same days of the period before, so nothing looks as if it fell because the
 * period is not over yet.
 */
export function namedPeriodQuery(name: string, today: string, fiscalYearStartMonth: number): PeriodQuery {
  const range = parseNamedPeriod(name, fiscalYearStartMonth);
  const day = parseIsoDate(today);
  if (range && day !== undefined && day >= range.from && day <= range.to)
    return { period: name, asof: today };
  return { period: name };
}
