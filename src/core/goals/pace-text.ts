import { formatValue, numberFormat } from '../format.ts';
import type { Locale } from '../kpis/definitions.ts';
import type { PaceStatus } from './progress.ts';

/**
 * What a target or goal still takes, decided and rounded once for every surface: the web's target
 * rows and widgets (web/src/ui/use-pace-text.ts) and `udn goals` print the same figure for the same
 * pacing. Only words around it are the surface's own (i18n in the web, CLI tables).
 */

/** A target's unit as the API sends it, or `progress` for a goal (its pace is in shares of 1). */
export type PaceUnit = 'money' | 'count' | 'ratio' | 'days' | 'reps' | 'number' | 'boolean' | 'progress';

/** The pacing fields of the API's contract (snake_case, as GET /goals sends them). */
export interface PacingFields {
  days_left: number;
  remaining: number | null;
  needed_per_day: number | null;
  needed_per_week: number | null;
}

/**
 * `day` / `week`: a rate to keep up (a rate under one a day reads better per week); `gap`: a level
 * (a rate in points, a duration) still to close, which no daily rate describes.
 */
export type NeededBasis = 'day' | 'week' | 'gap';

export interface NeededPace {
  basis: NeededBasis;
  /** The figure as printed: "IDR 9.9M", "0.3", "+1.2%", "4.7 pp", "3.0 days". */
  value: string;
}

const POINTS: Record<Locale, string> = { en: 'pp', id: 'poin' };
const numberText = (locale: Locale, value: number, options: Intl.NumberFormatOptions): string =>
  numberFormat(locale, options).format(value);

/**
 * A small rate keeps one significant digit instead of rounding to 0: "0.04/week" says there is
 * something left to do, "0/week" says the opposite.
 */
const plain = (locale: Locale, value: number): string =>
  numberText(
    locale,
    value,
    value !== 0 && Math.abs(value) < 0.1 ? { maximumSignificantDigits: 1 } : { maximumFractionDigits: 1 },
  );

/**
 * What is still needed, or null when nothing is (achieved, not running, at a ceiling, true/false,
 * nothing missing). Money is compact ("IDR 9.9M"), other rates have one decimal, a goal's rate is a
 * percentage of its progress, a rate's gap is in percentage points and a duration's in days.
 */
export function neededPace(
  status: PaceStatus,
  pacing: PacingFields,
  unit: PaceUnit,
  options: { locale: Locale; currency: string },
): NeededPace | null {
  const { locale, currency } = options;
  const running = pacing.days_left > 0 && status !== 'not_started';
  const remaining = pacing.remaining;
  const perDay = pacing.needed_per_day;
  const perWeek = pacing.needed_per_week;
  if (!running || status === 'achieved' || unit === 'boolean') return null;
  if (remaining === null || remaining <= 0 || perDay === null) return null;
  switch (unit) {
    case 'money':
      return { basis: 'day', value: formatValue(perDay, 'money', { locale, currency, compact: true }) };
    case 'ratio':
      // A rate is a level, not a sum: what it still takes is the gap, in points.
      return {
        basis: 'gap',
        value: `${numberText(locale, remaining * 100, { maximumFractionDigits: 1 })} ${POINTS[locale]}`,
      };
    case 'days':
      return { basis: 'gap', value: formatValue(remaining, 'days', { locale, currency }) };
    case 'progress': {
      const week = perDay < 0.01 && perWeek !== null;
      const share = week ? perWeek : perDay;
      return {
        basis: week ? 'week' : 'day',
        value: `+${numberText(locale, share, { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 1 })}`,
      };
    }
    default: {
      const week = perDay < 1 && perWeek !== null;
      return { basis: week ? 'week' : 'day', value: plain(locale, week ? perWeek : perDay) };
    }
  }
}

const PER: Record<Locale, Record<NeededBasis, (value: string) => string>> = {
  en: { day: (v) => `${v}/day`, week: (v) => `${v}/week`, gap: (v) => `${v} to go` },
  id: { day: (v) => `${v}/hari`, week: (v) => `${v}/minggu`, gap: (v) => `kurang ${v}` },
};

/** "0.3/week", "IDR 9.9M/day", "4.7 pp to go" — the CLI's cell; the web words it through i18n. */
export function neededPaceText(need: NeededPace | null, locale: Locale): string {
  return need === null ? '' : PER[locale][need.basis](need.value);
}
