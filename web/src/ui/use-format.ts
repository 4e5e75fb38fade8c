import { useCallback, useMemo } from 'react';
import { MS_PER_DAY, parseIsoDate } from '../../../src/core/calendar-date.ts';
import { dateFormat, formatInstant, formatValue, numberFormat } from '../../../src/core/format.ts';
import type { MetricUnit } from '../api/types.ts';
import { useOrg } from '../api/use-org.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

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
      const epochDay = parseIsoDate(text);
      if (epochDay === undefined) return text;
      return dateFormat(locale, {
        timeZone: 'UTC',
        ...(style === 'short' ? { day: 'numeric', month: 'short' } : { dateStyle: 'medium' }),
      }).format(epochDay * MS_PER_DAY);
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
    () => ({ value, day, instant, number, locale, currency, timeZone }),
    [value, day, instant, number, locale, currency, timeZone],
  );
}
