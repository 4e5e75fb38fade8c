import { useCallback } from 'react';
import type { PaceStatus, Pacing } from '../api/types.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { numberFormat, useFormat } from './use-format.ts';

/** A target's unit as the API sends it, or `progress` for a goal (whose pace is in shares of 1). */
export type PaceUnit = 'money' | 'count' | 'ratio' | 'days' | 'reps' | 'number' | 'boolean' | 'progress';

export interface PaceText {
  /** "should be at 64% today" — where a linear pace would be; null when it says nothing. */
  expected: string | null;
  /** "needs IDR 9.9M/day", "needs 11.2/week", "4.7 pp to go"; null when nothing is needed or it cannot be said. */
  needed: string | null;
}

const percent = (share: number, locale: 'en' | 'id', digits = 0) =>
  numberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(share);

/**
 * Puts the API's pacing into words. Only formatting: expected, remaining and the rates per day and
 * week are the API's; this picks the clearer of day or week (a rate under one a day reads better
 * per week) and the unit's format.
 */
export function usePaceText() {
  const { t, locale } = useI18n();
  const format = useFormat();

  const percentOf = useCallback(
    (share: number | null) => (share === null ? '—' : percent(share, locale)),
    [locale],
  );

  const paceText = useCallback(
    (status: PaceStatus, pacing: Pacing, unit: PaceUnit): PaceText => {
      const running = pacing.days_left > 0 && status !== 'not_started';
      const expected =
        running && unit !== 'boolean' && status !== 'achieved'
          ? t('pace.shouldBe', { value: percent(pacing.expected, locale) })
          : null;
      const remaining = pacing.remaining;
      const perDay = pacing.needed_per_day;
      const perWeek = pacing.needed_per_week;
      if (!running || status === 'achieved' || remaining === null || remaining <= 0 || perDay === null) {
        return { expected, needed: null };
      }
      let needed: string;
      switch (unit) {
        case 'money':
          needed = t('pace.perDay', { value: format.value(perDay, 'money', true) });
          break;
        case 'ratio':
          // A rate is a level, not a sum: what it still takes is the gap, in points.
          needed = t('pace.toGo', {
            value: t('kpi.points', { value: format.number(remaining * 100, 1) }),
          });
          break;
        case 'days':
          needed = t('pace.toGo', { value: format.value(remaining, 'days') });
          break;
        case 'progress':
          needed =
            perDay >= 0.01 || perWeek === null
              ? t('pace.perDay', { value: `+${percent(perDay, locale, 1)}` })
              : t('pace.perWeek', { value: `+${percent(perWeek, locale, 1)}` });
          break;
        default:
          needed =
            perDay >= 1 || perWeek === null
              ? t('pace.perDay', { value: format.number(perDay, 1) })
              : t('pace.perWeek', { value: format.number(perWeek, 1) });
      }
      return { expected, needed };
    },
    [t, locale, format],
  );

  return { paceText, percentOf };
}
