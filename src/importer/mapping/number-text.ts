import { quoteCell } from '../quote-cell.ts';

export type NumberResult = { ok: true; text: string } | { ok: false; reason: string };
export type DecimalMark = '.' | ',';

/** A currency symbol or code before or after the number: `$`, `US$`, `Rp`, `IDR`, `€`, `12 EUR`. */
const CURRENCY_PREFIX_RE = /^(?:[A-Za-z]{1,3}\.?\s*)?[$€£¥₹]?\s*/;
const CURRENCY_SUFFIX_RE = /\s*[$€£¥₹]?\s*(?:[A-Za-z]{2,3}\.?)?$/;
const PLAIN_DOT_RE = /^\d+(?:\.\d+)?$/;
const PLAIN_COMMA_RE = /^\d+(?:,\d+)?$/;

const isDigit = (c: number) => c >= 48 && c <= 57;
/** Spaces (plain, no-break, narrow no-break, thin) and apostrophes (Swiss `1'234`) group thousands. */
const isGroupChar = (c: number) =>
  c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 39 || c === 0x2019;

function wrongMarkOf(cell: string, decimal: DecimalMark): NumberResult {
  return {
    ok: false,
    reason:
      decimal === '.'
        ? `${quoteCell(cell)} uses a decimal comma: set the mapping's decimal to ","`
        : `${quoteCell(cell)} uses a decimal point: set the mapping's decimal to "."`,
  };
}

function notNumberOf(cell: string): NumberResult {
  return { ok: false, reason: `${quoteCell(cell)} is not a number` };
}

/**
 * Reads an amount or number as a spreadsheet or CRM writes it into KPI-SPEC's form (`1234.5`):
 * currency symbols and codes go, and so do thousands separators (the other mark, spaces,
 * apostrophes), but only between groups of three digits. Marks that contradict `decimal`
 * (`1.234,56` under `.`) are an error: guessing would read a thousand times too much or too little.
 */
export function readNumber(cell: string, decimal: DecimalMark): NumberResult {
  if (decimal === '.' ? PLAIN_DOT_RE.test(cell) : PLAIN_COMMA_RE.test(cell)) {
    return { ok: true, text: decimal === '.' ? cell : cell.replace(',', '.') };
  }
  if (cell.charCodeAt(0) === 40 && cell.charCodeAt(cell.length - 1) === 41)
    return { ok: false, reason: `${quoteCell(cell)} is negative (in parentheses): amounts must be ≥ 0` };
  let s = cell;
  if (!isDigit(s.charCodeAt(0))) s = s.replace(CURRENCY_PREFIX_RE, '');
  if (!isDigit(s.charCodeAt(s.length - 1))) s = s.replace(CURRENCY_SUFFIX_RE, '');
  let sign = '';
  if (s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43) {
    sign = s[0] === '-' ? '-' : '';
    s = s.slice(1);
  }
  const other = decimal === '.' ? 44 : 46;
  const mark = decimal.charCodeAt(0);
  let whole = '';
  let group = 0;
  let grouped = false;
  let separator = -1;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      group++;
      continue;
    }
    if (c === mark) break;
    if (c !== other && !isGroupChar(c)) return notNumberOf(cell);
    // A separator: the group before it holds 1–3 digits (the first) or exactly 3 (any other).
    if (group === 0 || group > 3 || (grouped && group !== 3))
      return c === other ? wrongMarkOf(cell, decimal) : notNumberOf(cell);
    if (separator !== -1 && separator !== c && !(isGroupChar(separator) && isGroupChar(c)))
      return notNumberOf(cell);
    whole += s.slice(i - group, i);
    separator = c;
    grouped = true;
    group = 0;
  }
  if (group === 0)
    return s.length === 0
      ? notNumberOf(cell)
      : separator === other
        ? wrongMarkOf(cell, decimal)
        : notNumberOf(cell);
  if (grouped && group !== 3) return separator === other ? wrongMarkOf(cell, decimal) : notNumberOf(cell);
  whole += s.slice(i - group, i);
  if (i === s.length) return { ok: true, text: sign + whole };
  const fraction = s.slice(i + 1);
  for (let k = 0; k < fraction.length; k++) {
    const c = fraction.charCodeAt(k);
    if (c === other) return wrongMarkOf(cell, decimal);
    if (!isDigit(c)) return notNumberOf(cell);
  }
  if (fraction.length === 0) return notNumberOf(cell);
  return { ok: true, text: `${sign}${whole}.${fraction}` };
}
