import { describe, expect, it } from 'vitest';
import { presetPeriod } from './period-presets.ts';

describe('period presets name the period the API expects', () => {
  it('names calendar periods from the organisation today', () => {
    expect(presetPeriod('this_month', '2026-01-15', 1)).toBe('2026-01');
    expect(presetPeriod('last_month', '2026-01-15', 1)).toBe('2025-12');
    expect(presetPeriod('this_quarter', '2026-05-02', 1)).toBe('2026-Q2');
    expect(presetPeriod('last_quarter', '2026-02-02', 1)).toBe('2025-Q4');
    expect(presetPeriod('last_year', '2026-02-02', 1)).toBe('2025');
  });

  // The fiscal year and quarter of a day come from core's parseNamedPeriod (the old fiscalOf copy is gone).
  it('names fiscal years by the calendar year they end in', () => {
    expect(presetPeriod('this_fiscal_quarter', '2026-03-31', 4)).toBe('FY2026-Q4');
    expect(presetPeriod('this_fiscal_quarter', '2026-04-01', 4)).toBe('FY2027-Q1');
    expect(presetPeriod('this_fiscal_quarter', '2026-12-01', 1)).toBe('FY2026-Q4');
    expect(presetPeriod('last_fiscal_year', '2026-07-01', 7)).toBe('FY2026');
  });

  // The ISO week of a day is core's name of its Monday-to-Sunday range (the old isoWeek copy is gone).
  it('uses ISO weeks, whose year can differ from the calendar year', () => {
    expect(presetPeriod('this_week', '2021-01-03', 1)).toBe('2020-W53');
    expect(presetPeriod('this_week', '2026-01-29', 1)).toBe('2026-W05');
    expect(presetPeriod('this_week', '2026-01-05', 1)).toBe('2026-W02');
    expect(presetPeriod('last_week', '2026-01-05', 1)).toBe('2026-W01');
  });
});
