import { z } from 'zod';

/**
 * Text people type into a form or send to the API: a name, a title, a note. It is shown in the web
 * app, in `udn goals` and in exports, so it is held to a length and may not carry control
 * characters (C0, DEL, C1): an ESC or NUL in a name is never meant, and on a terminal it is an
 * attack. Bidi marks stay allowed (they are real in Arabic and Hebrew text); the web app isolates
 * names and the CLI escapes them instead.
 */

/** The first control character of `text` (U+0000–U+001F, U+007F–U+009F), line break and tab allowed if `multiLine`. */
export function controlCharacterIn(text: string, multiLine = false): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (multiLine && (code === 0x0a || code === 0x0d || code === 0x09)) continue;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return code;
  }
  return undefined;
}

/** `params.control_characters` lets a form word the refusal in its reader's language. */
const controlMessage = (multiLine: boolean) =>
  multiLine
    ? 'must not contain control characters (only line breaks and tabs)'
    : 'must not contain control characters or line breaks';

/**
 * A one-line name or title of at most `max` characters, trimmed; empty unless `allowEmpty` (then
 * taken as given: a form that sends it trims it itself).
 */
export function lineText(max: number, options: { allowEmpty?: boolean } = {}) {
  return (options.allowEmpty ? z.string() : z.string().trim().min(1, 'must not be empty'))
    .max(max, `must be at most ${max.toLocaleString('en')} characters`)
    .refine((text) => controlCharacterIn(text) === undefined, {
      message: controlMessage(false),
      params: { control_characters: 'line' },
    });
}

/** A description or note: line breaks and tabs allowed, at most `max` characters; trimmed if `trim`. */
export function longText(max: number, options: { trim?: boolean } = {}) {
  return (options.trim ? z.string().trim() : z.string())
    .max(max, `must be at most ${max.toLocaleString('en')} characters`)
    .refine((text) => controlCharacterIn(text, true) === undefined, {
      message: controlMessage(true),
      params: { control_characters: 'text' },
    });
}
