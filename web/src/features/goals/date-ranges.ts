import {
  firstOfMonth,
  isoWeekday,
  lastOfMonth,
  parseIsoDate,
  partsFromEpochDay,
} from '../../../../src/core/calendar-date.ts';
import { type PeriodText, toPeriodText } from '../../../../src/core/periods.ts';

/**
 * Calendar ranges around the organisation's today (YYYY-MM-DD, from GET /org), for the quick
 * choices of a goal's dates and the tasks' due filters. The arithmetic is core's (calendar-date.ts,
 * periods.ts), the very days the server counts; only the choice of range is here.
 */
export type DayRange = PeriodText;

/** Today as an epoch day; text that is not a date reads as 1970-01-01 rather than failing a form. */
const dayOf = (today: string): number => parseIsoDate(today) ?? 0;

/** The calendar quarter holding today, or one `offset` quarters away. */
export function quarterRange(today: string, offset = 0): DayRange {
  const { year, month } = partsFromEpochDay(dayOf(today));
  const first = Math.floor((month - 1) / 3) * 3 + 1 + offset * 3;
  return toPeriodText({ from: firstOfMonth(year, first), to: lastOfMonth(year, first + 2) });
}

export function monthRange(today: string, offset = 0): DayRange {
  const { year, month } = partsFromEpochDay(dayOf(today));
  return toPeriodText({ from: firstOfMonth(year, month + offset), to: lastOfMonth(year, month + offset) });
}

export function yearRange(today: string): DayRange {
  const { year } = partsFromEpochDay(dayOf(today));
  return toPeriodText({ from: firstOfMonth(year, 1), to: lastOfMonth(year, 12) });
}

/** Monday to Sunday of the ISO week holding today. */
export function weekRange(today: string): DayRange {
  const day = dayOf(today);
  const monday = day - (isoWeekday(day) - 1);
  return toPeriodText({ from: monday, to: monday + 6 });
}

/** Whole days from `from` to `to` (0 when the same day). */
export function daysBetween(from: string, to: string): number {
  return dayOf(to) - dayOf(from);
}
