/**
 * Text from data (a rep, team, goal or organisation name, a file name, an error quoting a cell) made
 * safe to print on a terminal: every character a terminal or a bidi-aware viewer would act on
 * instead of show — C0 controls, ESC, DEL, C1 controls (U+009B is a one-byte CSI), and the bidi
 * embedding, override, isolate and mark characters — becomes a visible escape (`\x1B`, `\u202E`),
 * so a hostile name shows as the text it is and can neither colour, retitle, hyperlink nor reorder
 * the output. Pure: the CLI's output writer and its tables call it.
 */

/** Line break and tab are the program's own layout when it composes whole lines; data never keeps them. */
export interface TerminalTextOptions {
  keepLayout?: boolean;
}

const BIDI_FORMAT = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

/** C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F), and the bidi marks, embeddings, overrides and isolates. */
export function isUnsafeForTerminal(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || BIDI_FORMAT.has(code);
}

function escaped(code: number): string {
  const hex = code.toString(16).toUpperCase();
  return code <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
}

/** `text` with every control and bidi format character replaced by its visible escape. */
export function terminalText(text: string, options: TerminalTextOptions = {}): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isUnsafeForTerminal(code)) continue;
    if (options.keepLayout && (code === 0x0a || code === 0x09)) continue;
    out += text.slice(from, i) + escaped(code);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * JSON for a terminal: JSON.stringify escapes C0 controls but prints DEL, C1 and bidi characters as
 * they are; here they are `\uXXXX` escapes too, so the text parses to exactly the same value.
 */
export function terminalJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // JSON.stringify has already escaped C0; what is left to escape can only stand inside a string.
    if (code < 0x7f || !isUnsafeForTerminal(code)) continue;
    out += `${text.slice(from, i)}\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
