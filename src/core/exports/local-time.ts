import { Temporal } from 'temporal-polyfill';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * An instant as the wall time of a zone, `YYYY-MM-DD HH:MM:SS`: exports show times as the people
 * of the organisation read them, and say the zone in their notes.
 */
export function localWallTime(epochMs: number, timeZone: string): string {
  const z = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
  return `${pad(z.year, 4)}-${pad(z.month)}-${pad(z.day)} ${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}`;
}

/** An ISO 8601 instant text (as the API writes them) as local wall time; null stays null. */
export function isoToLocal(text: string | null, timeZone: string): string | null {
  if (text === null) return null;
  const epochMs = Date.parse(text);
  return Number.isNaN(epochMs) ? text : localWallTime(epochMs, timeZone);
}
