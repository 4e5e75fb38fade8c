/**
 * Calendar and timestamp text for the generators. Both generated organisations live in Asia/Jakarta,
 * which has kept UTC+07:00 without daylight saving since 1964, so a fixed offset is exact there and
 * spares the generators a time-zone library.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Asia/Jakarta's offset from UTC. */
export const JAKARTA_OFFSET_MINUTES = 7 * 60;

/** Days since 1970-01-01 of a YYYY-MM-DD text; throws on anything else, including 2026-02-30. */
export function parseIsoDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a YYYY-MM-DD date`);
  const day = epochDayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  if (formatIsoDate(day) !== text) throw new Error(`"${text}" is not a real calendar date`);
  return day;
}

/** Epoch day of a calendar date; out-of-range months and days roll over like Date.UTC. */
export function epochDayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function formatIsoDate(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

export interface YearMonthDay {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

export function dateParts(epochDay: number): YearMonthDay {
  const d = new Date(epochDay * MS_PER_DAY);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
}

/** The same day-of-month `months` later (or earlier), clamped to the target month's last day. */
export function addMonths(epochDay: number, months: number): number {
  const { year, month, day } = dateParts(epochDay);
  const target = epochDayOf(year, month + months, 1);
  const t = dateParts(target);
  const lastDay = dateParts(epochDayOf(t.year, t.month + 1, 0)).day;
  return target + Math.min(day, lastDay) - 1;
}

/** First instant of a local calendar day at a fixed offset. */
export function startOfDayMs(epochDay: number, offsetMinutes: number): number {
  return epochDay * MS_PER_DAY - offsetMinutes * MS_PER_MINUTE;
}

/** The local calendar day an instant falls on at a fixed offset. */
export function localEpochDay(ms: number, offsetMinutes: number): number {
  return Math.floor((ms + offsetMinutes * MS_PER_MINUTE) / MS_PER_DAY);
}

function offsetSuffix(offsetMinutes: number, withColon: boolean): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return withColon ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
}

/** Local wall-clock text with the offset, e.g. `2026-03-04T10:15:00+07:00` (second precision). */
export function formatWithOffset(ms: number, offsetMinutes: number): string {
  const wall = new Date(ms + offsetMinutes * MS_PER_MINUTE).toISOString();
  return `${wall.slice(0, 19)}${offsetSuffix(offsetMinutes, true)}`;
}

/** Today's calendar date at a fixed offset, as YYYY-MM-DD. */
export function todayAt(offsetMinutes: number, nowMs: number = Date.now()): string {
  return formatIsoDate(localEpochDay(nowMs, offsetMinutes));
}

/**
 * Fast timestamp text for millions of rows: day prefixes are cached and the time of day assembled
 * from a two-digit table, because Date#toISOString per row would dominate the bench generator.
 */
export class TimestampFormatter {
  private readonly offsetMs: number;
  private readonly colonSuffix: string;
  private readonly compactSuffix: string;
  /** Day texts for the epoch days from `firstDay`, prefilled: an array lookup beats a Map here. */
  private readonly dayText: readonly string[];
  private readonly firstDay: number;

  constructor(offsetMinutes: number, firstDay = 0, lastDay = -1) {
    this.offsetMs = offsetMinutes * MS_PER_MINUTE;
    this.colonSuffix = offsetSuffix(offsetMinutes, true);
    this.compactSuffix = offsetSuffix(offsetMinutes, false);
    this.firstDay = firstDay;
    this.dayText = Array.from({ length: Math.max(0, lastDay - firstDay + 1) }, (_, i) =>
      formatIsoDate(firstDay + i),
    );
  }

  private day(epochDay: number): string {
    return this.dayText[epochDay - this.firstDay] ?? formatIsoDate(epochDay);
  }

  private clock(msOfDay: number): string {
    const seconds = Math.floor(msOfDay / 1000);
    const h = Math.floor(seconds / 3600);
    const m = Math.floor(seconds / 60) % 60;
    const s = seconds % 60;
    return `${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s]}`;
  }

  /** `YYYY-MM-DD` of the local day: the first instant of that day when read back. */
  localDate(ms: number): string {
    return this.day(Math.floor((ms + this.offsetMs) / MS_PER_DAY));
  }

  /** Local wall clock with `±HH:MM`, e.g. `2026-03-04T10:15:00+07:00`. */
  withOffset(ms: number): string {
    const wall = ms + this.offsetMs;
    const d = Math.floor(wall / MS_PER_DAY);
    return `${this.day(d)}T${this.clock(wall - d * MS_PER_DAY)}${this.colonSuffix}`;
  }

  /** Local wall clock with a `±HHMM` offset and a space separator, e.g. `2026-03-04 10:15:00+0700`. */
  withCompactOffset(ms: number): string {
    const wall = ms + this.offsetMs;
    const d = Math.floor(wall / MS_PER_DAY);
    return `${this.day(d)} ${this.clock(wall - d * MS_PER_DAY)}${this.compactSuffix}`;
  }

  /** UTC with `Z`, e.g. `2026-03-04T03:15:00Z`. */
  utc(ms: number): string {
    const d = Math.floor(ms / MS_PER_DAY);
    return `${this.day(d)}T${this.clock(ms - d * MS_PER_DAY)}Z`;
  }

  /** Local wall clock without an offset, e.g. `2026-03-04 10:15:00`. */
  local(ms: number): string {
    const wall = ms + this.offsetMs;
    const d = Math.floor(wall / MS_PER_DAY);
    return `${this.day(d)} ${this.clock(wall - d * MS_PER_DAY)}`;
  }

  /**
   * Local wall clock without an offset but with a microsecond fraction, e.g.
   * `2026-03-04T10:15:00.000000`; the instants are whole seconds, so cutting to milliseconds is exact.
   */
  localWithFraction(ms: number): string {
    const wall = ms + this.offsetMs;
    const d = Math.floor(wall / MS_PER_DAY);
    return `${this.day(d)}T${this.clock(wall - d * MS_PER_DAY)}.000000`;
  }
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
