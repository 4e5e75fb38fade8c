import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { namedPeriodOf, periodLabel } from './period-names.ts';

const range = (from: string, to: string) => ({ from: parseIsoDate(from)!, to: parseIsoDate(to)! });

// Quota goals are named after their period: "Sales quotas 2026-Q1", else the two dates.
describe('period names of quota goals', () => {
  it.each([
    ['2026-01-01', '2026-03-31', '2026-Q1'],
    ['2026-01-01', '2026-12-31', '2026'],
    ['2026-02-01', '2026-02-28', '2026-02'],
    ['2026-01-26', '2026-02-01', '2026-W05'],
    ['2020-12-28', '2021-01-03', '2020-W53'],
  ])('%s – %s is %s', (from, to, name) => {
    expect(namedPeriodOf(range(from, to))).toBe(name);
  });

  it('uses fiscal names only when the fiscal year is not the calendar year', () => {
    // FY2026 starting in April ends in 2026: 2025-04-01 … 2026-03-31.
    expect(namedPeriodOf(range('2025-04-01', '2026-03-31'), 4)).toBe('FY2026');
    expect(namedPeriodOf(range('2025-04-01', '2025-06-30'), 4)).toBe('2025-Q2');
    expect(namedPeriodOf(range('2025-05-01', '2025-07-31'), 5)).toBe('FY2026-Q1');
  });

  it('falls back to the two dates', () => {
    expect(periodLabel(range('2026-02-10', '2026-03-26'))).toBe('2026-02-10 – 2026-03-26');
    expect(periodLabel(range('2026-04-01', '2026-06-30'))).toBe('2026-Q2');
  });
});
