import { daysInMonth } from '../../core/calendar-date.ts';
import type { DateFormat } from '../../core/contracts/mapping.ts';
import { quoteCell } from '../quote-cell.ts';

/** A date cell read: KPI-SPEC text (`YYYY-MM-DD` or `YYYY-MM-DDTHH:mm:ss`, no offset), or why not. */
export type DateResult = { ok: true; text: string } | { ok: false; reason: string };

/** Reads one cell under one layout; `dateOnly` drops the time of day (fields that are dates). */
export type DateReader = (cell: string, dateOnly: boolean) => DateResult;

const TOKEN_RE = /YYYY|MM|M|DD|D|HH|H|hh|h|mm|ss|A/g;
/** After a layout without a time: an optional time of day, 24 h or 12 h. */
const OPTIONAL_TIME = '(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\s*([AaPp][Mm]))?)?';

type Part = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'ampm';
const PART_OF: Record<string, Part> = {
  YYYY: 'year',
  MM: 'month',
  M: 'month',
  DD: 'day',
  D: 'day',
  HH: 'hour',
  H: 'hour',
  hh: 'hour',
  h: 'hour',
  mm: 'minute',
  ss: 'second',
  A: 'ampm',
};
const PATTERN_OF: Record<Part, string> = {
  year: '(\\d{4})',
  month: '(\\d{1,2})',
  day: '(\\d{1,2})',
  hour: '(\\d{1,2})',
  minute: '(\\d{2})',
  second: '(\\d{2})',
  ampm: '([AaPp][Mm])',
};

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function dateText(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  dateOnly: boolean,
): string {
  const date = `${year}-${pad2(month)}-${pad2(day)}`;
  return dateOnly ? date : `${date}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}`;
}

function checked(
  cell: string,
  parts: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  ampm: string | undefined,
  dateOnly: boolean,
  timed: boolean,
): DateResult {
  const { year, month, day, minute, second } = parts;
  let { hour } = parts;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return { ok: false, reason: `${quoteCell(cell)} is not a real calendar date` };
  if (ampm !== undefined) {
    if (hour < 1 || hour > 12)
      return { ok: false, reason: `${quoteCell(cell)} has a time of day out of range` };
    const pm = ampm.charCodeAt(0) === 80 || ampm.charCodeAt(0) === 112;
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59)
    return { ok: false, reason: `${quoteCell(cell)} has a time of day out of range` };
  return { ok: true, text: dateText(year, month, day, hour, minute, second, dateOnly || !timed) };
}

/** Compiles a token layout (`MM/DD/YYYY hh:mm A`) into one regular expression, once per field. */
function tokenLayout(layout: string): DateReader {
  const order: Part[] = [];
  let source = '';
  let last = 0;
  for (const m of layout.matchAll(TOKEN_RE)) {
    source += layout
      .slice(last, m.index)
      .replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
      .replace(/ /g, '\\s+');
    const part = PART_OF[m[0]]!;
    order.push(part);
    source += PATTERN_OF[part];
    last = m.index + m[0].length;
  }
  source += layout.slice(last).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const hasTime = order.includes('hour');
  if (hasTime && !order.includes('second')) {
    source += '(?::(\\d{2}))?';
    order.push('second');
  }
  if (!hasTime) {
    source += OPTIONAL_TIME;
    order.push('hour', 'minute', 'second', 'ampm');
  }
  const re = new RegExp(`^${source}$`);
  const fast = scanner(layout);
  return (cell, dateOnly) => {
    const quick = fast(cell, dateOnly);
    if (quick !== undefined) return quick;
    const m = re.exec(cell);
    if (!m) return { ok: false, reason: `${quoteCell(cell)} is not a date in the layout ${layout}` };
    const parts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    let ampm: string | undefined;
    let timed = false;
    for (let i = 0; i < order.length; i++) {
      const value = m[i + 1];
      if (value === undefined) continue;
      const part = order[i]!;
      if (part === 'ampm') ampm = value;
      else parts[part] = Number(value);
      if (part === 'hour') timed = true;
    }
    return checked(cell, parts, ampm, dateOnly, timed);
  };
}

/**
 * The common case without a regular expression: a cell written exactly in the layout (digits of
 * the token's width, the layout's separators; a date-only layout with or without ` HH:mm`).
 * Returns undefined for anything else, which the layout's regular expression then reads or
 * refuses with a reason. A million-row export reads two dates a row: the match arrays and their
 * substrings were most of the garbage its parsing made.
 */
function scanner(layout: string): (cell: string, dateOnly: boolean) => DateResult | undefined {
  type Step = { part: Part; width: number } | { literal: number };
  const steps: Step[] = [];
  let last = 0;
  for (const m of layout.matchAll(TOKEN_RE)) {
    for (let i = last; i < m.index; i++) steps.push({ literal: layout.charCodeAt(i) });
    const token = m[0];
    const part = PART_OF[token]!;
    // One-letter tokens (M, D, H, h) take one or two digits: only their two-digit form is fast.
    steps.push({ part, width: part === 'year' ? 4 : part === 'ampm' ? 2 : 2 });
    last = m.index + token.length;
  }
  for (let i = last; i < layout.length; i++) steps.push({ literal: layout.charCodeAt(i) });
  const hasTime = steps.some((step) => 'part' in step && step.part === 'hour');
  const value = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  return (cell, dateOnly) => {
    let at = 0;
    let ampm: string | undefined;
    value.hour = 0;
    value.minute = 0;
    value.second = 0;
    for (const step of steps) {
      if ('literal' in step) {
        if (cell.charCodeAt(at) !== step.literal) return undefined;
        at++;
        continue;
      }
      if (step.part === 'ampm') {
        const c = cell.charCodeAt(at) | 32;
        if ((c !== 97 && c !== 112) || (cell.charCodeAt(at + 1) | 32) !== 109) return undefined;
        ampm = cell[at];
        at += 2;
        continue;
      }
      let n = 0;
      for (let k = 0; k < step.width; k++) {
        const d = cell.charCodeAt(at + k) - 48;
        if (!(d >= 0 && d <= 9)) return undefined;
        n = n * 10 + d;
      }
      value[step.part] = n;
      at += step.width;
    }
    let timed = hasTime;
    if (at < cell.length && !hasTime) {
      // ` HH:mm` after a date-only layout.
      const c = cell.charCodeAt(at);
      if ((c !== 32 && c !== 84) || cell.length !== at + 6 || cell.charCodeAt(at + 3) !== 58)
        return undefined;
      const h = two(cell, at + 1);
      const m = two(cell, at + 4);
      if (h < 0 || m < 0) return undefined;
      value.hour = h;
      value.minute = m;
      at += 6;
      timed = true;
    }
    if (at !== cell.length) return undefined;
    return checked(cell, value, ampm, dateOnly, timed);
  };
}

