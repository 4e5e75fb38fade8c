import type { Locale } from '../../api/types.ts';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * How long ago an instant was, in the reader's language ("5 minutes ago", "kemarin"): the largest
 * whole unit, and "now" under a minute. A notification's exact time is in its tooltip.
 */
export function relativeTime(at: string, now: number, locale: Locale): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const elapsed = now - Date.parse(at);
  if (!Number.isFinite(elapsed)) return at;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(elapsed) >= ms) return format.format(-Math.trunc(elapsed / ms), unit);
  }
  return format.format(0, 'second');
}
