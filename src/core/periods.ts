import {
  epochDayFromParts,
  firstOfMonth,
  formatEpochDay,
  isoWeekday,
  lastOfMonth,
  parseIsoDate,
  partsFromEpochDay,
} from './calendar-date.ts';
import { startOfLocalDay } from './time-zone.ts';

/** Two inclusive calendar days, as epoch days. */
export interface DayRange {
  from: number;
  to: number;
}

export interface PeriodText {
  from: string;
  to: string;
}

export const toPeriodText = (r: DayRange): PeriodText => ({
  from: formatEpochDay(r.from),
  to: formatEpochDay(r.to),
});

export const dayCount = (r: DayRange): number => r.to - r.from + 1;

export const overlapDays = (a: DayRange, b: DayRange): number =>
  Math.max(0, Math.min(a.to, b.to) - Math.max(a.from, b.from) + 1);

const YEAR_RE = /^(\d{4})$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const FISCAL_YEAR_RE = /^FY(\d{4})$/;
const FISCAL_QUARTER_RE = /^FY(\d{4})-Q([1-4])$/;

/** The Monday that starts ISO week 1 of `isoYear` (the week holding 4 January). */
function isoWeekOneMonday(isoYear: number): number {
  const jan4 = epochDayFromParts(isoYear, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1);
}

/** First month (as a possibly-overflowing month number of calendar year `fy`) of fiscal year FY`fy`. */
function fiscalYearStart(fy: number, startMonth: number): { year: number; month: number } {
  // FYyyyy ends in calendar year yyyy, so a year starting in January is the calendar year itself.
  return startMonth === 1 ? { year: fy, month: 1 } : { year: fy - 1, month: startMonth };
}

/**
 * Parses a named period of KPI-SPEC §3: `2026`, `2026-Q1`, `2026-03`, `2026-W05`, `FY2026`,
 * `FY2026-Q1`. Returns undefined for anything else.
 */
export function parseNamedPeriod(name: string, fiscalYearStartMonth = 1): DayRange | undefined {
  const text = name.trim().toUpperCase();
  let m = YEAR_RE.exec(text);
  if (m) {
    const y = Number(m[1]);
    return { from: epochDayFromParts(y, 1, 1), to: epochDayFromParts(y, 12, 31) };
  }
  m = QUARTER_RE.exec(text);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return { from: firstOfMonth(y, (q - 1) * 3 + 1), to: lastOfMonth(y, q * 3) };
  }
  m = MONTH_RE.exec(text);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return undefined;
    return { from: firstOfMonth(y, mo), to: lastOfMonth(y, mo) };
  }
  m = WEEK_RE.exec(text);
  if (m) {
    const y = Number(m[1]);
    const w = Number(m[2]);
    const weeksInYear = (isoWeekOneMonday(y + 1) - isoWeekOneMonday(y)) / 7;
    if (w < 1 || w > weeksInYear) return undefined;
    const from = isoWeekOneMonday(y) + (w - 1) * 7;
    return { from, to: from + 6 };
  }
  m = FISCAL_YEAR_RE.exec(text);
  if (m) {
    const s = fiscalYearStart(Number(m[1]), fiscalYearStartMonth);
    return { from: firstOfMonth(s.year, s.month), to: lastOfMonth(s.year, s.month + 11) };
  }
  m = FISCAL_QUARTER_RE.exec(text);
  if (m) {
    const s = fiscalYearStart(Number(m[1]), fiscalYearStartMonth);
    const q = Number(m[2]);
    const startMonth = s.month + (q - 1) * 3;
    return { from: firstOfMonth(s.year, startMonth), to: lastOfMonth(s.year, startMonth + 2) };
  }
  return undefined;
}

/**
 * A resolved period: the days it covers, the period it is compared with, and whether it is a named
 * period cut at a date (KPI-SPEC §3 "Named period to date").
 */
export interface ResolvedPeriod {
  range: DayRange;
  previous: DayRange;
  toDate: boolean;
}

export type PeriodResult =
  | ({ ok: true } & ResolvedPeriod)
  | { ok: false; field: 'period' | 'from' | 'to' | 'asof'; reason: string };

export interface PeriodInput {
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** A day inside the named period: the period runs from its first day to this one. */
  asof?: string | undefined;
}

const NAMED_EXAMPLES = '2026, 2026-Q1, 2026-03, 2026-W05, FY2026, FY2026-Q1';

/**
 * KPI-SPEC §3: a named period P cut at day `asof` is first(P)..asof, compared with the named period
 * of the same kind just before P cut at the same offset (capped at its last day). Every kind of named
 * period is whole months or one ISO week, so the period before it is previousPeriod(P).
 */
export function toDatePeriod(named: DayRange, asof: number): { range: DayRange; previous: DayRange } {
  const before = previousPeriod(named);
  return {
    range: { from: named.from, to: asof },
    previous: { from: before.from, to: Math.min(before.from + (asof - named.from), before.to) },
  };
}

