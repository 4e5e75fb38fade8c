import { epochDayFromParts, MS_PER_DAY, partsFromEpochDay } from '../../core/calendar-date.ts';
import { dateFormat, numberFormat } from '../../core/format.ts';
import type { Direction, MetricUnit } from '../../core/kpis/definitions.ts';
import { type DayRange, wholeMonthCount } from '../../core/periods.ts';

/**
 * The words of a snapshot: periods, changes and times written the way the web app writes them, in
 * English (a PDF or digest is one document; the web app's language switch has no say in it).
 */

const day = (epochDay: number): string =>
  dateFormat('en', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(
    epochDay * MS_PER_DAY,
  );

const monthName = (epochDay: number): string =>
  dateFormat('en', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(epochDay * MS_PER_DAY);

/** "1 Dec 2026 – 31 Dec 2026" as en-US writes it: "Dec 1, 2026 – Dec 31, 2026". */
export const rangeText = (range: DayRange): string =>
  range.from === range.to ? day(range.from) : `${day(range.from)} – ${day(range.to)}`;

/** A whole month, quarter or year by its name ("December 2026", "Q4 2026", "2026"), else null. */
function rangeName(range: DayRange): string | null {
  const months = wholeMonthCount(range);
  if (months === undefined) return null;
  const start = partsFromEpochDay(range.from);
  if (months === 1) return monthName(range.from);
  if (months === 3 && (start.month - 1) % 3 === 0) return `Q${(start.month - 1) / 3 + 1} ${start.year}`;
  if (months === 12 && start.month === 1) return String(start.year);
  return null;
}

/** "December 2026 (Dec 1, 2026 – Dec 31, 2026)"; a period cut to date says so. */
export function periodText(range: DayRange, toDate = false): string {
  const name = rangeName(range);
  const span = rangeText(range);
  const base = name ? `${name} (${span})` : span;
  return toDate ? `${base}, to date` : base;
}

/** The same days one year earlier; 29 February becomes the 28th. */
export function lastYear(range: DayRange): DayRange {
  const shift = (epochDay: number) => {
    const p = partsFromEpochDay(epochDay);
    const lastDay = new Date(Date.UTC(p.year - 1, p.month, 0)).getUTCDate();
    return epochDayFromParts(p.year - 1, p.month, Math.min(p.day, lastDay));
  };
  return { from: shift(range.from), to: shift(range.to) };
}

/**
 * How a value moved against the compared value, as the web's KPI card says it (widgets/change.ts):
 * ratios in percentage points, the rest relative; `good` by the metric's direction. A comparison
 * for display, not a KPI.
 */
export function changeText(
  value: number | null,
  previous: number | null,
  unit: MetricUnit,
  direction: Direction,
): { change: string; good: boolean | null } | null {
  if (value === null || previous === null) return null;
  const points = unit === 'ratio';
  if (!points && previous === 0) return null;
  const amount = points ? (value - previous) * 100 : ((value - previous) / Math.abs(previous)) * 100;
  const sign = Math.abs(amount) < 1e-9 ? 0 : Math.sign(amount);
  const text = numberFormat('en', {
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(amount);
  const good = sign === 0 || direction === 'neutral' ? null : sign > 0 === (direction === 'up');
  return { change: points ? `${text} pp` : `${text}%`, good };
}

/** An instant in the organisation's zone with the zone's name: "Dec 6, 2026, 2:30 PM (Asia/Jakarta)". */
export function instantText(epochMs: number, timeZone: string): string {
  const text = dateFormat('en', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
  return `${text} (${timeZone})`;
}

/** A bucket of a series on a chart axis: a day "Dec 3", an ISO week "Dec 1", a month "Dec 2026". */
export function bucketText(from: string, grain: 'day' | 'week' | 'month'): string {
  const ms = Date.parse(`${from}T00:00:00Z`);
  return grain === 'month'
    ? dateFormat('en', { timeZone: 'UTC', month: 'short', year: 'numeric' }).format(ms)
    : dateFormat('en', { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(ms);
}

/** A pace status as words: "on_track" → "On track". */
export const statusText = (status: string): string => {
  const words = status.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
