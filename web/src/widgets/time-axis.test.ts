import { describe, expect, it } from 'vitest';
import { pastPoints } from './grain.ts';
import { bucketLabel, incompleteFrom } from './time-axis.ts';

describe('time axis labels', () => {
  it('writes a month with its full year, in the language of the page', () => {
    expect(bucketLabel('2026-10-01', 'month', 'en')).toBe('Oct 2026');
    expect(bucketLabel('2026-11-01', 'month', 'en')).toBe('Nov 2026');
    expect(bucketLabel('2026-10-01', 'month', 'id')).toBe('Okt 2026');
    expect(bucketLabel('2027-05-01', 'month', 'id')).toBe('Mei 2027');
  });

  it('writes days and weeks by their first day, whatever the machine zone', () => {
    expect(bucketLabel('2026-10-05', 'week', 'en')).toBe('Oct 5');
    expect(bucketLabel('2026-10-05', 'day', 'id')).toBe('5 Okt');
    expect(bucketLabel('2026-01-01', 'day', 'en')).toBe('Jan 1');
  });
});

describe('the incomplete bucket', () => {
  const months = [
    { from: '2026-10-01', to: '2026-10-31' },
    { from: '2026-11-01', to: '2026-11-30' },
    { from: '2026-12-01', to: '2026-12-31' },
  ];

  it('is the bucket that contains today', () => {
    expect(incompleteFrom(months, '2026-12-05')).toBe(2);
    expect(incompleteFrom(months, '2026-12-01')).toBe(2);
    expect(incompleteFrom(months, '2026-11-30')).toBe(1);
  });

  it('is the bucket that ends after today (a period cut at today ends on it)', () => {
    const toDate = [...months.slice(0, 2), { from: '2026-12-01', to: '2026-12-05' }];
    expect(incompleteFrom(toDate, '2026-12-05')).toBe(2);
  });

  it('is none when the period is over', () => {
    expect(incompleteFrom(months, '2027-01-01')).toBe(-1);
    expect(incompleteFrom([], '2026-12-05')).toBe(-1);
  });

  it('is the last one drawn: buckets that start after today are not drawn at all', () => {
    const drawn = pastPoints(months, '2026-11-10');
    expect(drawn).toHaveLength(2);
    expect(incompleteFrom(drawn, '2026-11-10')).toBe(1);
  });
});
