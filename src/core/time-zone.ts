import { Temporal } from 'temporal-polyfill';
import { epochDayFromParts, MS_PER_DAY } from './calendar-date.ts';

/** True when `name` is an IANA time zone this runtime knows. */
export function isValidTimeZone(name: string): boolean {
  try {
    Temporal.Now.instant().toZonedDateTimeISO(name);
    return true;
  } catch {
    return false;
  }
}

/** The first instant (epoch ms) of a local calendar day; a day whose midnight is skipped starts later. */
export function startOfLocalDay(epochDay: number, timeZone: string): number {
  return Temporal.PlainDate.from('1970-01-01').add({ days: epochDay }).toZonedDateTime({ timeZone })
    .epochMilliseconds;
}

/** The local calendar day (epoch day) on which an instant falls. */
export function localEpochDay(epochMs: number, timeZone: string): number {
  const z = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
  return epochDayFromParts(z.year, z.month, z.day);
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const MS_PER_HOUR = 3_600_000;

/**
 * Resolves wall-clock times in one zone to instants with Temporal's `compatible` disambiguation
 * (earlier instant for a repeated hour, later for a skipped one).
 *
 * Importing millions of rows cannot afford a Temporal call each, so the shift (instant − wall
 * clock read as UTC) is cached per local hour. Where the shift at an hour's first and last
 * millisecond agree, it holds for the whole hour; otherwise (a transition inside the hour) every
 * time in that hour is resolved by Temporal itself.
 */
export function createLocalTimeResolver(timeZone: string): (t: LocalDateTime) => number {
  const shiftByHour = new Map<number, number | null>();
  const exact = (wallAsUtc: number): number => {
    const p = new Date(wallAsUtc);
    return Temporal.PlainDateTime.from({
      year: p.getUTCFullYear(),
      month: p.getUTCMonth() + 1,
      day: p.getUTCDate(),
      hour: p.getUTCHours(),
      minute: p.getUTCMinutes(),
      second: p.getUTCSeconds(),
      millisecond: p.getUTCMilliseconds(),
    }).toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
  };
  return (t) => {
    const wallAsUtc =
      (epochDayFromParts(t.year, t.month, t.day) * 24 + t.hour) * MS_PER_HOUR +
      t.minute * 60_000 +
      t.second * 1000 +
      t.millisecond;
    const hourKey = Math.floor(wallAsUtc / MS_PER_HOUR);
    let shift = shiftByHour.get(hourKey);
    if (shift === undefined) {
      const hourStart = hourKey * MS_PER_HOUR;
      const first = exact(hourStart) - hourStart;
      const last = exact(hourStart + MS_PER_HOUR - 1) - (hourStart + MS_PER_HOUR - 1);
      shift = first === last ? first : null;
      shiftByHour.set(hourKey, shift);
    }
    return shift === null ? exact(wallAsUtc) : wallAsUtc + shift;
  };
}

export { MS_PER_DAY };

const BUCKET_MS = 15 * 60_000;

/**
 * Local calendar day of an instant, fast: cached per 15-minute bucket of UTC time, since offsets
 * and transitions fall on quarter hours. A bucket whose first and last millisecond lie on
 * different local days (midnight inside it) is resolved exactly each time.
 */
export function createLocalDayResolver(timeZone: string): (epochMs: number) => number {
  const dayByBucket = new Map<number, number>();
  return (epochMs) => {
    const bucket = Math.floor(epochMs / BUCKET_MS);
    let day = dayByBucket.get(bucket);
    if (day === undefined) {
      const first = localEpochDay(bucket * BUCKET_MS, timeZone);
      const last = localEpochDay(bucket * BUCKET_MS + BUCKET_MS - 1, timeZone);
      day = first === last ? first : -1e9;
      dayByBucket.set(bucket, day);
    }
    return day === -1e9 ? localEpochDay(epochMs, timeZone) : day;
  };
}
