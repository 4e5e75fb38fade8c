import { describe, expect, it } from 'vitest';
import { fiscalOf, isoWeek, presetPeriod } from './period-presets.ts';

describe('period presets name the period the API expects', () => {
  it('names calendar periods from the organisation today', () => {
    expect(presetPeriod('this_month', '2026-01-15', 1)).toBe('2026-01');
    expect(presetPeriod('last_month', '2026-01-15', 1)).toBe('2025-12');
    expect(presetPeriod('this_quarter', '2026-05-02', 1)).toBe('2026-Q2');
    expect(presetPeriod('last_quarter', '2026-02-02', 1)).toBe('2025-Q4');
    expect(presetPeriod('last_year', '2026-02-02', 1)).toBe('2025');
  });

  it('names fiscal years by the calendar year they end in', () => {
    expect(fiscalOf({ y: 2026, m: 3, d: 31 }, 4)).toEqual({ year: 2026, quarter: 4 });
    expect(fiscalOf({ y: 2026, m: 4, d: 1 }, 4)).toEqual({ year: 2027, quarter: 1 });
    expect(fiscalOf({ y: 2026, m: 12, d: 1 }, 1)).toEqual({ year: 2026, quarter: 4 });
    expect(presetPeriod('last_fiscal_year', '2026-07-01', 7)).toBe('FY2026');
  });

  it('uses ISO weeks, whose year can differ from the calendar year', () => {
    expect(isoWeek({ y: 2021, m: 1, d: 3 })).toEqual({ year: 2020, week: 53 });
    expect(isoWeek({ y: 2026, m: 1, d: 29 })).toEqual({ year: 2026, week: 5 });
    expect(presetPeriod('this_week', '2026-01-05', 1)).toBe('2026-W02');
    expect(presetPeriod('last_week', '2026-01-05', 1)).toBe('2026-W01');
  });
});
