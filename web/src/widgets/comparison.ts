import { daysInMonth, parseIsoDate } from '../../../src/core/calendar-date.ts';

/**
 * What a dashboard compares its period with: nothing, the period before (as the API defines it,
 * report.period.previous), the same days one year earlier, or a range the user chose.
 */
export type Compare =
  | { kind: 'none' }
  | { kind: 'previous' }
  | { kind: 'last-year' }
  | { kind: 'range'; from: string; to: string };

export interface DayRange {
  from: string;
  to: string;
}

export const NO_COMPARE: Compare = { kind: 'none' };
export const PREVIOUS: Compare = { kind: 'previous' };

const isDate = (text: string | undefined): text is string =>
  text !== undefined && parseIsoDate(text) !== undefined;

/**
 * The `compare` URL parameter: `previous` (also when missing, as links made before the choice
 * existed meant), `none` (or the old `0`), `last-year`, or `YYYY-MM-DD..YYYY-MM-DD`. Anything else
 * is read as the default rather than refused: a link never breaks the page.
 */
export function parseCompare(text: string | null): Compare {
  if (text === null || text === '' || text === 'previous') return PREVIOUS;
  if (text === 'none' || text === '0') return NO_COMPARE;
  if (text === 'last-year') return { kind: 'last-year' };
  const [from, to, ...rest] = text.split('..');
  if (rest.length === 0 && isDate(from) && isDate(to) && from <= to) return { kind: 'range', from, to };
  return PREVIOUS;
}

/** The URL value of a choice; null for the default (previous), which the URL leaves out. */
export function compareParam(compare: Compare): string | null {
  switch (compare.kind) {
    case 'previous':
      return null;
    case 'none':
      return 'none';
    case 'last-year':
      return 'last-year';
    case 'range':
      return `${compare.from}..${compare.to}`;
  }
}

/** The TV page (and older callers) say true/false: the previous period or nothing. */
export const asCompare = (compare: Compare | boolean): Compare =>
  compare === true ? PREVIOUS : compare === false ? NO_COMPARE : compare;

/** The same calendar day one year earlier; 29 February becomes 28 February. */
export function oneYearEarlier(day: string): string {
  const year = Number(day.slice(0, 4)) - 1;
  const month = Number(day.slice(5, 7));
  const date = Math.min(Number(day.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${day.slice(5, 7)}-${String(date).padStart(2, '0')}`;
}

/**
 * The range the current one (as the report resolved it: a to-date period ends today) is compared
 * with, or null when not comparing.
 */
export function comparisonRange(
  compare: Compare,
  current: DayRange & { previous: DayRange },
): DayRange | null {
  switch (compare.kind) {
    case 'none':
      return null;
    case 'previous':
      return { from: current.previous.from, to: current.previous.to };
    case 'last-year':
      return { from: oneYearEarlier(current.from), to: oneYearEarlier(current.to) };
    case 'range':
      return { from: compare.from, to: compare.to };
  }
}

/** How a range reads on a card: a month, quarter or year it starts (a to-date part of it too), else its days. */
export type RangeName =
  | { kind: 'month'; year: number; month: number }
  | { kind: 'quarter'; year: number; quarter: number }
  | { kind: 'year'; year: number }
  | { kind: 'days'; from: string; to: string };

export function rangeName(range: DayRange): RangeName {
  const [fy, fm, fd] = range.from.split('-').map(Number) as [number, number, number];
  const [ty, tm] = range.to.split('-').map(Number) as [number, number, number];
  if (fd === 1 && fy === ty) {
    if (fm === tm) return { kind: 'month', year: fy, month: fm };
    if (fm === 1 && tm > 3) return { kind: 'year', year: fy };
    if ((fm - 1) % 3 === 0 && tm < fm + 3) return { kind: 'quarter', year: fy, quarter: (fm + 2) / 3 };
  }
  return { kind: 'days', from: range.from, to: range.to };
}

/** "Nov 2026", "Q4 2025", "2025" or "3 Feb – 9 Mar 2026", in the reader's locale. */
export function rangeLabel(range: DayRange, locale: string): string {
  const name = rangeName(range);
  const utc = (day: string) => new Date(`${day}T00:00:00Z`);
  switch (name.kind) {
    case 'month':
      return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
        Date.UTC(name.year, name.month - 1, 1),
      );
    case 'quarter':
      return `Q${name.quarter} ${name.year}`;
    case 'year':
      return String(name.year);
    case 'days': {
      const format = new Intl.DateTimeFormat(locale, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      });
      return format.formatRange(utc(name.from), utc(name.to));
    }
  }
}
