/** What the API accepts as a period: a name (2026-Q1, FY2026 …) or an inclusive date range. */
export type PeriodQuery = { period: string } | { from: string; to: string };

export const periodParams = (period: PeriodQuery): Record<string, string> =>
  'period' in period ? { period: period.period } : { from: period.from, to: period.to };

export const periodKey = (period: PeriodQuery): string =>
  'period' in period ? period.period : `${period.from}..${period.to}`;
