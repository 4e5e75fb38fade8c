import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { epochDayFromParts, parseIsoDate } from './calendar-date.ts';
import {
  canonicalTimeZone,
  createLocalTimeResolver,
  isValidTimeZone,
  type LocalDateTime,
  localEpochDay,
  startOfLocalDay,
} from './time-zone.ts';

const utc = (iso: string): number => Date.parse(iso);
const day = (text: string): number => {
  const d = parseIsoDate(text);
  if (d === undefined) throw new Error(`bad test date ${text}`);
  return d;
};

/** The reference: Temporal itself, `compatible` disambiguation. */
const temporal = (t: LocalDateTime, timeZone: string): number =>
  Temporal.PlainDateTime.from(t).toZonedDateTime(timeZone, { disambiguation: 'compatible' })
    .epochMilliseconds;

/** Every minute (and the last millisecond of each minute) of the local days before, on and after `date`. */
function* minutesAround(date: string): Generator<LocalDateTime> {
  const center = day(date);
  for (let d = center - 1; d <= center + 1; d += 1) {
    const p = Temporal.PlainDate.from('1970-01-01').add({ days: d });
    for (let minute = 0; minute < 24 * 60; minute += 1) {
      const base = {
        year: p.year,
        month: p.month,
        day: p.day,
        hour: Math.floor(minute / 60),
        minute: minute % 60,
      };
      yield { ...base, second: 0, millisecond: 0 };
      yield { ...base, second: 59, millisecond: 999 };
    }
  }
}

describe('createLocalTimeResolver: its per-hour cache agrees with Temporal', () => {
  // [zone, local day of a transition, what happens]
  const cases: [string, string, string][] = [
    ['America/New_York', '2026-03-08', '02:00 EST → 03:00 EDT'],
    ['America/New_York', '2026-11-01', '02:00 EDT → 01:00 EST'],
    ['Europe/Berlin', '2026-03-29', '02:00 CET → 03:00 CEST'],
    ['Europe/Berlin', '2026-10-25', '03:00 CEST → 02:00 CET'],
    ['America/St_Johns', '2026-03-08', '02:00 −03:30 → 03:00 −02:30'],
    ['America/St_Johns', '2026-11-01', '02:00 −02:30 → 01:00 −03:30'],
    ['Australia/Lord_Howe', '2026-04-05', '02:00 +11 → 01:30 +10:30 (30-minute shift)'],
    ['Australia/Lord_Howe', '2026-10-04', '02:00 +10:30 → 02:30 +11 (30-minute shift)'],
    ['Asia/Kathmandu', '1986-01-01', '00:00 +05:30 → 00:15 +05:45 (skipped quarter hour at midnight)'],
    ['Asia/Kathmandu', '2026-01-15', 'no change, +05:45'],
    ['Asia/Jakarta', '2026-01-01', 'no change, +07'],
    ['America/Sao_Paulo', '2018-11-04', '00:00 −03 → 01:00 −02 (skipped midnight)'],
    ['America/Sao_Paulo', '2019-02-17', '00:00 −02 → 23:00 −03 on the 16th (repeated hour)'],
  ];

  it.each(cases)('%s around %s (%s), minute by minute', (zone, date) => {
    const resolve = createLocalTimeResolver(zone);
    let mismatches = 0;
    let checked = 0;
    for (const t of minutesAround(date)) {
      checked += 1;
      if (resolve(t) !== temporal(t, zone)) mismatches += 1;
    }
    expect(checked).toBe(3 * 24 * 60 * 2);
    expect(mismatches).toBe(0);
  });

  it('gives the same answers whatever order the hours are first asked in', () => {
    const zone = 'America/New_York';
    const resolve = createLocalTimeResolver(zone);
    const times = [...minutesAround('2026-11-01')].reverse();
    expect(times.filter((t) => resolve(t) !== temporal(t, zone))).toEqual([]);
  });

  it('resolves the hand-computed instants of a skipped and a repeated hour', () => {
    const resolve = createLocalTimeResolver('America/New_York');
    const t = (year: number, month: number, d: number, hour: number, minute: number): LocalDateTime => ({
      year,
      month,
      day: d,
      hour,
      minute,
      second: 0,
      millisecond: 0,
    });
    expect(resolve(t(2026, 3, 8, 2, 30))).toBe(utc('2026-03-08T07:30:00Z')); // skipped → later (03:30 EDT)
    expect(resolve(t(2026, 11, 1, 1, 30))).toBe(utc('2026-11-01T05:30:00Z')); // repeated → earlier (EDT)
    const kathmandu = createLocalTimeResolver('Asia/Kathmandu');
    // skipped 00:10 on 1 Jan 1986 → read at the offset before (+05:30) → 18:40Z
    expect(kathmandu(t(1986, 1, 1, 0, 10))).toBe(utc('1985-12-31T18:40:00Z'));
    expect(kathmandu(t(1986, 1, 1, 0, 15))).toBe(utc('1985-12-31T18:30:00Z'));
  });
});

