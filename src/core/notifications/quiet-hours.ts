import { Temporal } from 'temporal-polyfill';

const minutesOf = (localTime: string): number => {
  const [h, m] = localTime.split(':');
  return Number(h) * 60 + Number(m);
};

/**
 * When the quiet hours around `instant` end (epoch ms), or null when `instant` is outside them.
 * `from`/`to` are wall-clock times in `timeZone`; `from` later than `to` spans midnight (21:00–07:00).
 * Equal times, or either missing, mean no quiet hours. The end is the wall time `to` on the right
 * local day, so a daylight-saving change in between moves the instant, not the local time.
 */
export function quietUntil(
  instant: number,
  quiet: { from: string | null; to: string | null },
  timeZone: string,
): number | null {
  if (quiet.from === null || quiet.to === null) return null;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return null;
  const local = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone);
  const now = local.hour * 60 + local.minute;
  const inside = from < to ? now >= from && now < to : now >= from || now < to;
  if (!inside) return null;
  // Past `to` today (only when the span crosses midnight and we are in its evening part): tomorrow's `to`.
  const day = now >= to ? local.toPlainDate().add({ days: 1 }) : local.toPlainDate();
  return day
    .toPlainDateTime({ hour: Math.floor(to / 60), minute: to % 60 })
    .toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
}
