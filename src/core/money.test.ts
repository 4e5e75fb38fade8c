import { describe, expect, it } from 'vitest';
import { currencyDigits, majorToMinor, minorToMajor, parseMoney, roundHalfAwayFromZero } from './money.ts';

describe('currencyDigits (ISO 4217 minor units)', () => {
  it('knows the digits of each currency', () => {
    expect(currencyDigits('USD')).toBe(2);
    expect(currencyDigits('IDR')).toBe(2); // ISO says 2, although Rupiah is usually shown without
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
    expect(currencyDigits('EUR')).toBe(2);
  });

  it('gives undefined for an unknown code', () => {
    expect(currencyDigits('ZZZ')).toBeUndefined();
    expect(currencyDigits('')).toBeUndefined();
  });
});

describe('parseMoney: exact integer minor units', () => {
  it.each([
    ['1234.56', 2, 'USD', 123_456],
    ['1234.5', 2, 'USD', 123_450],
    ['1234', 2, 'USD', 123_400],
    ['0', 2, 'USD', 0],
    ['0.01', 2, 'USD', 1],
    ['007.10', 2, 'USD', 710],
    ['0.29', 2, 'USD', 29], // 0.29 × 100 is 28.999999999999996 as a float
    ['1.15', 2, 'USD', 115], // 1.15 × 100 is 114.99999999999999 as a float
    ['1500000.25', 2, 'IDR', 150_000_025],
    ['1500000', 2, 'IDR', 150_000_000],
    ['1500', 0, 'JPY', 1500],
    ['0', 0, 'JPY', 0],
    ['1.234', 3, 'KWD', 1234],
    ['0.001', 3, 'KWD', 1],
    ['12.5', 3, 'KWD', 12_500],
    ['90071992547409.91', 2, 'USD', 9_007_199_254_740_991], // Number.MAX_SAFE_INTEGER cents
  ] as const)('reads %j (%i digits, %s) as %i minor units', (text, digits, currency, minor) => {
    expect(parseMoney(text, digits, currency)).toEqual({ ok: true, minor });
  });

  it.each([
    ['1.234', 2, 'USD', 'has 3 decimals; USD allows at most 2'],
    ['1500000.255', 2, 'IDR', 'has 3 decimals; IDR allows at most 2'],
    ['1500.5', 0, 'JPY', 'has 1 decimals; JPY allows none'],
    ['1500.0', 0, 'JPY', 'JPY allows none'],
    ['1.2345', 3, 'KWD', 'KWD allows at most 3'],
  ] as const)('rejects too many decimals: %j for %s', (text, digits, currency, reason) => {
    const result = parseMoney(text, digits, currency);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it.each([
    '-5',
    '-0.01',
    '+5',
    '1e3',
    '1E3',
    '1.5e2',
    '1,000.00',
    '1 000',
    '12,50',
    '1.',
    '.5',
    '',
    ' 5',
    '$5',
    '5 USD',
    'NaN',
    'Infinity',
    '0x10',
  ])('rejects %j: not a non-negative plain decimal', (text) => {
    const result = parseMoney(text, 2, 'USD');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('is not a non-negative decimal amount');
  });

  it('rejects an amount beyond exact integer precision', () => {
    const result = parseMoney('90071992547409.93', 2, 'USD'); // 2^53 + 1 cents
    expect(result).toEqual({ ok: false, reason: '"90071992547409.93" is too large' });
  });
});

describe('rounding half away from zero', () => {
  it.each([
    [2.5, 3],
    [1.5, 2],
    [0.5, 1],
    [2.4999, 2],
    [2.5001, 3],
    [3, 3],
    [-2.5, -3],
    [-1.5, -2],
    [-2.4999, -2],
    [-2.6, -3],
  ])('rounds %d to %d', (value, rounded) => {
    expect(roundHalfAwayFromZero(value)).toBe(rounded);
  });

  it('prints minor units as major units rounded to the minor unit', () => {
    expect(minorToMajor(12_345, 2)).toBe(123.45);
    expect(minorToMajor(12_344.5, 2)).toBe(123.45); // a half cent rounds up …
    expect(minorToMajor(12_344.4999, 2)).toBe(123.44); // … anything less down
    expect(minorToMajor(0.5, 2)).toBe(0.01);
    expect(minorToMajor(150_000_025, 2)).toBe(1_500_000.25); // IDR
    expect(minorToMajor(1234.5, 0)).toBe(1235); // JPY: minor = major
    expect(minorToMajor(1234, 3)).toBe(1.234); // KWD
    expect(minorToMajor(0, 2)).toBe(0);
  });

  it('converts major to minor units by the currency digits', () => {
    expect(majorToMinor(12.5, 2)).toBe(1250);
    expect(majorToMinor(1500, 0)).toBe(1500);
    expect(majorToMinor(1.5, 3)).toBe(1500);
  });
});
