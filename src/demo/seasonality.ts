import { dateParts, parseIsoDate } from './wall-clock.ts';

/**
 * Idul Fitri (Lebaran) as observed in Indonesia. Business slows through Ramadan and nearly stops for
 * the collective leave around Lebaran, and the date moves about 11 days earlier each year, so a fixed
 * "April dip" would look wrong on a dashboard.
 */
const LEBARAN: readonly string[] = [
  '2015-07-17',
  '2016-07-06',
  '2017-06-25',
  '2018-06-15',
  '2019-06-05',
  '2020-05-24',
  '2021-05-13',
  '2022-05-02',
  '2023-04-22',
  '2024-04-10',
  '2025-03-31',
  '2026-03-20',
  '2027-03-10',
  '2028-02-27',
  '2029-02-14',
  '2030-02-05',
  '2031-01-24',
  '2032-01-14',
  '2033-01-02',
  '2033-12-23',
  '2034-12-12',
  '2035-12-01',
];

const LUNAR_YEAR_DAYS = 354.367;
const lebaranDays = LEBARAN.map(parseIsoDate);

/** The Lebaran day nearest to `epochDay` (extrapolated by lunar years outside the table). */
export function nearestLebaran(epochDay: number): number {
  const first = lebaranDays[0] ?? 0;
  const last = lebaranDays[lebaranDays.length - 1] ?? 0;
  if (epochDay < first)
    return first - Math.round(Math.round((first - epochDay) / LUNAR_YEAR_DAYS) * LUNAR_YEAR_DAYS);
  if (epochDay > last)
    return last + Math.round(Math.round((epochDay - last) / LUNAR_YEAR_DAYS) * LUNAR_YEAR_DAYS);
  let best = first;
  for (const d of lebaranDays) if (Math.abs(d - epochDay) < Math.abs(best - epochDay)) best = d;
  return best;
}

/** Month of the year's pull on demand: quiet January, strong year-end budget spending. */
const MONTH_DEMAND = [0.85, 0.95, 1.0, 1.0, 1.0, 1.05, 1.0, 0.95, 1.05, 1.1, 1.2, 1.3] as const;

/** Relative business activity (leads, meetings, emails) on a local calendar day; 1 = an ordinary weekday. */
export function activityFactor(epochDay: number): number {
  const { month, day, weekday } = dateParts(epochDay);
  let f = MONTH_DEMAND[month - 1] ?? 1;
  if (weekday === 6) f *= 0.2;
  else if (weekday === 0) f *= 0.08;
  if ((month === 1 && day === 1) || (month === 12 && day >= 24 && day <= 26)) f *= 0.15;
  if (month === 12 && day >= 27) f *= 0.6;
  const sinceLebaran = epochDay - nearestLebaran(epochDay);
  if (sinceLebaran >= -30 && sinceLebaran <= -8) f *= 0.8;
  else if (sinceLebaran >= -7 && sinceLebaran <= -1) f *= 0.5;
  else if (sinceLebaran >= 0 && sinceLebaran <= 7) f *= 0.2;
  else if (sinceLebaran >= 8 && sinceLebaran <= 14) f *= 0.75;
  return f;
}

/** Multiplier on the odds of winning a deal that closes on this day: year-end budgets get spent. */
export function closingFactor(epochDay: number): number {
  const { month } = dateParts(epochDay);
  const sinceLebaran = epochDay - nearestLebaran(epochDay);
  let f = month === 12 ? 1.3 : month === 11 ? 1.12 : month === 1 ? 0.9 : 1;
  if (sinceLebaran >= -14 && sinceLebaran <= 7) f *= 0.75;
  return f;
}

/** True when the day falls in Ramadan (the 30 days before Lebaran). */
export function isRamadan(epochDay: number): boolean {
  const since = epochDay - nearestLebaran(epochDay);
  return since >= -30 && since <= -1;
}
