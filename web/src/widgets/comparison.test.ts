import { describe, expect, it } from 'vitest';
import {
  compareParam,
  comparisonRange,
  oneYearEarlier,
  parseCompare,
  rangeLabel,
  rangeName,
} from './comparison.ts';

describe('the compare parameter', () => {
  it('keeps old links working: missing is the previous period, 0 is none', () => {
    expect(parseCompare(null)).toEqual({ kind: 'previous' });
    expect(parseCompare('0')).toEqual({ kind: 'none' });
    expect(parseCompare('none')).toEqual({ kind: 'none' });
    expect(parseCompare('last-year')).toEqual({ kind: 'last-year' });
    expect(parseCompare('2025-11-01..2025-11-30')).toEqual({
      kind: 'range',
      from: '2025-11-01',
      to: '2025-11-30',
    });
  });

  it('reads a broken value as the default rather than breaking the page', () => {
    for (const text of ['1', 'yesterday', '2025-11-30..2025-11-01', '2025-02-30..2025-03-01', 'a..b..c']) {
      expect(parseCompare(text), text).toEqual({ kind: 'previous' });
    }
  });

  it('writes what it reads, leaving the default out of the URL', () => {
    for (const text of ['none', 'last-year', '2024-01-01..2024-03-31']) {
      expect(compareParam(parseCompare(text))).toBe(text);
    }
    expect(compareParam(parseCompare(null))).toBeNull();
    expect(compareParam(parseCompare('0'))).toBe('none');
  });
});

describe('the range compared with', () => {
  const december = {
    from: '2026-12-01',
    to: '2026-12-06',
    previous: { from: '2026-11-01', to: '2026-11-06' },
  };

  it('is the API’s previous period, the same days a year earlier, a chosen range, or none', () => {
    expect(comparisonRange({ kind: 'previous' }, december)).toEqual({ from: '2026-11-01', to: '2026-11-06' });
    expect(comparisonRange({ kind: 'last-year' }, december)).toEqual({
      from: '2025-12-01',
      to: '2025-12-06',
    });
    expect(comparisonRange({ kind: 'range', from: '2026-06-01', to: '2026-06-30' }, december)).toEqual({
      from: '2026-06-01',
      to: '2026-06-30',
    });
    expect(comparisonRange({ kind: 'none' }, december)).toBeNull();
  });

  it('takes 29 February a year back to 28 February', () => {
    expect(oneYearEarlier('2028-02-29')).toBe('2027-02-28');
    expect(oneYearEarlier('2028-03-01')).toBe('2027-03-01');
    expect(oneYearEarlier('2027-02-28')).toBe('2026-02-28');
    expect(oneYearEarlier('2025-12-31')).toBe('2024-12-31');
    // February 2028 compared with the year before: 1–28 February 2027 (no day 29 to reach).
    expect(
      comparisonRange(
        { kind: 'last-year' },
        { from: '2028-02-01', to: '2028-02-29', previous: { from: '2028-01-01', to: '2028-01-29' } },
      ),
    ).toEqual({ from: '2027-02-01', to: '2027-02-28' });
  });
});

describe('the name of a compared range', () => {
  it('names a month (whole or to date), a quarter, a year, else the days', () => {
    expect(rangeName({ from: '2026-11-01', to: '2026-11-06' })).toEqual({
      kind: 'month',
      year: 2026,
      month: 11,
    });
    expect(rangeName({ from: '2025-10-01', to: '2025-12-31' })).toEqual({
      kind: 'quarter',
      year: 2025,
      quarter: 4,
    });
    expect(rangeName({ from: '2025-01-01', to: '2025-12-31' })).toEqual({ kind: 'year', year: 2025 });
    expect(rangeName({ from: '2025-01-01', to: '2025-02-14' })).toEqual({
      kind: 'quarter',
      year: 2025,
      quarter: 1,
    });
    expect(rangeName({ from: '2025-11-15', to: '2025-12-14' })).toMatchObject({ kind: 'days' });
    expect(rangeName({ from: '2025-12-01', to: '2026-01-31' })).toMatchObject({ kind: 'days' });
  });

  it('reads "Nov 2026", "Dec 2025", "Q4 2025", "2025" in English and the days otherwise', () => {
    expect(rangeLabel({ from: '2026-11-01', to: '2026-11-30' }, 'en')).toBe('Nov 2026');
    expect(rangeLabel({ from: '2025-12-01', to: '2025-12-06' }, 'en')).toBe('Dec 2025');
    expect(rangeLabel({ from: '2025-12-01', to: '2025-12-06' }, 'id')).toBe('Des 2025');
    expect(rangeLabel({ from: '2025-10-01', to: '2025-12-31' }, 'en')).toBe('Q4 2025');
    expect(rangeLabel({ from: '2025-01-01', to: '2025-12-31' }, 'en')).toBe('2025');
    expect(rangeLabel({ from: '2025-11-15', to: '2025-12-14' }, 'en')).toBe(
      'Nov 15\u2009–\u2009Dec 14, 2025',
    );
  });
});
