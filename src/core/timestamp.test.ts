import { describe, expect, it } from 'vitest';
import { createLocalTimeResolver, type LocalDateTime } from './time-zone.ts';
import { parseTimestamp } from './timestamp.ts';

const utc = (iso: string): number => Date.parse(iso);

/** Parses in a zone; fails the test on a rejection. */
const at = (text: string, timeZone = 'UTC'): number => {
  const result = parseTimestamp(text, createLocalTimeResolver(timeZone));
  if (!result.ok) throw new Error(result.reason);
  return result.epochMs;
};

/** A resolver that must not be consulted: the text carries its own offset. */
const noLocal = (t: LocalDateTime): number => {
  throw new Error(`unexpected local-time lookup for ${JSON.stringify(t)}`);
};

describe('parseTimestamp: accepted forms (KPI-SPEC §2)', () => {
  it('reads a date alone as the first instant of that local day', () => {
    expect(at('2026-01-15')).toBe(utc('2026-01-15T00:00:00Z'));
    expect(at('2026-01-15', 'Asia/Jakarta')).toBe(utc('2026-01-14T17:00:00Z')); // UTC+7
    expect(at('2026-03-08', 'America/New_York')).toBe(utc('2026-03-08T05:00:00Z')); // still EST at midnight
    expect(at('2026-03-09', 'America/New_York')).toBe(utc('2026-03-09T04:00:00Z')); // EDT
  });

  it('starts a date whose local midnight does not exist at the first instant of that day', () => {
    // São Paulo jumped 00:00 → 01:00 on 4 Nov 2018: the day starts at 01:00 −02:00 = 03:00Z.
    expect(at('2018-11-04', 'America/Sao_Paulo')).toBe(utc('2018-11-04T03:00:00Z'));
  });

  it('takes T or a space between date and time', () => {
    expect(at('2026-01-15T10:20')).toBe(utc('2026-01-15T10:20:00Z'));
    expect(at('2026-01-15 10:20')).toBe(utc('2026-01-15T10:20:00Z'));
  });

  it('makes seconds optional', () => {
    expect(at('2026-01-15T10:20:30')).toBe(utc('2026-01-15T10:20:30Z'));
    expect(at('2026-01-15 23:59:59')).toBe(utc('2026-01-15T23:59:59Z'));
  });

  it('keeps a fraction to the millisecond', () => {
    expect(at('2026-01-15T10:20:30.1')).toBe(utc('2026-01-15T10:20:30.100Z'));
    expect(at('2026-01-15T10:20:30.12')).toBe(utc('2026-01-15T10:20:30.120Z'));
    expect(at('2026-01-15T10:20:30.123')).toBe(utc('2026-01-15T10:20:30.123Z'));
    expect(at('2026-01-15T10:20:30.000')).toBe(utc('2026-01-15T10:20:30Z'));
  });

  it('cuts further fraction digits off instead of rounding', () => {
    expect(at('2026-01-15T10:20:30.123456789')).toBe(utc('2026-01-15T10:20:30.123Z'));
    expect(at('2026-01-15T10:20:30.9999')).toBe(utc('2026-01-15T10:20:30.999Z'));
    expect(at('2026-01-15T10:20:30.1239')).toBe(utc('2026-01-15T10:20:30.123Z')); // not .124
    expect(at('2026-01-15T10:20:30.0005')).toBe(utc('2026-01-15T10:20:30.000Z')); // not .001
    // rounding would carry into the next year
    expect(at('2026-12-31T23:59:59.9999Z')).toBe(utc('2026-12-31T23:59:59.999Z'));
  });

  it('reads Z as UTC, without consulting the organisation zone', () => {
    expect(parseTimestamp('2026-01-15T10:20Z', noLocal)).toEqual({
      ok: true,
      epochMs: utc('2026-01-15T10:20:00Z'),
    });
    expect(parseTimestamp('2026-01-15T10:20:30.5z', noLocal)).toEqual({
      ok: true,
      epochMs: utc('2026-01-15T10:20:30.500Z'),
    });
  });

  it('reads ±HH:MM and ±HHMM offsets', () => {
    // 10:00 at +07:00 is 03:00Z
    expect(parseTimestamp('2026-01-15T10:00+07:00', noLocal)).toEqual({
      ok: true,
      epochMs: utc('2026-01-15T03:00:00Z'),
    });
    expect(parseTimestamp('2026-01-15T10:00+0700', noLocal)).toEqual({
      ok: true,
      epochMs: utc('2026-01-15T03:00:00Z'),
    });
    // 10:00 at −03:30 is 13:30Z
    expect(parseTimestamp('2026-01-15 10:00:00-0330', noLocal)).toEqual({
      ok: true,
      epochMs: utc('2026-01-15T13:30:00Z'),
    });
    // 10:00 at +05:45 (Nepal) is 04:15Z
    expect(parseTimestamp('2026-01-15T10:00:00.250+05:45', noLocal)).toEqual({
      ok: true,
      epochMs: utc('2026-01-15T04:15:00.250Z'),
    });
    // an offset can move the instant into the previous year
    expect(parseTimestamp('2026-01-01T01:00+02:00', noLocal)).toEqual({
      ok: true,
      epochMs: utc('2025-12-31T23:00:00Z'),
    });
    expect(parseTimestamp('2026-01-15T10:00+00:00', noLocal)).toEqual({
      ok: true,
      epochMs: utc('2026-01-15T10:00:00Z'),
    });
    expect(parseTimestamp('2026-01-15T10:00-00:00', noLocal)).toEqual({
      ok: true,
      epochMs: utc('2026-01-15T10:00:00Z'),
    });
  });

  it('reads a time without an offset in the organisation zone', () => {
    expect(at('2026-01-15T10:00', 'Asia/Jakarta')).toBe(utc('2026-01-15T03:00:00Z'));
    expect(at('2026-07-15T10:00', 'Europe/Berlin')).toBe(utc('2026-07-15T08:00:00Z')); // CEST, +2
    expect(at('2026-01-15T10:00', 'Europe/Berlin')).toBe(utc('2026-01-15T09:00:00Z')); // CET, +1
    expect(at('2026-01-15T12:00', 'Asia/Kathmandu')).toBe(utc('2026-01-15T06:15:00Z')); // +05:45
  });

  it('reads Feb 29 in a leap year', () => {
    expect(at('2024-02-29T12:00Z')).toBe(utc('2024-02-29T12:00:00Z'));
  });
});

