import { Temporal } from 'temporal-polyfill';
import { epochDayFromParts, MS_PER_DAY } from './calendar-date.ts';

/**
 * The IANA name of a time zone in its canonical spelling ("asia/jakarta" → "Asia/Jakarta"), or
 * undefined when it is not one. Bare UTC offsets such as "+07:00" are not zones: they have no rules
 * for daylight saving, and KPI-SPEC §1 asks for an IANA name.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z]/.test(name)) return undefined;
  try {
    return Temporal.Now.zonedDateTimeISO(name).timeZoneId;
  } catch {
    return undefined;
  }
}

export function isValidTimeZone(name: string): boolean {
  return canonicalTimeZone(name) !== undefined;
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

interface OffsetSegment {
  /** Instants [start, end) share one UTC offset. */
  start: number;
  end: number;
  offset: number;
}

/**
 * The UTC offset in force at an instant, from the zone's transitions: one Temporal call per
 * stretch between two transitions, so millions of look-ups cost almost nothing.
 */
function createSegmentLookup(timeZone: string): (epochMs: number) => OffsetSegment {
  const segments: OffsetSegment[] = [];
  let last: OffsetSegment | undefined;
  const offsetOf = (z: Temporal.ZonedDateTime) => z.offsetNanoseconds / 1e6;
  return (epochMs) => {
    if (last && epochMs >= last.start && epochMs < last.end) return last;
    for (const segment of segments) {
      if (epochMs >= segment.start && epochMs < segment.end) {
        last = segment;
        return segment;
      }
    }
    const z = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
    const offset = offsetOf(z);
    const previous = z.getTimeZoneTransition('previous');
    const next = z.getTimeZoneTransition('next');
    let start = previous ? previous.epochMilliseconds : Number.NEGATIVE_INFINITY;
    // 'previous' is strictly earlier: when epochMs is itself a transition, the stretch starts here.
    if (previous && offsetOf(previous) !== offset) start = epochMs;
    const segment = { start, end: next ? next.epochMilliseconds : Number.POSITIVE_INFINITY, offset };
    segments.push(segment);
    last = segment;
    return segment;
  };
}

/** The local calendar day of an instant, for millions of instants (see createSegmentLookup). */
export function createLocalDayResolver(timeZone: string): (epochMs: number) => number {
  const segmentAt = createSegmentLookup(timeZone);
  return (epochMs) => Math.floor((epochMs + segmentAt(epochMs).offset) / MS_PER_DAY);
}

/**
 * Resolves wall-clock times in one zone to instants with Temporal's `compatible` disambiguation
 * (earlier instant for a repeated hour, later for a skipped one). A wall time more than a day away
 * from any transition has exactly one reading, found from the cached offsets; the few near a
 * transition go through Temporal itself.
 */
export function createLocalTimeResolver(timeZone: string): (t: LocalDateTime) => number {
  const segmentAt = createSegmentLookup(timeZone);
  return (t) => {
    const wallAsUtc =
      (epochDayFromParts(t.year, t.month, t.day) * 24 + t.hour) * 3_600_000 +
      t.minute * 60_000 +
      t.second * 1000 +
      t.millisecond;
    const guess = wallAsUtc - segmentAt(wallAsUtc).offset;
    const segment = segmentAt(guess);
    if (
      guess + segment.offset === wallAsUtc &&
      segment.start <= guess - MS_PER_DAY &&
      guess + MS_PER_DAY < segment.end
    ) {
      return guess;
    }
    return Temporal.PlainDateTime.from({
      year: t.year,
      month: t.month,
      day: t.day,
      hour: t.hour,
      minute: t.minute,
      second: t.second,
      millisecond: t.millisecond,
    }).toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
  };
}

export { MS_PER_DAY };
