import type { PeriodQuery } from '../api/period-query.ts';
import type { Grain } from '../api/use-series.ts';

const DAY_MS = 86_400_000;

/** A readable number of points for a period: days for a month, weeks for a quarter, months beyond. */
export function grainFor(period: PeriodQuery): Grain {
  if ('period' in period) {
    const name = period.period;
    if (/W\d{2}$/.test(name) || /^\d{4}-\d{2}$/.test(name)) return 'day';
    if (/Q[1-4]$/.test(name)) return 'week';
    return 'month';
  }
  const days = (Date.parse(period.to) - Date.parse(period.from)) / DAY_MS + 1;
  return days <= 45 ? 'day' : days <= 190 ? 'week' : 'month';
}

/** Buckets that start after the organisation's today have no data yet: drawn, they would read as a collapse. */
export function pastPoints<T extends { from: string }>(points: T[], today: string): T[] {
  return points.filter((point) => point.from <= today);
}
