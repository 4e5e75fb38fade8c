import { daysInMonth, epochDayFromParts, MS_PER_DAY } from './calendar-date.ts';
import type { LocalDateTime } from './time-zone.ts';

// YYYY-MM-DD, optionally [T or space]HH:MM[:SS[.fraction]] and an offset (Z, ±HH:MM, ±HHMM).
const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

export type TimestampResult = { ok: true; epochMs: number } | { ok: false; reason: string };

/**
 * Reads a KPI-SPEC timestamp. Times without an offset are wall-clock times in the organisation's
 * zone and go through `resolveLocal`; fractions beyond milliseconds are cut off, not rounded.
 */
export function parseTimestamp(text: string, resolveLocal: (t: LocalDateTime) => number): TimestampResult {
  const m = TIMESTAMP_RE.exec(text);
  if (!m) {
    return {
      ok: false,
      reason: `"${text}" is not a timestamp (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM])`,
    };
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: `"${text}" is not a real calendar date` };
  }
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: `"${text}" has a time of day out of range` };
  }
  const fraction = m[7];
  const millisecond = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const offset = m[8];
  if (offset === undefined) {
    return { ok: true, epochMs: resolveLocal({ year, month, day, hour, minute, second, millisecond }) };
  }
  let offsetMs = 0;
  if (offset !== 'Z' && offset !== 'z') {
    const sign = offset[0] === '-' ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 23 || om > 59) return { ok: false, reason: `"${text}" has an offset out of range` };
    offsetMs = sign * (oh * 60 + om) * 60_000;
  }
  const wallAsUtc =
    epochDayFromParts(year, month, day) * MS_PER_DAY +
    ((hour * 60 + minute) * 60 + second) * 1000 +
    millisecond;
  return { ok: true, epochMs: wallAsUtc - offsetMs };
}
