import { Temporal } from 'temporal-polyfill';

/**
 * The instants that bound the calendar days picked in the audit log's filter, in the organisation's
 * time zone (the one its times are shown in), not the browser's: an admin abroad asking for "5
 * December" gets 5 December where the organisation is. `to` is exclusive on the API, so the end of
 * a day is the first instant of the next one. A day that is not a date gives no bound.
 */
export function auditDayRange(from: string, to: string, timeZone: string): { from?: string; to?: string } {
  const start = startOf(from, 0, timeZone);
  const end = startOf(to, 1, timeZone);
  return { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) };
}

/** The first instant, as ISO 8601 UTC, of `day` plus `days` in `timeZone` (later when midnight is skipped). */
function startOf(day: string, days: number, timeZone: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  try {
    return Temporal.PlainDate.from(day, { overflow: 'reject' })
      .add({ days })
      .toZonedDateTime({ timeZone })
      .toInstant()
      .toString();
  } catch {
    return undefined;
  }
}
