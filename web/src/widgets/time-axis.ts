import type { Locale } from '../api/types.ts';
import type { Grain } from '../api/use-series.ts';

const TAGS: Record<Locale, string> = { en: 'en-US', id: 'id-ID' };
const formats = new Map<string, Intl.DateTimeFormat>();
const formatOf = (locale: Locale, grain: Grain) => {
  const key = `${locale}|${grain}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(TAGS[locale], {
      timeZone: 'UTC',
      ...(grain === 'month' ? { month: 'short', year: 'numeric' } : { month: 'short', day: 'numeric' }),
    });
    formats.set(key, format);
  }
  return format;
};

/**
 * The axis label of a bucket that starts on `from` (YYYY-MM-DD): a month with its full year ("Oct
 * 2026", "Okt 2026") — "Oct 26" reads as the 26th of October — and a day or week by its first day.
 */
export function bucketLabel(from: string, grain: Grain, locale: Locale): string {
  const [y, m, d] = from.split('-').map(Number);
  if (!y || !m || !d) return from;
  return formatOf(locale, grain).format(Date.UTC(y, m - 1, grain === 'month' ? 1 : d));
}

/**
 * The index of the first bucket that is still running on the organisation's `today` — it contains
 * today or ends after it, so its value is only to date — or -1 when every bucket is complete.
 * Drawn like the others it reads as a collapse; charts mark it instead.
 */
export function incompleteFrom(points: readonly { from: string; to: string }[], today: string): number {
  return points.findIndex((point) => point.to >= today);
}
