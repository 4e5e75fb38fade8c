/**
 * Input quoted in a message: never more than a glance of it, and nothing a terminal or a browser
 * would act on. An error about a 1 MB header or a binary file quotes its first hundred characters,
 * and a name holding ESC, an OSC sequence or a right-to-left override shows them as `\x1B`,
 * `\u202E`, so the message reads the same wherever it is printed.
 */

/** Characters shown escaped: controls (C0, DEL, C1), format characters (bidi overrides, zero widths), line and paragraph separators, lone surrogates. */
const UNSAFE_RE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
const UNSAFE_GLOBAL_RE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

/** Characters of a quoted cell shown before it is cut. */
export const QUOTED_CHARS = 100;

const hex = (code: number, digits: number) => code.toString(16).toUpperCase().padStart(digits, '0');

function escapeChar(char: string): string {
  const code = char.codePointAt(0)!;
  if (code <= 0xff) return `\\x${hex(code, 2)}`;
  return code <= 0xffff ? `\\u${hex(code, 4)}` : `\\u{${hex(code, 1)}}`;
}

/** The text with every control, format and separator character written as an escape. */
export function escapeControls(text: string): string {
  return UNSAFE_RE.test(text) ? text.replace(UNSAFE_GLOBAL_RE, escapeChar) : text;
}

/** Characters (Unicode code points) of a text: a surrogate pair is one. */
export function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** A whole number as it is written in messages: 1,048,576. */
export const count = (n: number): string => n.toLocaleString('en');

/**
 * `text` in double quotes for a message: escaped, and cut after `max` characters with "…" and
 * how many characters were left out (`"AAAA…" (1,048,476 more characters)`).
 */
export function quoteCell(text: string, max = QUOTED_CHARS): string {
  const shown: string[] = [];
  let width = 0;
  let cutAt = -1;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const char = String.fromCodePoint(code);
    const part = UNSAFE_RE.test(char) ? escapeChar(char) : char;
    if (width + 1 > max) {
      cutAt = i;
      break;
    }
    shown.push(part);
    width++;
    i += char.length;
  }
  if (cutAt === -1) return `"${shown.join('')}"`;
  const rest = codePointLength(text.slice(cutAt));
  return `"${shown.join('')}…" (${count(rest)} more ${rest === 1 ? 'character' : 'characters'})`;
}