describe('local days of instants', () => {
  it('starts a local day at local midnight', () => {
    expect(startOfLocalDay(day('2026-01-01'), 'Asia/Jakarta')).toBe(utc('2025-12-31T17:00:00Z'));
    expect(startOfLocalDay(day('2026-01-01'), 'UTC')).toBe(utc('2026-01-01T00:00:00Z'));
    expect(startOfLocalDay(day('2026-01-01'), 'Asia/Kathmandu')).toBe(utc('2025-12-31T18:15:00Z'));
  });

  it('puts an instant on the calendar day of the organisation zone, not UTC or the process zone', () => {
    // 16:59:59.999Z is 23:59:59.999 in Jakarta; 17:00Z is already the 2nd
    expect(localEpochDay(utc('2026-01-01T16:59:59.999Z'), 'Asia/Jakarta')).toBe(day('2026-01-01'));
    expect(localEpochDay(utc('2026-01-01T17:00:00Z'), 'Asia/Jakarta')).toBe(day('2026-01-02'));
    // 02:00Z is still 23:00 of the previous day in São Paulo (−3), the process zone of these tests
    expect(localEpochDay(utc('2026-01-02T02:00:00Z'), 'UTC')).toBe(day('2026-01-02'));
    expect(localEpochDay(utc('2026-11-01T05:30:00Z'), 'America/New_York')).toBe(day('2026-11-01'));
    expect(localEpochDay(utc('2026-11-01T03:59:59.999Z'), 'America/New_York')).toBe(day('2026-10-31'));
  });

  it('keeps a DST day as one day from its first to its last instant', () => {
    const start = startOfLocalDay(day('2026-10-25'), 'Europe/Berlin');
    const next = startOfLocalDay(day('2026-10-26'), 'Europe/Berlin');
    expect(next - start).toBe(25 * 3_600_000);
    expect(localEpochDay(start, 'Europe/Berlin')).toBe(day('2026-10-25'));
    expect(localEpochDay(next - 1, 'Europe/Berlin')).toBe(day('2026-10-25'));
    expect(localEpochDay(next, 'Europe/Berlin')).toBe(day('2026-10-26'));
  });

  it('agrees with epochDayFromParts for dates before 1970', () => {
    expect(localEpochDay(utc('1969-12-31T12:00:00Z'), 'UTC')).toBe(epochDayFromParts(1969, 12, 31));
  });
});

describe('canonicalTimeZone', () => {
  it('spells a zone name canonically', () => {
    expect(canonicalTimeZone('asia/jakarta')).toBe('Asia/Jakarta');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('+07:00')).toBeUndefined();
  });
});

describe('isValidTimeZone', () => {
  it('knows IANA names', () => {
    expect(isValidTimeZone('Asia/Jakarta')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Australia/Lord_Howe')).toBe(true);
  });

  it('rejects names that are no zone', () => {
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('Jakarta')).toBe(false);
    // A bare offset has no daylight-saving rules: not an IANA zone (KPI-SPEC §1).
    expect(isValidTimeZone('+07:00')).toBe(false);
    expect(isValidTimeZone('-0330')).toBe(false);
  });
});
