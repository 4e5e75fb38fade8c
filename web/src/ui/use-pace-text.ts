import { useCallback } from 'react';
import { numberFormat } from '../../../src/core/format.ts';
import { neededPace, type PaceUnit } from '../../../src/core/goals/pace-text.ts';
import type { PaceStatus, Pacing } from '../api/types.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from './use-format.ts';

export type { PaceUnit };

export interface PaceText {
  /** "should be at 64% today" — where a linear pace would be; null when it says nothing. */
  expected: string | null;
  /** "needs IDR 9.9M/day", "needs 0.3/week", "4.7 pp to go"; null when nothing is needed or it cannot be said. */
  needed: string | null;
}

const percent = (share: number, locale: 'en' | 'id', digits = 0) =>
  numberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(share);

/**
 * Puts the API's pacing into words. What it still takes — day or week, how it is rounded — is
 * core/goals/pace-text.ts, the very function `udn goals` prints with; only the words are here.
 */
export function usePaceText() {
  const { t, locale } = useI18n();
  const { currency } = useFormat();

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
      const need = neededPace(status, pacing, unit, { locale, currency });
      if (need === null) return { expected, needed: null };
      const key = need.basis === 'day' ? 'pace.perDay' : need.basis === 'week' ? 'pace.perWeek' : 'pace.toGo';
      return { expected, needed: t(key, { value: need.value }) };
    },
    [t, locale, currency],
  );

  return { paceText, percentOf };
}
