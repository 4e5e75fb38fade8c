import { describe, expect, it } from 'vitest';
import { parseIsoDate } from './calendar-date.ts';
import {
  bucketRange,
  type DayRange,
  dayCount,
  monthsTouched,
  overlapDays,
  type PeriodText,
  parseNamedPeriod,
  previousPeriod,
  rangeInstants,
  resolvePeriod,
  toPeriodText,
  wholeMonthCount,
} from './periods.ts';

const day = (text: string): number => {
  const d = parseIsoDate(text);
  if (d === undefined) throw new Error(`bad test date ${text}`);
  return d;
};
const range = (from: string, to: string): DayRange => ({ from: day(from), to: day(to) });
const named = (name: string, fiscalYearStartMonth = 1): PeriodText | undefined => {
  const r = parseNamedPeriod(name, fiscalYearStartMonth);
  return r && toPeriodText(r);
};
const utc = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;

describe('named periods (KPI-SPEC §3)', () => {
  it('reads a calendar year', () => {
    expect(named('2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('reads the four calendar quarters', () => {
    expect(named('2026-Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(named('2026-Q2')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(named('2026-Q3')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(named('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
  });

  it('reads a month, February by the leap-year rule', () => {
    expect(named('2026-03')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(named('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(named('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(named('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('reads an ISO week, Monday to Sunday', () => {
    // 2026-01-04 is a Sunday, so week 1 starts Monday 2025-12-29 and week 5 four weeks later.
    expect(named('2026-W05')).toEqual({ from: '2026-01-26', to: '2026-02-01' });
  });

  it('starts week 1 in December when 1 January falls on Tuesday to Thursday', () => {
    expect(named('2026-W01')).toEqual({ from: '2025-12-29', to: '2026-01-04' }); // 1 Jan 2026: Thursday
    expect(named('2025-W01')).toEqual({ from: '2024-12-30', to: '2025-01-05' }); // 1 Jan 2025: Wednesday
    expect(named('2020-W01')).toEqual({ from: '2019-12-30', to: '2020-01-05' }); // 4 Jan 2020: Saturday
  });

  it('starts week 1 in January when 1 January falls on Friday to Sunday', () => {
    expect(named('2027-W01')).toEqual({ from: '2027-01-04', to: '2027-01-10' }); // 1 Jan 2027: Friday
    expect(named('2021-W01')).toEqual({ from: '2021-01-04', to: '2021-01-10' }); // 1 Jan 2021: Friday
  });

  it('has a week 53 in years starting on a Thursday, or leap years starting on a Wednesday', () => {
    expect(named('2026-W53')).toEqual({ from: '2026-12-28', to: '2027-01-03' }); // 2026 starts Thursday
    expect(named('2020-W53')).toEqual({ from: '2020-12-28', to: '2021-01-03' }); // leap, starts Wednesday
    expect(named('2015-W53')).toEqual({ from: '2015-12-28', to: '2016-01-03' }); // 2015 starts Thursday
  });

  it('has no week 53 in a 52-week year', () => {
    expect(named('2025-W53')).toBeUndefined(); // 2025 starts on a Wednesday, not leap
    expect(named('2024-W53')).toBeUndefined(); // leap, but starts on a Monday
    expect(named('2025-W52')).toEqual({ from: '2025-12-22', to: '2025-12-28' });
  });

  it('reads a fiscal year as the one that ends in the named calendar year', () => {
    expect(named('FY2026', 1)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(named('FY2026', 4)).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(named('FY2026', 7)).toEqual({ from: '2025-07-01', to: '2026-06-30' });
    expect(named('FY2026', 12)).toEqual({ from: '2025-12-01', to: '2026-11-30' });
  });

  it('reads fiscal quarters counted from the fiscal year start', () => {
    expect(named('FY2026-Q1', 1)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(named('FY2026-Q4', 1)).toEqual({ from: '2026-10-01', to: '2026-12-31' });

    expect(named('FY2026-Q1', 4)).toEqual({ from: '2025-04-01', to: '2025-06-30' });
    expect(named('FY2026-Q3', 4)).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(named('FY2026-Q4', 4)).toEqual({ from: '2026-01-01', to: '2026-03-31' });

    expect(named('FY2026-Q1', 7)).toEqual({ from: '2025-07-01', to: '2025-09-30' });
    expect(named('FY2026-Q2', 7)).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(named('FY2026-Q3', 7)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(named('FY2026-Q4', 7)).toEqual({ from: '2026-04-01', to: '2026-06-30' });

    // A December start: Q1 of FY2026 is December 2025 … February 2026.
    expect(named('FY2026-Q1', 12)).toEqual({ from: '2025-12-01', to: '2026-02-28' });
    expect(named('FY2026-Q2', 12)).toEqual({ from: '2026-03-01', to: '2026-05-31' });
  });

  it('ignores surrounding spaces and letter case', () => {
    expect(named(' fy2026-q1 ', 4)).toEqual({ from: '2025-04-01', to: '2025-06-30' });
    expect(named('2026-w05')).toEqual({ from: '2026-01-26', to: '2026-02-01' });
  });

  it.each([
    '',
    '26',
    '20260',
    '2026-13',
    '2026-00',
    '2026-3',
    '2026-Q0',
    '2026-Q5',
    '2026-W00',
    '2026-W54',
    '2026-W5',
    'FY2026-Q5',
    'FY26',
    'Q1-2026',
    '2026-03-01',
    'FY 2026',
    'last month',
  ])('rejects %j', (name) => {
    expect(parseNamedPeriod(name, 1)).toBeUndefined();
  });
});

describe('resolvePeriod', () => {
  it('takes a name or two dates', () => {
    expect(resolvePeriod({ period: '2026-Q1' }, 1)).toEqual({
      ok: true,
      range: range('2026-01-01', '2026-03-31'),
      previous: range('2025-10-01', '2025-12-31'),
      toDate: false,
    });
    expect(resolvePeriod({ period: 'FY2026' }, 4)).toEqual({
      ok: true,
      range: range('2025-04-01', '2026-03-31'),
      previous: range('2024-04-01', '2025-03-31'),
      toDate: false,
    });
    expect(resolvePeriod({ from: '2026-01-10', to: '2026-01-10' }, 1)).toEqual({
      ok: true,
      range: range('2026-01-10', '2026-01-10'),
      previous: range('2026-01-09', '2026-01-09'),
      toDate: false,
    });
  });

  // KPI-SPEC §3 "Named period to date": each case worked out by hand from first(P⁻) + (d − first(P)).
  it.each([
    // The spec's example: day 66 of Q4 against day 66 of Q3.
    ['2026-Q4', '2026-12-05', 1, ['2026-10-01', '2026-12-05'], ['2026-07-01', '2026-09-04']],
    // The spec's other example: a whole March against a whole February (offset 30 capped at Feb 28).
    ['2026-03', '2026-03-31', 1, ['2026-03-01', '2026-03-31'], ['2026-02-01', '2026-02-28']],
    // Day 1 against day 1.
    ['2026-12', '2026-12-01', 1, ['2026-12-01', '2026-12-01'], ['2026-11-01', '2026-11-01']],
    // 30 March is offset 29; February 2024 has 29 days, so the cap is 29 February.
    ['2024-03', '2024-03-30', 1, ['2024-03-01', '2024-03-30'], ['2024-02-01', '2024-02-29']],
    // Q1 of 2026 into Q4 2025, across the year.
    ['2026-Q1', '2026-02-14', 1, ['2026-01-01', '2026-02-14'], ['2025-10-01', '2025-11-14']],
    // A year: 2024 is a leap year, so 2025-12-31 (offset 364) lands on 2024-12-30.
    ['2025', '2025-12-31', 1, ['2025-01-01', '2025-12-31'], ['2024-01-01', '2024-12-30']],
    // ...and a leap year's last day (offset 365) is capped at the last day of 2023.
    ['2024', '2024-12-31', 1, ['2024-01-01', '2024-12-31'], ['2023-01-01', '2023-12-31']],
    // An ISO week: Wednesday against the Wednesday before.
    ['2026-W49', '2026-12-02', 1, ['2026-11-30', '2026-12-02'], ['2026-11-23', '2026-11-25']],
    // Fiscal year from April: FY2027 began 2026-04-01; FY2026 began 2025-04-01.
    ['FY2027', '2026-12-05', 4, ['2026-04-01', '2026-12-05'], ['2025-04-01', '2025-12-05']],
    // Fiscal quarter 3 of FY2027 (Oct–Dec 2026) against fiscal Q2 (Jul–Sep).
    ['FY2027-Q3', '2026-12-05', 4, ['2026-10-01', '2026-12-05'], ['2026-07-01', '2026-09-04']],
  ] as const)('cuts %s as of %s', (period, asof, fiscalStart, [from, to], [prevFrom, prevTo]) => {
    expect(resolvePeriod({ period, asof }, fiscalStart)).toEqual({
      ok: true,
      range: range(from, to),
      previous: range(prevFrom, prevTo),
      toDate: true,
    });
  });

  it.each([
    [{ period: '2026-Q4', asof: '2027-01-01' }, 'is outside 2026-Q4'],
    [{ period: '2026-Q4', asof: '2026-09-30' }, 'is outside 2026-Q4'],
    [{ period: '2026-Q4', asof: '2026-11-31' }, 'is not a date'],
    [{ from: '2026-10-01', to: '2026-12-31', asof: '2026-12-05' }, 'cuts a named period'],
    [{ asof: '2026-12-05' }, 'cuts a named period'],
  ])('refuses asof in %j, naming asof', (input, reason) => {
    const result = resolvePeriod(input, 1);
    expect(result).toMatchObject({ ok: false, field: 'asof' });
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it.each([
    [{ period: '2026-Q1', from: '2026-01-01' }, 'not both'],
    [{ period: '2026-Q9' }, 'not a named period'],
    [{ from: '2026-01-01' }, 'both from and to'],
    [{}, 'both from and to'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'from "2026-02-30" is not a date'],
    [{ from: '2026-02-01', to: '2026-02-29' }, 'to "2026-02-29" is not a date'],
    [{ from: '2026-02-02', to: '2026-02-01' }, 'is before from'],
  ])('rejects %j with a reason', (input, reason) => {
    const result = resolvePeriod(input, 1);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});

describe('day counting', () => {
  it('counts both ends', () => {
    expect(dayCount(range('2026-01-01', '2026-12-31'))).toBe(365);
    expect(dayCount(range('2024-01-01', '2024-12-31'))).toBe(366);
    expect(dayCount(range('2026-03-08', '2026-03-08'))).toBe(1);
  });

  it('counts overlap inclusively, 0 when disjoint', () => {
    expect(overlapDays(range('2026-01-01', '2026-01-10'), range('2026-01-10', '2026-01-20'))).toBe(1);
    expect(overlapDays(range('2026-01-01', '2026-01-09'), range('2026-01-10', '2026-01-20'))).toBe(0);
    expect(overlapDays(range('2025-12-16', '2026-01-15'), range('2026-01-01', '2026-01-31'))).toBe(15);
    expect(overlapDays(range('2026-01-05', '2026-01-06'), range('2026-01-01', '2026-01-31'))).toBe(2);
  });

  it('counts whole calendar months', () => {
    expect(wholeMonthCount(range('2026-01-01', '2026-03-31'))).toBe(3);
    expect(wholeMonthCount(range('2026-01-01', '2026-12-31'))).toBe(12);
    expect(wholeMonthCount(range('2025-12-01', '2026-02-28'))).toBe(3);
    expect(wholeMonthCount(range('2024-02-01', '2024-02-29'))).toBe(1);
    expect(wholeMonthCount(range('2024-02-01', '2024-02-28'))).toBeUndefined(); // not the last day of a leap Feb
    expect(wholeMonthCount(range('2026-01-02', '2026-01-31'))).toBeUndefined();
  });
});

describe('previous period (KPI-SPEC §3)', () => {
  const previous = (from: string, to: string) => toPeriodText(previousPeriod(range(from, to)));

  it('is the month before a whole month', () => {
    expect(previous('2026-03-01', '2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(previous('2026-01-01', '2026-01-31')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('handles February of a leap year both ways', () => {
    expect(previous('2024-02-01', '2024-02-29')).toEqual({ from: '2024-01-01', to: '2024-01-31' });
    expect(previous('2024-03-01', '2024-03-31')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(previous('2024-01-01', '2024-02-29')).toEqual({ from: '2023-11-01', to: '2023-12-31' });
  });

  it('is the 3 whole months before a quarter, calendar-aligned or not', () => {
    expect(previous('2026-01-01', '2026-03-31')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    // Feb … Apr (89 days) → Nov … Jan (92 days): months, not days
    expect(previous('2026-02-01', '2026-04-30')).toEqual({ from: '2025-11-01', to: '2026-01-31' });
  });

  it('is the year before a whole year, calendar or fiscal', () => {
    expect(previous('2026-01-01', '2026-12-31')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    // leap 2024 (366 days) → 2023 (365 days)
    expect(previous('2024-01-01', '2024-12-31')).toEqual({ from: '2023-01-01', to: '2023-12-31' });
    expect(previous('2025-04-01', '2026-03-31')).toEqual({ from: '2024-04-01', to: '2025-03-31' });
  });

  it('is the same number of days just before a range that is not whole months', () => {
    // 10 … 20 Jan = 11 days → 30 Dec … 9 Jan
    expect(previous('2026-01-10', '2026-01-20')).toEqual({ from: '2025-12-30', to: '2026-01-09' });
    // an ISO week → the week before
    expect(previous('2026-01-26', '2026-02-01')).toEqual({ from: '2026-01-19', to: '2026-01-25' });
    // 1 … 30 Mar = 30 days (misses the 31st) → 30 Jan … 28 Feb
    expect(previous('2026-03-01', '2026-03-30')).toEqual({ from: '2026-01-30', to: '2026-02-28' });
    // 15 Feb … 31 Mar = 14 + 31 = 45 days (ends on a month end, but starts mid-month) → 1 Jan … 14 Feb
    expect(previous('2026-02-15', '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-02-14' });
    // 15 Dec … 20 Jan = 17 + 20 = 37 days → 8 Nov … 14 Dec (as in examples/small)
    expect(previous('2025-12-15', '2026-01-20')).toEqual({ from: '2025-11-08', to: '2025-12-14' });
    // one day → the day before
    expect(previous('2026-03-01', '2026-03-01')).toEqual({ from: '2026-02-28', to: '2026-02-28' });
  });
});

describe('monthsTouched', () => {
  it('lists every calendar month a range touches, as whole months', () => {
    expect(monthsTouched(range('2026-01-30', '2026-03-02'))).toEqual([
      { month: '2026-01', ...range('2026-01-01', '2026-01-31') },
      { month: '2026-02', ...range('2026-02-01', '2026-02-28') },
      { month: '2026-03', ...range('2026-03-01', '2026-03-31') },
    ]);
  });

  it('crosses a year end', () => {
    expect(monthsTouched(range('2025-12-15', '2026-01-20')).map((m) => m.month)).toEqual([
      '2025-12',
      '2026-01',
    ]);
  });

  it('gives one month for a range inside it', () => {
    expect(monthsTouched(range('2024-02-10', '2024-02-10'))).toEqual([
      { month: '2024-02', ...range('2024-02-01', '2024-02-29') },
    ]);
  });
});

describe('bucketRange', () => {
  const buckets = (from: string, to: string, grain: 'day' | 'week' | 'month') =>
    bucketRange(range(from, to), grain).map(toPeriodText);

  it('splits into single days', () => {
    expect(buckets('2026-01-30', '2026-02-02', 'day')).toEqual([
      { from: '2026-01-30', to: '2026-01-30' },
      { from: '2026-01-31', to: '2026-01-31' },
      { from: '2026-02-01', to: '2026-02-01' },
      { from: '2026-02-02', to: '2026-02-02' },
    ]);
  });

  it('splits into ISO weeks (Monday … Sunday), partial at both edges', () => {
    // 1 Jan 2026 is a Thursday; 20 Jan a Tuesday
    expect(buckets('2026-01-01', '2026-01-20', 'week')).toEqual([
      { from: '2026-01-01', to: '2026-01-04' },
      { from: '2026-01-05', to: '2026-01-11' },
      { from: '2026-01-12', to: '2026-01-18' },
      { from: '2026-01-19', to: '2026-01-20' },
    ]);
  });

  it('splits into calendar months, partial at both edges', () => {
    expect(buckets('2026-01-15', '2026-03-10', 'month')).toEqual([
      { from: '2026-01-15', to: '2026-01-31' },
      { from: '2026-02-01', to: '2026-02-28' },
      { from: '2026-03-01', to: '2026-03-10' },
    ]);
  });

  it('covers the range without gaps or overlaps', () => {
    const r = range('2025-11-17', '2026-04-03');
    for (const grain of ['day', 'week', 'month'] as const) {
      const parts = bucketRange(r, grain);
      expect(parts[0]?.from).toBe(r.from);
      expect(parts.at(-1)?.to).toBe(r.to);
      for (let i = 1; i < parts.length; i += 1) expect(parts[i]?.from).toBe((parts[i - 1]?.to ?? 0) + 1);
    }
  });
});

describe('rangeInstants: a period as [first instant of from, first instant of to+1)', () => {
  it('puts a UTC month on UTC midnights', () => {
    expect(rangeInstants(range('2026-03-01', '2026-03-31'), 'UTC')).toEqual({
      start: utc('2026-03-01T00:00:00Z'),
      end: utc('2026-04-01T00:00:00Z'),
    });
  });

  it('uses the organisation zone (Asia/Jakarta, UTC+7, no DST)', () => {
    expect(rangeInstants(range('2026-01-01', '2026-03-31'), 'Asia/Jakarta')).toEqual({
      start: utc('2025-12-31T17:00:00Z'),
      end: utc('2026-03-31T17:00:00Z'),
    });
  });

  it('makes the spring-forward day in New York one day of 23 hours', () => {
    // 8 Mar 2026 00:00 EST (−5) … 9 Mar 00:00 EDT (−4)
    const r = rangeInstants(range('2026-03-08', '2026-03-08'), 'America/New_York');
    expect(r).toEqual({ start: utc('2026-03-08T05:00:00Z'), end: utc('2026-03-09T04:00:00Z') });
    expect(r.end - r.start).toBe(23 * HOUR);
    expect(dayCount(range('2026-03-08', '2026-03-08'))).toBe(1);
  });

  it('spans a month containing the New York change with a 1-hour-shorter length', () => {
    const r = rangeInstants(range('2026-03-01', '2026-03-31'), 'America/New_York');
    expect(r).toEqual({ start: utc('2026-03-01T05:00:00Z'), end: utc('2026-04-01T04:00:00Z') });
    expect(r.end - r.start).toBe((31 * 24 - 1) * HOUR);
  });

  it('makes the fall-back day in Berlin one day of 25 hours', () => {
    // 25 Oct 2026 00:00 CEST (+2) … 26 Oct 00:00 CET (+1)
    const r = rangeInstants(range('2026-10-25', '2026-10-25'), 'Europe/Berlin');
    expect(r).toEqual({ start: utc('2026-10-24T22:00:00Z'), end: utc('2026-10-25T23:00:00Z') });
    expect(r.end - r.start).toBe(25 * HOUR);
  });

  it('starts a day whose midnight is skipped at its first existing instant (São Paulo, 4 Nov 2018)', () => {
    // Brazil's last DST began at 00:00 → 01:00; the day starts at 01:00 −02:00 = 03:00Z and has 23 hours.
    const r = rangeInstants(range('2018-11-04', '2018-11-04'), 'America/Sao_Paulo');
    expect(r).toEqual({ start: utc('2018-11-04T03:00:00Z'), end: utc('2018-11-05T02:00:00Z') });
  });

  it('does not depend on the process time zone', () => {
    expect(process.env.TZ).toBe('America/Sao_Paulo'); // set in vitest.config.ts
    expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(180); // and in effect: −03:00
    expect(rangeInstants(range('2026-10-25', '2026-10-25'), 'UTC')).toEqual({
      start: utc('2026-10-25T00:00:00Z'),
      end: utc('2026-10-26T00:00:00Z'),
    });
  });
});