const two = (s: string, at: number): number => {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

const ISO_START_RE = /^\d{4}-\d{2}-\d{2}/;
/** a/b/YYYY (or with - or .), with an optional time: the order of a and b is what `auto` must settle. */
const NUMERIC_DATE_RE = new RegExp(`^(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4})${OPTIONAL_TIME}$`);
const SLASHED_ISO_RE = new RegExp(`^(\\d{4})/(\\d{1,2})/(\\d{1,2})${OPTIONAL_TIME}$`);

/** KPI-SPEC's own form: read as given (the importer's timestamp rules apply to it). */
const isoLayout: DateReader = (cell, dateOnly) =>
  dateOnly && cell.length > 10 && ISO_START_RE.test(cell) && (cell[10] === 'T' || cell[10] === ' ')
    ? { ok: true, text: cell.slice(0, 10) }
    : { ok: true, text: cell };

const autoLayout: DateReader = (cell, dateOnly) => {
  if (ISO_START_RE.test(cell)) return isoLayout(cell, dateOnly);
  let m = SLASHED_ISO_RE.exec(cell);
  if (m) {
    return checked(
      cell,
      timeParts(Number(m[1]), Number(m[2]), Number(m[3]), m, 4),
      m[7],
      dateOnly,
      m[4] !== undefined,
    );
  }
  m = NUMERIC_DATE_RE.exec(cell);
  if (!m)
    return {
      ok: false,
      reason: `${quoteCell(cell)} is not a date UDN can read without a layout: declare the date format`,
    };
  const a = Number(m[1]);
  const b = Number(m[3]);
  if (a <= 12 && b <= 12 && a !== b) {
    return {
      ok: false,
      reason: `ambiguous date ${quoteCell(cell)}: declare the date format (MM/DD/YYYY or DD/MM/YYYY)`,
    };
  }
  // A day above 12 settles the order; equal numbers read the same either way.
  const [month, day] = a > 12 ? [b, a] : [a, b];
  return checked(cell, timeParts(Number(m[4]), month, day, m, 5), m[8], dateOnly, m[5] !== undefined);
};

function timeParts(year: number, month: number, day: number, m: RegExpExecArray, from: number) {
  return {
    year,
    month,
    day,
    hour: m[from] === undefined ? 0 : Number(m[from]),
    minute: m[from + 1] === undefined ? 0 : Number(m[from + 1]),
    second: m[from + 2] === undefined ? 0 : Number(m[from + 2]),
  };
}

const EXCEL_SERIAL_RE = /^\d+(?:\.\d+)?$/;
const MS_PER_DAY = 86_400_000;
/** Day 0 of Excel's 1900 system, counting its phantom 29 February 1900 (serial 60). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

const excelLayout: DateReader = (cell, dateOnly) => {
  if (!EXCEL_SERIAL_RE.test(cell))
    return { ok: false, reason: `${quoteCell(cell)} is not an Excel serial date (a number of days)` };
  const serial = Number(cell);
  if (serial < 61 || serial >= 2_958_466)
    return {
      ok: false,
      reason: `${quoteCell(cell)} is out of the range of Excel dates UDN reads (1900-03-01 to 9999)`,
    };
  // Rounded to the second: Excel stores times of day as binary fractions.
  const ms = EXCEL_EPOCH_MS + Math.round(serial * 86_400) * 1000;
  const d = new Date(ms);
  const timeOfDay = ms % MS_PER_DAY;
  return {
    ok: true,
    text: dateText(
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      dateOnly || timeOfDay === 0,
    ),
  };
};

/** What the workbook reader writes for a date cell (B's cell-text.ts): ISO, never ambiguous. */
const WORKBOOK_DATE_RE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2})?$/;

/**
 * A declared layout also reads the ISO text of a spreadsheet's real date cells: a workbook keeps
 * dates as dates whatever layout its text columns use. Tried only when the layout refuses a cell.
 */
const orIsoDateCell =
  (reader: DateReader): DateReader =>
  (cell, dateOnly) => {
    const result = reader(cell, dateOnly);
    return result.ok || !WORKBOOK_DATE_RE.test(cell) ? result : isoLayout(cell, dateOnly);
  };

const compiled = new Map<DateFormat, DateReader>();

/** The reader of a layout, compiled on first use and shared by every field and file after. */
export function dateReader(format: DateFormat): DateReader {
  let reader = compiled.get(format);
  if (!reader) {
    reader =
      format === 'auto'
        ? autoLayout
        : format === 'iso'
          ? isoLayout
          : orIsoDateCell(format === 'excel' ? excelLayout : tokenLayout(format));
    compiled.set(format, reader);
  }
  return reader;
}
