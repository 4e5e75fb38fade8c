import { isoWeekday, partsFromEpochDay } from '../calendar-date.ts';
import { type DayRange, parseNamedPeriod, toDatePeriod } from '../periods.ts';

/**
 * The named period an alert rule watches, to date (KPI-SPEC §3 "named period to date"): the week,
 * month, quarter or year containing today in the organisation's zone, cut at today, with the two
 * periods a change rule compares it with. Calendar periods: the dashboard's "this week / month /
 * quarter / year" are calendar ones too, so an alert's link opens the figure it speaks of.
 */

export type AlertPeriodKind = 'week' | 'month' | 'quarter' | 'year';

export interface AlertPeriod {
  /** The KPI-SPEC name of the whole period: `2026-W49`, `2026-12`, `2026-Q4`, `2026`. */
  name: string;
  /** first(P)..today. */
  range: DayRange;
  /** The period of the same kind just before, cut at the same offset (KPI-SPEC §3). */
  previous: DayRange;
  /** The same period one year earlier, cut at the same offset (capped at its last day). */
  lastYear: DayRange;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The ISO week-numbering year and week of a day. */
export function isoWeekOf(day: number): { year: number; week: number } {
  // The Thursday of the day's week decides its ISO year (ISO 8601).
  const thursday = day - isoWeekday(day) + 4;
  const { year } = partsFromEpochDay(thursday);
  const jan1 = parseNamedPeriod(String(year))!.from;
  return { year, week: Math.floor((thursday - jan1) / 7) + 1 };
}

/** The name of the period of `kind` containing `day`, `years` years back (0: this one). */
export function periodNameOf(kind: AlertPeriodKind, day: number, years = 0): string {
  const { year, month } = partsFromEpochDay(day);
  switch (kind) {
    case 'week': {
      const iso = isoWeekOf(day);
      const y = iso.year - years;
      // Week 53 exists only in long years: a year back it is that year's last week, 52.
      const week = parseNamedPeriod(`${y}-W${pad(iso.week)}`) ? iso.week : 52;
      return `${y}-W${pad(week)}`;
    }
    case 'month':
      return `${pad(year - years, 4)}-${pad(month)}`;
    case 'quarter':
      return `${pad(year - years, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
    case 'year':
      return pad(year - years, 4);
  }
}

/** The watched period containing `today` (an epoch day in the organisation's zone), to date. */
export function alertPeriod(kind: AlertPeriodKind, today: number): AlertPeriod {
  const name = periodNameOf(kind, today);
  const named = parseNamedPeriod(name)!;
  const { range, previous } = toDatePeriod(named, today);
  const before = parseNamedPeriod(periodNameOf(kind, today, 1))!;
  const lastYear = { from: before.from, to: Math.min(before.from + (today - named.from), before.to) };
  return { name, range, previous, lastYear };
}
