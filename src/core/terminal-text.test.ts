import { describe, expect, it } from 'vitest';
import { terminalJson, terminalText } from './terminal-text.ts';

describe('terminalText', () => {
  it('shows C0, ESC, DEL, C1 and bidi format characters as visible escapes', () => {
    expect(terminalText('\u001B[31mred\u0007\u0000\u007F\u009B\u0085')).toBe(
      '\\x1B[31mred\\x07\\x00\\x7F\\x9B\\x85',
    );
    expect(terminalText('\u202Egnp.exe\u2066\u2069\u200E\u200F\u061C')).toBe(
      '\\u202Egnp.exe\\u2066\\u2069\\u200E\\u200F\\u061C',
    );
  });

  it('escapes line break, tab and carriage return in a value, keeps line break and tab as layout', () => {
    expect(terminalText('a\nb\tc\rd')).toBe('a\\x0Ab\\x09c\\x0Dd');
    expect(terminalText('a\nb\tc\rd', { keepLayout: true })).toBe('a\nb\tc\\x0Dd');
  });

  it('leaves ordinary text alone, Arabic, accents and emoji included', () => {
    for (const text of ['Rep 1', 'Ana Lúcia', 'مرحبا', 'Ωmega ✓ 🚀', 'C:\\data'])
      expect(terminalText(text)).toBe(text);
  });
});

describe('terminalJson', () => {
  it('parses to the same value and holds no raw C1 or bidi character', () => {
    const value = { name: '\u202Egnp.exe\u009B\u001B', n: 1 };
    const text = terminalJson(value);
    expect(text).not.toMatch(/[\u007F-\u009F\u202A-\u202E]/u);
    expect(text).toContain('\\u202Egnp.exe\\u009B\\u001b');
    expect(JSON.parse(text)).toEqual(value);
  });
});
