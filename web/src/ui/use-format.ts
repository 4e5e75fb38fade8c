import { useCallback, useMemo } from 'react';
import { formatInstant, formatValue } from '../../../src/core/format.ts';
import type { MetricUnit } from '../api/types.ts';
import { useOrg } from '../api/use-org.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

const LOCALE_TAGS = { en: 'en-US', id: 'id-ID' } as const;

// Creating an Intl formatter costs far more than using one: a list of 40 goals formats hundreds of
// dates and numbers, so each formatter is made once per language and options.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

export function dateFormat(locale: 'en' | 'id', options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE_TAGS[locale], options);
    dateFormats.set(key, format);
  }
  return format;
}

export function numberFormat(locale: 'en' | 'id', options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE_TAGS[locale], options);
    numberFormats.set(key, format);
  }
  return format;
}

/**
 * Formatting bound to the language and the organisation: money in its currency (via core's
 * formatValue, the same text the e2e tests expect), dates in its time zone.
 */
export function useFormat() {
  const { locale } = useI18n();
  const { data: org } = useOrg();
  const currency = org?.currency ?? 'USD';
  const timeZone = org?.timezone ?? 'UTC';

  const value = useCallback(
    (amount: number | null | undefined, unit: MetricUnit, compact = false) =>
      formatValue(amount, unit, { locale, currency, compact }),
    [locale, currency],
  );

  /** A calendar day (YYYY-MM-DD) as text; it has no zone, so it is formatted as a UTC date. */
  const day = useCallback(
    (text: string, style: 'medium' | 'short' = 'medium') => {
      const [y, m, d] = text.split('-').map(Number);
      if (!y || !m || !d) return text;
      return dateFormat(locale, {
        timeZone: 'UTC',
        ...(style === 'short' ? { day: 'numeric', month: 'short' } : { dateStyle: 'medium' }),
      }).format(Date.UTC(y, m - 1, d));
    },
    [locale],
  );

  /** A month with its full year ("Oct 2026" / "Okt 2026"): "Oct 26" reads as a day. */
  const month = useCallback(
    (text: string) => {
      const [y, m] = text.split('-').map(Number);
      if (!y || !m) return text;
      return dateFormat(locale, { timeZone: 'UTC', month: 'short', year: 'numeric' }).format(
        Date.UTC(y, m - 1, 1),
      );
    },
    [locale],
  );

  /** An instant (epoch ms or ISO text) in the organisation's time zone. */
  const instant = useCallback(
    (at: number | string, withTime = false) => {
      const epoch = typeof at === 'number' ? at : Date.parse(at);
      return Number.isFinite(epoch) ? formatInstant(epoch, timeZone, locale, withTime) : String(at);
    },
    [timeZone, locale],
  );

  const number = useCallback(
    (amount: number, digits = 0) => numberFormat(locale, { maximumFractionDigits: digits }).format(amount),
    [locale],
  );

  return useMemo(
    () => ({ value, day, month, instant, number, locale, currency, timeZone }),
    [value, day, month, instant, number, locale, currency, timeZone],
  );
}
