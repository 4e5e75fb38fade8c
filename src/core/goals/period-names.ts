import { formatEpochDay, partsFromEpochDay } from '../calendar-date.ts';
import { type DayRange, parseNamedPeriod } from '../periods.ts';

/**
 * The KPI-SPEC §3 name of a range when it is exactly one named period, else undefined. Calendar
 * names come first (2026-Q1 reads better than FY2026-Q1 when the fiscal year is the calendar one);
 * fiscal names only when the fiscal year starts in another month.
 */
export function namedPeriodOf(range: DayRange, fiscalYearStartMonth = 1): string | undefined {
  const { year } = partsFromEpochDay(range.from);
  const candidates: string[] = [String(year)];
  for (let q = 1; q <= 4; q++) candidates.push(`${year}-Q${q}`);
  for (let m = 1; m <= 12; m++) candidates.push(`${year}-${String(m).padStart(2, '0')}`);
  // An ISO week may belong to the previous or next ISO year at the turn of the year.
  for (const y of [year - 1, year, year + 1]) {
    for (let w = 1; w <= 53; w++) candidates.push(`${y}-W${String(w).padStart(2, '0')}`);
  }
  if (fiscalYearStartMonth !== 1) {
    for (const fy of [year, year + 1]) {
      candidates.push(`FY${fy}`);
      for (let q = 1; q <= 4; q++) candidates.push(`FY${fy}-Q${q}`);
    }
  }
  return candidates.find((name) => {
    const named = parseNamedPeriod(name, fiscalYearStartMonth);
    return named !== undefined && named.from === range.from && named.to === range.to;
  });
}

/** "2026-Q1", or "2026-01-01 – 2026-02-15" when the range is not one named period. */
export function periodLabel(range: DayRange, fiscalYearStartMonth = 1): string {
  return (
    namedPeriodOf(range, fiscalYearStartMonth) ??
    `${formatEpochDay(range.from)} – ${formatEpochDay(range.to)}`
  );
}