describe('parseTimestamp: local times around a DST change (compatible disambiguation)', () => {
  const ny = 'America/New_York';

  it('moves a skipped time forward by the gap: 02:30 on 8 Mar 2026 in New York is 03:30 EDT', () => {
    // 02:00 … 02:59 does not exist; `compatible` reads 02:30 with the offset before the gap (−5),
    // i.e. 07:30Z, which is 03:30 EDT.
    expect(at('2026-03-08T02:30', ny)).toBe(utc('2026-03-08T07:30:00Z'));
    expect(at('2026-03-08T02:00', ny)).toBe(utc('2026-03-08T07:00:00Z'));
    expect(at('2026-03-08T01:59:59.999', ny)).toBe(utc('2026-03-08T06:59:59.999Z')); // last EST instant
    expect(at('2026-03-08T03:00', ny)).toBe(utc('2026-03-08T07:00:00Z')); // first EDT instant
    expect(at('2026-03-08T03:30', ny)).toBe(utc('2026-03-08T07:30:00Z')); // same instant as 02:30
  });

  it('takes the earlier instant for a repeated time: 01:30 on 1 Nov 2026 in New York is EDT', () => {
    expect(at('2026-11-01T01:30', ny)).toBe(utc('2026-11-01T05:30:00Z')); // 01:30 EDT (−4), not 06:30Z
    expect(at('2026-11-01T00:59', ny)).toBe(utc('2026-11-01T04:59:00Z'));
    expect(at('2026-11-01T01:00', ny)).toBe(utc('2026-11-01T05:00:00Z'));
    expect(at('2026-11-01T01:59:59.999', ny)).toBe(utc('2026-11-01T05:59:59.999Z'));
    expect(at('2026-11-01T02:00', ny)).toBe(utc('2026-11-01T07:00:00Z')); // EST (−5)
  });

  it('does the same in Berlin (changes at 02:00/03:00 local, 29 Mar and 25 Oct 2026)', () => {
    // skipped 02:30 → offset before (+1) → 01:30Z = 03:30 CEST
    expect(at('2026-03-29T02:30', 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00Z'));
    // repeated 02:30 → earlier, CEST (+2) → 00:30Z
    expect(at('2026-10-25T02:30', 'Europe/Berlin')).toBe(utc('2026-10-25T00:30:00Z'));
    expect(at('2026-10-25T03:00', 'Europe/Berlin')).toBe(utc('2026-10-25T02:00:00Z'));
  });

  it('handles the 30-minute shift of Lord Howe Island', () => {
    // 4 Oct 2026: 02:00 +10:30 → 02:30 +11. 02:15 is skipped → read at +10:30 → 15:45Z (= 02:45 +11).
    expect(at('2026-10-04T02:15', 'Australia/Lord_Howe')).toBe(utc('2026-10-03T15:45:00Z'));
    expect(at('2026-10-04T02:30', 'Australia/Lord_Howe')).toBe(utc('2026-10-03T15:30:00Z'));
    // 5 Apr 2026: 02:00 +11 → 01:30 +10:30. 01:45 is repeated → earlier (+11) → 14:45Z.
    expect(at('2026-04-05T01:45', 'Australia/Lord_Howe')).toBe(utc('2026-04-04T14:45:00Z'));
    expect(at('2026-04-05T02:00', 'Australia/Lord_Howe')).toBe(utc('2026-04-04T15:30:00Z'));
  });

  it('ignores the zone when the text has an offset, even inside a skipped hour', () => {
    expect(at('2026-03-08T02:30-05:00', ny)).toBe(utc('2026-03-08T07:30:00Z'));
    expect(at('2026-11-01T01:30-05:00', ny)).toBe(utc('2026-11-01T06:30:00Z')); // the later 01:30
  });
});

describe('parseTimestamp: rejections', () => {
  it.each([
    ['2026-13-01', 'not a real calendar date'],
    ['2026-00-01', 'not a real calendar date'],
    ['2026-02-29', 'not a real calendar date'],
    ['2026-04-31T10:00', 'not a real calendar date'],
    ['2026-01-00', 'not a real calendar date'],
    ['2026-01-01T24:00', 'time of day out of range'],
    ['2026-01-01T23:60', 'time of day out of range'],
    ['2026-01-01T10:00:60', 'time of day out of range'],
    ['2026-01-01T10:00+24:00', 'offset out of range'],
    ['2026-01-01T10:00+05:60', 'offset out of range'],
    ['garbage', 'is not a timestamp'],
    ['', 'is not a timestamp'],
    ['2026-1-01', 'is not a timestamp'],
    ['2026/01/01', 'is not a timestamp'],
    ['01/15/2026', 'is not a timestamp'],
    ['2026-01-01T10', 'is not a timestamp'],
    ['2026-01-01T1:00', 'is not a timestamp'],
    ['2026-01-01T10:00:00.', 'is not a timestamp'],
    ['2026-01-01T10:00.5', 'is not a timestamp'],
    ['2026-01-01T10:00+7', 'is not a timestamp'],
    ['2026-01-01T10:00+07', 'is not a timestamp'],
    ['2026-01-01T10:00 Z', 'is not a timestamp'],
    ['2026-01-01Z', 'is not a timestamp'],
    ['2026-01-01T10:00:00Z extra', 'is not a timestamp'],
    ['1767225600000', 'is not a timestamp'],
  ])('rejects %j (%s)', (text, reason) => {
    const result = parseTimestamp(text, noLocal);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