/** A period from a name (optionally cut at `asof`) or from two dates; a failure names the parameter. */
export function resolvePeriod(input: PeriodInput, fiscalYearStartMonth: number): PeriodResult {
  if (input.period !== undefined) {
    if (input.from !== undefined || input.to !== undefined) {
      return { ok: false, field: 'period', reason: 'give either period or from and to, not both' };
    }
    const range = parseNamedPeriod(input.period, fiscalYearStartMonth);
    if (!range) {
      return {
        ok: false,
        field: 'period',
        reason: `period "${input.period}" is not a named period (${NAMED_EXAMPLES})`,
      };
    }
    if (input.asof === undefined) return { ok: true, range, previous: previousPeriod(range), toDate: false };
    const asof = parseIsoDate(input.asof);
    if (asof === undefined) {
      return { ok: false, field: 'asof', reason: `asof "${input.asof}" is not a date (YYYY-MM-DD)` };
    }
    if (asof < range.from || asof > range.to) {
      return {
        ok: false,
        field: 'asof',
        reason: `asof ${input.asof} is outside ${input.period} (${formatEpochDay(range.from)} to ${formatEpochDay(range.to)})`,
      };
    }
    return { ok: true, ...toDatePeriod(range, asof), toDate: true };
  }
  if (input.asof !== undefined) {
    return {
      ok: false,
      field: 'asof',
      reason: 'asof cuts a named period (2026-Q4 as of 2026-12-05); with from and to, set to instead',
    };
  }
  if (input.from === undefined || input.to === undefined) {
    return {
      ok: false,
      field:
        input.from === undefined && input.to !== undefined
          ? 'from'
          : input.from !== undefined
            ? 'to'
            : 'period',
      reason: 'give a period, or both from and to',
    };
  }
  const from = parseIsoDate(input.from);
  if (from === undefined)
    return { ok: false, field: 'from', reason: `from "${input.from}" is not a date (YYYY-MM-DD)` };
  const to = parseIsoDate(input.to);
  if (to === undefined)
    return { ok: false, field: 'to', reason: `to "${input.to}" is not a date (YYYY-MM-DD)` };
  if (to < from) return { ok: false, field: 'to', reason: `to (${input.to}) is before from (${input.from})` };
  const range = { from, to };
  return { ok: true, range, previous: previousPeriod(range), toDate: false };
}

/** True when the range is exactly k ≥ 1 whole calendar months. */
export function wholeMonthCount(r: DayRange): number | undefined {
  const a = partsFromEpochDay(r.from);
  const b = partsFromEpochDay(r.to);
  if (a.day !== 1 || r.to !== lastOfMonth(b.year, b.month)) return undefined;
  return (b.year - a.year) * 12 + (b.month - a.month) + 1;
}

/** KPI-SPEC §3: the k whole months before a whole-month period, else the same number of days before. */
export function previousPeriod(r: DayRange): DayRange {
  const months = wholeMonthCount(r);
  if (months !== undefined) {
    const a = partsFromEpochDay(r.from);
    return { from: firstOfMonth(a.year, a.month - months), to: r.from - 1 };
  }
  const n = dayCount(r);
  return { from: r.from - n, to: r.from - 1 };
}

export interface MonthRange extends DayRange {
  /** `YYYY-MM` */
  month: string;
}

export function monthOf(epochDay: number): MonthRange {
  const p = partsFromEpochDay(epochDay);
  return {
    month: `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}`,
    from: firstOfMonth(p.year, p.month),
    to: lastOfMonth(p.year, p.month),
  };
}

/** Every calendar month a range touches, as whole months. */
export function monthsTouched(r: DayRange): MonthRange[] {
  const out: MonthRange[] = [];
  for (let day = monthOf(r.from).from; day <= r.to; day = monthOf(day).to + 1) out.push(monthOf(day));
  return out;
}

/** Instants [start, end) of a range in a time zone: first instant of `from` to first instant of `to`+1. */
export function rangeInstants(r: DayRange, timeZone: string): { start: number; end: number } {
  return { start: startOfLocalDay(r.from, timeZone), end: startOfLocalDay(r.to + 1, timeZone) };
}

/** Splits a range into day, ISO-week or month buckets (partial at the edges), for time series. */
export function bucketRange(r: DayRange, grain: 'day' | 'week' | 'month'): DayRange[] {
  const out: DayRange[] = [];
  let from = r.from;
  while (from <= r.to) {
    let to: number;
    if (grain === 'day') to = from;
    else if (grain === 'week') to = from + (7 - isoWeekday(from));
    else to = monthOf(from).to;
    to = Math.min(to, r.to);
    out.push({ from, to });
    from = to + 1;
  }
  return out;
}
