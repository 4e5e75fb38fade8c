import { describe, expect, it } from 'vitest';
import {
  daysInMonth,
  epochDayFromParts,
  firstOfMonth,
  formatEpochDay,
  isLeapYear,
  isoWeekday,
  lastOfMonth,
  parseIsoDate,
  partsFromEpochDay,
} from './calendar-date.ts';

describe('epoch days', () => {
  it('counts days from 1970-01-01, negative before it', () => {
    expect(epochDayFromParts(1970, 1, 1)).toBe(0);
    expect(epochDayFromParts(1970, 1, 2)).toBe(1);
    expect(epochDayFromParts(1969, 12, 31)).toBe(-1);
    // 30 years × 365 + 7 leap days (1972 … 1996) = 10 957; + Jan 31 + Feb 29 = 11 017
    expect(epochDayFromParts(2000, 1, 1)).toBe(10_957);
    expect(epochDayFromParts(2000, 3, 1)).toBe(11_017);
    // 10 957 + 26 × 365 + 7 leap days (2000 … 2024) = 20 454 (= 1 767 225 600 s / 86 400)
    expect(epochDayFromParts(2026, 1, 1)).toBe(20_454);
    // 20 454 − 365 (2025) − 366 (2024) = 19 723; + 31 + 28 = 19 782
    expect(epochDayFromParts(2024, 2, 29)).toBe(19_782);
  });

  it('turns an epoch day back into the same year, month and day for four centuries around 1970', () => {
    const wrong: number[] = [];
    let previous = partsFromEpochDay(epochDayFromParts(1800, 1, 1) - 1);
    for (let day = epochDayFromParts(1800, 1, 1); day <= epochDayFromParts(2200, 12, 31); day += 1) {
      const parts = partsFromEpochDay(day);
      // each day is the next calendar day after the previous one
      const next =
        parts.day === previous.day + 1
          ? parts.month === previous.month && parts.year === previous.year
          : parts.day === 1 &&
            previous.day === daysInMonth(previous.year, previous.month) &&
            (parts.month === previous.month + 1
              ? parts.year === previous.year
              : parts.month === 1 && previous.month === 12 && parts.year === previous.year + 1);
      if (!next || epochDayFromParts(parts.year, parts.month, parts.day) !== day) wrong.push(day);
      previous = parts;
    }
    expect(wrong).toEqual([]);
    expect(partsFromEpochDay(20_454)).toEqual({ year: 2026, month: 1, day: 1 });
    expect(partsFromEpochDay(-1)).toEqual({ year: 1969, month: 12, day: 31 });
  });
});

describe('leap years and month lengths', () => {
  it('follows the Gregorian rule (every 4th year, not centuries unless divisible by 400)', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2026)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
    expect(isLeapYear(2100)).toBe(false);
  });

  it('gives February 29 days only in a leap year', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });
});

describe('ISO date text', () => {
  it('reads and writes YYYY-MM-DD', () => {
    expect(parseIsoDate('2026-01-01')).toBe(20_454);
    expect(parseIsoDate('2024-02-29')).toBe(19_782);
    expect(formatEpochDay(0)).toBe('1970-01-01');
    expect(formatEpochDay(-1)).toBe('1969-12-31');
    expect(formatEpochDay(19_782)).toBe('2024-02-29');
  });

  it.each([
    '2026-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-01',
    '26-01-01',
    '2026-01-01T00:00',
    '',
  ])('rejects %j, which is not a real calendar date', (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });
});

describe('weekdays and month arithmetic', () => {
  it('numbers ISO weekdays Monday = 1 … Sunday = 7', () => {
    expect(isoWeekday(0)).toBe(4); // 1970-01-01 was a Thursday
    expect(isoWeekday(-1)).toBe(3); // 1969-12-31 a Wednesday
    expect(isoWeekday(20_454)).toBe(4); // 2026-01-01 a Thursday
    expect(isoWeekday(20_454 + 66)).toBe(7); // 2026-03-08 (day 67 of the year) a Sunday
    expect(isoWeekday(20_454 + 4)).toBe(1); // 2026-01-05 a Monday
  });

  it('lets the month overflow in either direction', () => {
    expect(formatEpochDay(firstOfMonth(2026, 13))).toBe('2027-01-01');
    expect(formatEpochDay(firstOfMonth(2026, 0))).toBe('2025-12-01');
    expect(formatEpochDay(firstOfMonth(2026, -11))).toBe('2025-01-01');
    expect(formatEpochDay(lastOfMonth(2024, 2))).toBe('2024-02-29');
    expect(formatEpochDay(lastOfMonth(2026, 12))).toBe('2026-12-31');
    expect(formatEpochDay(lastOfMonth(2026, 14))).toBe('2027-02-28');
  });
});
