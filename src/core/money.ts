import currencyCodes from 'currency-codes';

/** ISO 4217 minor-unit digits (USD 2, IDR 2, JPY 0), or undefined for an unknown code. */
export function currencyDigits(code: string): number | undefined {
  const entry = currencyCodes.code(code);
  return entry === undefined ? undefined : entry.digits;
}

const MONEY_RE = /^(\d+)(?:\.(\d+))?$/;

export type MoneyResult = { ok: true; minor: number } | { ok: false; reason: string };

/** Reads a non-negative decimal amount into exact integer minor units (never via a float). */
export function parseMoney(text: string, digits: number, currency: string): MoneyResult {
  const m = MONEY_RE.exec(text);
  if (!m)
    return { ok: false, reason: `"${text}" is not a non-negative decimal amount (use . as decimal point)` };
  const fraction = m[2] ?? '';
  if (fraction.length > digits) {
    return {
      ok: false,
      reason: `"${text}" has ${fraction.length} decimals; ${currency} allows ${digits === 0 ? 'none' : `at most ${digits}`}`,
    };
  }
  const minorText = `${m[1]}${fraction.padEnd(digits, '0')}`;
  const minor = Number(minorText);
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: `"${text}" is too large` };
  return { ok: true, minor };
}

/** Rounds half away from zero to a whole number of minor units. */
export function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/** Minor units (possibly fractional, unrounded) → major units rounded to the currency's minor unit. */
export function minorToMajor(minor: number, digits: number): number {
  const scale = 10 ** digits;
  return roundHalfAwayFromZero(minor) / scale;
}

export function majorToMinor(major: number, digits: number): number {
  return major * 10 ** digits;
}
