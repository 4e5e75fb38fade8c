import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { digestPeriod } from './digest-period.ts';
import { nextSendAfter } from './next-send.ts';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();
const day = (text: string): number => parseIsoDate(text)!;

describe('nextSendAfter: the next local send time in the organisation zone', () => {
  it('daily at 08:00 in Asia/Jakarta (UTC+7, no DST) is 01:00 UTC, today if still ahead, else tomorrow', () => {
    const s = { frequency: 'daily' as const, day: null, localTime: '08:00' };
    expect(iso(nextSendAfter(s, 'Asia/Jakarta', at('2026-12-06T00:30:00Z')))).toBe(
      '2026-12-06T01:00:00.000Z',
    );
    expect(iso(nextSendAfter(s, 'Asia/Jakarta', at('2026-12-06T01:00:00Z')))).toBe(
      '2026-12-07T01:00:00.000Z',
    );
    // 23:30 UTC on the 6th is already 06:30 on the 7th in Jakarta.
    expect(iso(nextSendAfter(s, 'Asia/Jakarta', at('2026-12-06T23:30:00Z')))).toBe(
      '2026-12-07T01:00:00.000Z',
    );
  });

  it('weekly on Monday (1) at 07:30 in Asia/Kolkata (UTC+5:30) and on Sunday (7)', () => {
    // 2026-12-06 is a Sunday.
    const monday = { frequency: 'weekly' as const, day: 1, localTime: '07:30' };
    expect(iso(nextSendAfter(monday, 'Asia/Kolkata', at('2026-12-06T12:00:00Z')))).toBe(
      '2026-12-07T02:00:00.000Z',
    );
    expect(iso(nextSendAfter(monday, 'Asia/Kolkata', at('2026-12-07T02:00:00Z')))).toBe(
      '2026-12-14T02:00:00.000Z',
    );
    const sunday = { frequency: 'weekly' as const, day: 7, localTime: '18:00' };
    expect(iso(nextSendAfter(sunday, 'Asia/Jakarta', at('2026-12-06T10:00:00Z')))).toBe(
      '2026-12-06T11:00:00.000Z',
    );
    expect(iso(nextSendAfter(sunday, 'Asia/Jakarta', at('2026-12-06T11:00:01Z')))).toBe(
      '2026-12-13T11:00:00.000Z',
    );
  });

  it('monthly on day 28 crosses February and the year end; day 1 the month end', () => {
    const d28 = { frequency: 'monthly' as const, day: 28, localTime: '09:15' };
    expect(iso(nextSendAfter(d28, 'Asia/Tokyo', at('2027-01-28T01:00:00Z')))).toBe(
      '2027-02-28T00:15:00.000Z',
    );
    expect(iso(nextSendAfter(d28, 'Asia/Tokyo', at('2026-12-28T00:15:00Z')))).toBe(
      '2027-01-28T00:15:00.000Z',
    );
    const d1 = { frequency: 'monthly' as const, day: 1, localTime: '00:00' };
    // 31 Jan 18:00 UTC is already 1 Feb 01:00 in Jakarta: the next is 1 March local midnight.
    expect(iso(nextSendAfter(d1, 'Asia/Jakarta', at('2027-01-31T17:00:00Z')))).toBe(
      '2027-02-28T17:00:00.000Z',
    );
    expect(iso(nextSendAfter(d1, 'Asia/Jakarta', at('2027-01-31T16:59:00Z')))).toBe(
      '2027-01-31T17:00:00.000Z',
    );
  });

  it('a local time skipped by a DST change is sent at the later instant (compatible)', () => {
    // Europe/Berlin skips 02:00–03:00 on 28 March 2027.
    const s = { frequency: 'daily' as const, day: null, localTime: '02:30' };
    expect(iso(nextSendAfter(s, 'Europe/Berlin', at('2027-03-27T12:00:00Z')))).toBe(
      '2027-03-28T01:30:00.000Z',
    );
  });
});

describe('digestPeriod: the last complete period before the send day', () => {
  it('daily: yesterday', () => {
    expect(digestPeriod('daily', day('2027-03-01'))).toEqual({
      from: day('2027-02-28'),
      to: day('2027-02-28'),
    });
  });
  it('weekly: last Monday to Sunday, whatever the send weekday', () => {
    const last = { from: day('2026-11-30'), to: day('2026-12-06') };
    expect(digestPeriod('weekly', day('2026-12-07'))).toEqual(last); // Monday
    expect(digestPeriod('weekly', day('2026-12-13'))).toEqual(last); // Sunday
  });
  it('monthly: the last whole month, across a year end and a leap February', () => {
    expect(digestPeriod('monthly', day('2027-01-15'))).toEqual({
      from: day('2026-12-01'),
      to: day('2026-12-31'),
    });
    expect(digestPeriod('monthly', day('2028-03-01'))).toEqual({
      from: day('2028-02-01'),
      to: day('2028-02-29'),
    });
  });
});
