import { describe, expect, it } from 'vitest';
import { daysBetween, monthRange, quarterRange, weekRange, yearRange } from './date-ranges.ts';

describe('calendar ranges around the organisation today', () => {
  it('names quarters, months and years', () => {
    expect(quarterRange('2026-11-28')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(quarterRange('2026-11-28', 1)).toEqual({ from: '2027-01-01', to: '2027-03-31' });
    expect(quarterRange('2026-02-10', -1)).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(monthRange('2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthRange('2026-12-10', 1)).toEqual({ from: '2027-01-01', to: '2027-01-31' });
    expect(yearRange('2026-05-05')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('takes the ISO week from Monday to Sunday', () => {
    expect(weekRange('2026-11-28')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(weekRange('2026-11-23')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(weekRange('2027-01-01')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('counts days between two dates', () => {
    expect(daysBetween('2026-11-28', '2026-12-31')).toBe(33);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });
});
