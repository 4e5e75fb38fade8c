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

const pad = (value: number) => String(value).padStart(2, '0');

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function parseDate(text: string): Ymd {
  const [y, m, d] = text.split('-').map(Number);
  return { y: y ?? 1970, m: m ?? 1, d: d ?? 1 };
}

/** ISO 8601 week-numbering year and week of a calendar day. */
export function isoWeek(date: Ymd): { year: number; week: number } {
  const day = new Date(Date.UTC(date.y, date.m - 1, date.d));
  const weekday = (day.getUTCDay() + 6) % 7; // Monday = 0
  day.setUTCDate(day.getUTCDate() - weekday + 3); // the Thursday of this week decides the year
  const year = day.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstWeekday = (firstThursday.getUTCDay() + 6) % 7;
  firstThursday.setUTCDate(firstThursday.getUTCDate() - firstWeekday + 3);
  const week = 1 + Math.round((day.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return { year, week };
}

function shiftDays(date: Ymd, days: number): Ymd {
  const day = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: day.getUTCFullYear(), m: day.getUTCMonth() + 1, d: day.getUTCDate() };
}

/** FY yyyy is the fiscal year that ends in calendar year yyyy (KPI-SPEC §3). */
export function fiscalOf(date: Ymd, startMonth: number): { year: number; quarter: number } {
  const year = startMonth === 1 || date.m < startMonth ? date.y : date.y + 1;
  const quarter = Math.floor(((((date.m - startMonth) % 12) + 12) % 12) / 3) + 1;
  return { year, quarter };
}

export function presetPeriod(preset: PresetId, today: string, fiscalStartMonth: number): string {
  const date = parseDate(today);
  const quarter = Math.floor((date.m - 1) / 3) + 1;
  switch (preset) {
    case 'this_week': {
      const { year, week } = isoWeek(date);
      return `${year}-W${pad(week)}`;
    }
    case 'last_week': {
      const { year, week } = isoWeek(shiftDays(date, -7));
      return `${year}-W${pad(week)}`;
    }
    case 'this_month':
      return `${date.y}-${pad(date.m)}`;
    case 'last_month':
      return date.m === 1 ? `${date.y - 1}-12` : `${date.y}-${pad(date.m - 1)}`;
    case 'this_quarter':
      return `${date.y}-Q${quarter}`;
    case 'last_quarter':
      return quarter === 1 ? `${date.y - 1}-Q4` : `${date.y}-Q${quarter - 1}`;
    case 'this_year':
      return String(date.y);
    case 'last_year':
      return String(date.y - 1);
    case 'this_fiscal_quarter': {
      const fiscal = fiscalOf(date, fiscalStartMonth);
      return `FY${fiscal.year}-Q${fiscal.quarter}`;
    }
    case 'this_fiscal_year':
      return `FY${fiscalOf(date, fiscalStartMonth).year}`;
    case 'last_fiscal_year':
      return `FY${fiscalOf(date, fiscalStartMonth).year - 1}`;
  }
}

export const DEFAULT_PRESET: PresetId = 'this_quarter';

/** A named period as the API spells it; anything else in the URL is ignored rather than sent. */
export const NAMED_PERIOD =
  /^(\d{4}|\d{4}-(0[1-9]|1[0-2])|\d{4}-Q[1-4]|\d{4}-W\d{2}|FY\d{4}|FY\d{4}-Q[1-4])$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
