/**
 * How a workbook cell's stored value becomes the text a CSV cell would hold, so the mapping reads
 * both alike: numbers as plain decimals, dates as the org's wall-clock ISO text, booleans as words.
 */

/** Excel keeps and shows 15 significant digits; the digits a double has past them are noise. */
const EXCEL_DIGITS = 15;

/**
 * A number as plain decimal text, as Excel shows it and would save it to CSV: rounded to 15
 * significant digits (a sum stored as 113.21000000000001 reads 113.21), never an exponent, never `-0`.
 */
export function plainNumber(stored: number): string {
  if (stored === 0) return '0';
  const value = Number(stored.toPrecision(EXCEL_DIGITS));
  const text = String(value);
  const e = text.indexOf('e');
  if (e === -1) return text;
  const negative = text[0] === '-';
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot === -1 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // Where the decimal point falls, counted from the first digit.
  const point = (dot === -1 ? mantissa.length : dot) + exponent;
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + '0'.repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${plain}` : plain;
}

/**
 * The text of a stored number: the stored text itself when it already is what `plainNumber` would
 * give (a plain decimal of at most 15 digits, as nearly every cell is), which saves the conversion.
 */
export function numberText(raw: string): string | undefined {
  const n = raw.length;
  let digits = 0;
  let dot = -1;
  let i = raw.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const first = i;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && dot === -1) dot = i;
    else break;
  }
  const plain =
    i === n &&
    digits > 0 &&
    digits <= EXCEL_DIGITS &&
    dot !== first &&
    dot !== n - 1 &&
    // No leading zero before another digit, no trailing zero after the point, no `-0`.
    !(raw.charCodeAt(first) === 48 && first + 1 < n && raw.charCodeAt(first + 1) !== 46) &&
    !(dot !== -1 && raw.charCodeAt(n - 1) === 48) &&
    !(first === 1 && digits === 1 && raw.charCodeAt(1) === 48);
  if (plain) return raw;
  const value = storedNumber(raw);
  return value === undefined ? undefined : plainNumber(value);
}

/** Reads the number text a cell stores (`45992`, `1.5E-3`): undefined when it is not one. */
export function storedNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

const DAY_SECONDS = 86_400;
/** 1970-01-01 as an Excel serial day (1900 date system). */
const UNIX_EPOCH_SERIAL = 25_569;
/** Days between the 1900 and 1904 date systems' day zero. */
const DATE_1904_OFFSET = 1_462;

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * An Excel serial date (days, the fraction the time of day) as `YYYY-MM-DD`, or
 * `YYYY-MM-DDTHH:mm:ss` when it has a time, or `HH:mm:ss` for a time alone (under one day). The
 * serial is wall-clock time with no zone, so the UTC fields of the instant are the clock's fields.
 */
/** Day texts already made: a sheet's dates fall on a few thousand days at most. */
const dayTexts = new Map<number, string>();

function dayText(days: number): string {
  let text = dayTexts.get(days);
  if (text === undefined) {
    const date = new Date(days * DAY_SECONDS * 1000);
    text = `${String(date.getUTCFullYear()).padStart(4, '0')}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
    if (dayTexts.size >= 100_000) dayTexts.clear();
    dayTexts.set(days, text);
  }
  return text;
}

export function serialDateText(serial: number, date1904: boolean): string {
  const seconds = Math.round(serial * DAY_SECONDS);
  const time = ((seconds % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
  const clock = `${pad(Math.floor(time / 3600))}:${pad(Math.floor(time / 60) % 60)}:${pad(time % 60)}`;
  if (serial >= 0 && serial < 1 && !date1904) return clock;
  const days = (seconds - time) / DAY_SECONDS + (date1904 ? DATE_1904_OFFSET : 0) - UNIX_EPOCH_SERIAL;
  const day = dayText(days);
  return time === 0 ? day : `${day}T${clock}`;
}

/** A cell of type `d` (an ISO 8601 text some writers store) in the same form as a serial date. */
export function isoDateText(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2})(?:\.\d+)?)?Z?$/.exec(text.trim());
  if (!match) return text.trim();
  const [, day, clock] = match;
  return clock === undefined || clock === '00:00:00' ? day! : `${day}T${clock}`;
}

const EXCEL_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** Undoes Excel's `_x000D_` escapes of characters XML cannot hold. */
export function unescapeExcelText(text: string): string {
  return text.indexOf('_x') === -1
    ? text
    : text.replace(EXCEL_ESCAPE, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** Whether a text holds a control character or a line break (the importer then looks closer). */
export function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * Whether a number format shows a date or time: after dropping quoted literals and `[...]` parts
 * (colours, locales, elapsed-time brackets), any of y, m, d, h, s remains. The same test exceljs uses.
 */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '');
  return /[ymdhsYMDHS]/.test(bare) && !/^general$/i.test(bare.trim());
}

/** `C` → 2: the zero-based column of a cell reference's letters (`C5`), or -1. */
export function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 32;
    if (c < 97 || c > 122) break;
    n = n * 26 + (c - 96);
  }
  return i === 0 ? -1 : n - 1;
}

/** 2 → `C`. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** A sheet's name as Excel writes it in a reference: quoted when it is not a plain word. */
export function sheetRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
