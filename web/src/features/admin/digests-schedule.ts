import type { Locale } from '../../api/types.ts';

/** A weekday's name, 1 = Monday … 7 = Sunday (ISO), in the reader's language. */
export function weekdayName(day: number, locale: Locale): string {
  // 2024-01-01 was a Monday; noon UTC keeps the date the same in every zone.
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    Date.UTC(2024, 0, day, 12),
  );
}
