import { describe, expect, it } from 'vitest';
import { createLocalTimeResolver } from './time-zone.ts';
import { parseTimestamp, parseTimestampByGrammar } from './timestamp.ts';

// The fast path must read exactly what the full grammar reads: compare both on many shapes.
describe('parseTimestamp fast path', () => {
  const resolve = createLocalTimeResolver('America/New_York');
  const samples = [
    '2026-03-08',
    '2026-03-08T02:30',
    '2026-03-08 02:30:15',
    '2026-11-01T01:30:00.5',
    '2026-11-01T01:30:00.123456789',
    '2026-01-31T23:59:59.999Z',
    '2026-01-31T23:59:59z',
    '2026-01-31T23:59:59+07:00',
    '2026-01-31T23:59:59-0330',
    '2026-01-31T23:59+05:45',
    '2024-02-29T12:00:00Z',
    '2026-02-29T12:00:00Z',
    '2026-13-01',
    '2026-01-01T24:00',
    '2026-01-01T10:60',
    '2026-01-01T10:00:60',
    '2026-01-01T10:00:00.',
    '2026-01-01T10:00:00+7:00',
    '2026-01-01T10:00:00+07:0',
    '2026-01-01T10:00:00+24:00',
    '2026-01-01X10:00',
    '2026-1-01',
    '20260101',
    '2026-01-01T10',
    '2026-01-01T10:00:00Z ',
    '2026-01-01T10:00:00ZZ',
  ];
  it.each(samples)('reads %s like the full grammar', (text) => {
    expect(parseTimestamp(text, resolve)).toEqual(parseTimestampByGrammar(text, resolve));
  });

  it('gives known instants', () => {
    expect(parseTimestamp('2026-01-31T23:59:59-0330', resolve)).toEqual({
      ok: true,
      epochMs: Date.UTC(2026, 1, 1, 3, 29, 59),
    });
    expect(parseTimestamp('2026-11-01T01:30:00.123456789', resolve)).toEqual({
      ok: true,
      epochMs: Date.UTC(2026, 10, 1, 5, 30, 0, 123),
    });
  });
});
