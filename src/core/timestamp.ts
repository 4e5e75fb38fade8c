import { daysInMonth, epochDayFromParts, MS_PER_DAY } from './calendar-date.ts';
import type { LocalDateTime } from './time-zone.ts';

// YYYY-MM-DD, optionally [T or space]HH:MM[:SS[.fraction]] and an offset (Z, ±HH:MM, ±HHMM).
const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

export type TimestampResult = { ok: true; epochMs: number } | { ok: false; reason: string };

const digitAt = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1000;
};
const two = (s: string, i: number): number => digitAt(s, i) * 10 + digitAt(s, i + 1);

/**
 * The common, well-formed cases without a regular expression (imports read millions of these).
 * Returns undefined for anything unusual, which the full parser then reads or rejects.
 */
function parseFast(text: string, resolveLocal: (t: LocalDateTime) => number): number | undefined {
  const n = text.length;
  if (n < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = two(text, 0) * 100 + two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millisecond = 0;
  let i = 10;
  if (n > 10) {
    const sep = text.charCodeAt(10);
    if ((sep !== 84 && sep !== 32) || n < 16 || text.charCodeAt(13) !== 58) return undefined;
    hour = two(text, 11);
    minute = two(text, 14);
    i = 16;
    if (i < n && text.charCodeAt(i) === 58) {
      second = two(text, 17);
      i = 19;
      if (i < n && text.charCodeAt(i) === 46) {
        i++;
        let digits = 0;
        while (i < n && digitAt(text, i) >= 0) {
          if (digits < 3) millisecond = millisecond * 10 + digitAt(text, i);
          digits++;
          i++;
        }
        if (digits === 0) return undefined;
        for (let k = Math.min(digits, 3); k < 3; k++) millisecond *= 10;
      }
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  }
  if (i === n) return resolveLocal({ year, month, day, hour, minute, second, millisecond });
  if (n === 10) return undefined;
  const wallAsUtc =
    epochDayFromParts(year, month, day) * MS_PER_DAY +
    ((hour * 60 + minute) * 60 + second) * 1000 +
    millisecond;
  const c = text.charCodeAt(i);
  if ((c === 90 || c === 122) && i + 1 === n) return wallAsUtc;
  if (c !== 43 && c !== 45) return undefined;
  const oh = two(text, i + 1);
  const colon = text.charCodeAt(i + 3) === 58 ? 1 : 0;
  const om = two(text, i + 3 + colon);
  if (i + 5 + colon !== n || oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
  return wallAsUtc - (c === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
}

/**
 * Reads a KPI-SPEC timestamp. Times without an offset are wall-clock times in the organisation's
 * zone and go through `resolveLocal`; fractions beyond milliseconds are cut off, not rounded.
 */
export function parseTimestamp(text: string, resolveLocal: (t: LocalDateTime) => number): TimestampResult {
  const fast = parseFast(text, resolveLocal);
  return fast !== undefined ? { ok: true, epochMs: fast } : parseTimestampByGrammar(text, resolveLocal);
}

/** The full grammar (a regular expression), with a reason for every rejection. */
export function parseTimestampByGrammar(
  text: string,
  resolveLocal: (t: LocalDateTime) => number,
): TimestampResult {
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
