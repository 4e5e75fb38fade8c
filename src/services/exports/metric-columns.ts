import type { ColumnKind } from '../../core/exports/export-table.ts';
import type { Locale, MetricUnit } from '../../core/kpis/definitions.ts';

/** How a metric's values are written: counts as whole numbers, ratios as fractions shown as %. */
export const KIND_OF_UNIT: Readonly<Record<MetricUnit, ColumnKind>> = {
  money: 'money',
  count: 'integer',
  ratio: 'percent',
  days: 'days',
  reps: 'number',
  number: 'number',
};

const UNIT_WORDS: Readonly<Record<Exclude<MetricUnit, 'money'>, Record<Locale, string>>> = {
  count: { en: 'count', id: 'jumlah' },
  ratio: { en: '%', id: '%' },
  days: { en: 'days', id: 'hari' },
  reps: { en: 'FTE', id: 'FTE' },
  number: { en: 'number', id: 'angka' },
};

/** The unit as a reader names it: the currency for money. */
export const unitWord = (unit: MetricUnit, currency: string, lang: Locale): string =>
  unit === 'money' ? currency : UNIT_WORDS[unit][lang];
