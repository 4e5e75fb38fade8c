import { describe, expect, it } from 'vitest';
import { readNumber } from './number-text.ts';

const ok = (text: string) => ({ ok: true, text });

describe('readNumber', () => {
  it('strips currency symbols and codes and thousands separators in groups of three', () => {
    expect(readNumber('1234.50', '.')).toEqual(ok('1234.50'));
    expect(readNumber('$1,234.50', '.')).toEqual(ok('1234.50'));
    expect(readNumber('US$ 12,345,678', '.')).toEqual(ok('12345678'));
    expect(readNumber('USD 1,000', '.')).toEqual(ok('1000'));
    expect(readNumber('1,000 USD', '.')).toEqual(ok('1000'));
    expect(readNumber('£99.9', '.')).toEqual(ok('99.9'));
    expect(readNumber("1'234.5", '.')).toEqual(ok('1234.5'));
    expect(readNumber('1\u00a0234\u00a0567,89 €', ',')).toEqual(ok('1234567.89'));
    expect(readNumber('Rp 1.500.000', ',')).toEqual(ok('1500000'));
    expect(readNumber('IDR 1.500.000,50', ',')).toEqual(ok('1500000.50'));
    expect(readNumber('12,5', ',')).toEqual(ok('12.5'));
    expect(readNumber('-5', '.')).toEqual(ok('-5'));
  });

  it('refuses marks that contradict the declared decimal', () => {
    expect(readNumber('1.234,56', '.')).toEqual({
      ok: false,
      reason: `"1.234,56" uses a decimal comma: set the mapping's decimal to ","`,
    });
    expect(readNumber('12,5', '.')).toEqual({
      ok: false,
      reason: `"12,5" uses a decimal comma: set the mapping's decimal to ","`,
    });
    expect(readNumber('1,234.56', ',')).toEqual({
      ok: false,
      reason: `"1,234.56" uses a decimal point: set the mapping's decimal to "."`,
    });
  });

  it('refuses separators outside groups of three, parentheses and words', () => {
    expect(readNumber('12,34,567', '.').ok).toBe(false);
    expect(readNumber('1 23', '.')).toEqual({ ok: false, reason: '"1 23" is not a number' });
    expect(readNumber('(1,234.00)', '.')).toEqual({
      ok: false,
      reason: '"(1,234.00)" is negative (in parentheses): amounts must be ≥ 0',
    });
    expect(readNumber('n/a', '.')).toEqual({ ok: false, reason: '"n/a" is not a number' });
    expect(readNumber('12abc34', '.').ok).toBe(false);
    expect(readNumber('$', '.').ok).toBe(false);
  });
});
