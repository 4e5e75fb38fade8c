import {
  firstOfMonth,
  isoWeekday,
  parseIsoDate,
  partsFromEpochDay,
} from '../../../../src/core/calendar-date.ts';
import { namedPeriodOf } from '../../../../src/core/goals/period-names.ts';
import { monthOf, parseNamedPeriod } from '../../../../src/core/periods.ts';

/**
 * Names of periods relative to the organisation's today (from GET /org), in the API's own syntax
 * (2026-03, 2026-Q1, 2026-W05, FY2026, FY2026-Q1). This only names periods: the server resolves
 * them into dates, previous periods and KPI values.
 */
export type PresetId =
  | 'this_week'
  | 'last_week'
  | 'this_month'
  | 'last_month'
  | 'this_quarter'
  | 'last_quarter'
  | 'this_year'
  | 'last_year'
  | 'this_fiscal_quarter'
  | 'this_fiscal_year'
  | 'last_fiscal_year';

export const PRESET_IDS: readonly PresetId[] = [
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
  'this_fiscal_quarter',
  'this_fiscal_year',
  'last_fiscal_year',
];

/** The ISO week holding a day, as core names a Monday-to-Sunday range (2026-W05). */
function weekName(day: number): string {
  const monday = day - (isoWeekday(day) - 1);
  return namedPeriodOf({ from: monday, to: monday + 6 }) ?? '';
}

const quarterName = (day: number): string => {
  const { year, month } = partsFromEpochDay(day);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
};

/** FY yyyy is the fiscal year that ends in calendar year yyyy (KPI-SPEC §3), as core resolves it. */
function fiscalYearOf(day: number, fiscalStartMonth: number): number {
  const { year } = partsFromEpochDay(day);
  const sameYear = parseNamedPeriod(`FY${year}`, fiscalStartMonth);
  return sameYear && day <= sameYear.to ? year : year + 1;
}

function fiscalQuarterName(day: number, fiscalStartMonth: number): string {
  const year = fiscalYearOf(day, fiscalStartMonth);
  const names = [1, 2, 3, 4].map((quarter) => `FY${year}-Q${quarter}`);
  return (
    names.find((name) => {
      const range = parseNamedPeriod(name, fiscalStartMonth);
      return range !== undefined && day >= range.from && day <= range.to;
    }) ?? `FY${year}`
  );
}

/**
 * The name of a preset period on the organisation's today. Every range and name is core's
 * (calendar-date.ts, periods.ts, period-names.ts): the server resolves the very same days.
 */
export function presetPeriod(preset: PresetId, today: string, fiscalStartMonth: number): string {
  // Text that is not a date reads as 1970-01-01 rather than breaking the page.
  const day = parseIsoDate(today) ?? 0;
  const { year } = partsFromEpochDay(day);
  switch (preset) {
    case 'this_week':
      return weekName(day);
    case 'last_week':
      return weekName(day - 7);
    case 'this_month':
      return monthOf(day).month;
    case 'last_month':
      return monthOf(monthOf(day).from - 1).month;
    case 'this_quarter':
      return quarterName(day);
    case 'last_quarter': {
      const { month } = partsFromEpochDay(day);
      return quarterName(firstOfMonth(year, Math.floor((month - 1) / 3) * 3 + 1) - 1);
    }
    case 'this_year':
      return String(year);
    case 'last_year':
      return String(year - 1);
    case 'this_fiscal_quarter':
      return fiscalQuarterName(day, fiscalStartMonth);
    case 'this_fiscal_year':
      return `FY${fiscalYearOf(day, fiscalStartMonth)}`;
    case 'last_fiscal_year':
      return `FY${fiscalYearOf(day, fiscalStartMonth) - 1}`;
  }
}

export const DEFAULT_PRESET: PresetId = 'this_quarter';
