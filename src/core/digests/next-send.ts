import { Temporal } from 'temporal-polyfill';
import type { DigestFrequency } from '../contracts/digests.ts';

/** When a digest goes out: its frequency, the day (weekday 1–7 or day of month 1–28) and a local time. */
export interface DigestSchedule {
  frequency: DigestFrequency;
  /** Weekly: ISO weekday 1 (Monday) … 7; monthly: 1 … 28; daily: ignored. */
  day: number | null;
  /** `HH:MM` in `timeZone`. */
  localTime: string;
}

const matchesDay = (schedule: DigestSchedule, date: Temporal.PlainDate): boolean => {
  if (schedule.frequency === 'daily') return true;
  if (schedule.frequency === 'weekly') return date.dayOfWeek === schedule.day;
  return date.day === schedule.day;
};

/**
 * The first instant strictly after `after` (epoch ms) at which the digest is due: its local time on
 * the next matching day in `timeZone`. Months are safe because a monthly day is at most 28; a local
 * time skipped or repeated by a clock change resolves like Temporal's `compatible` (the later
 * instant for a skipped hour, the earlier for a repeated one), as KPI-SPEC §2 reads local times.
 */
export function nextSendAfter(schedule: DigestSchedule, timeZone: string, after: number): number {
  const [hour, minute] = schedule.localTime.split(':').map(Number) as [number, number];
  const start = Temporal.Instant.fromEpochMilliseconds(after).toZonedDateTimeISO(timeZone).toPlainDate();
  // 32 days reach the same day of the next month from any day of this one.
  for (let offset = 0; offset <= 32; offset++) {
    const date = start.add({ days: offset });
    if (!matchesDay(schedule, date)) continue;
    const at = date.toZonedDateTime({
      timeZone,
      plainTime: new Temporal.PlainTime(hour, minute),
    }).epochMilliseconds;
    if (at > after) return at;
  }
  throw new Error(`no send time found for ${JSON.stringify(schedule)} after ${after}`);
}
