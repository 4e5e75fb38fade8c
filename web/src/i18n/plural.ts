import { numberFormat } from '../../../src/core/format.ts';
import type { Locale } from '../../../src/core/kpis/definitions.ts';

/**
 * Plural forms inside a catalogue text, in the ICU message syntax's plural subset:
 * `{count, plural, one {# goal} other {# goals}}`. The branch is chosen by `Intl.PluralRules` of the
 * reader's language (`=0`, `=1` … match an exact number first, `other` is the fallback) and `#` is
 * the number as that language writes it (1,234 / 1.234). A language without plural forms writes its
 * text once: Indonesian `{count} sasaran` needs no block at all.
 */

const HEAD = /\{(\w+),\s*plural,/;
const rules = new Map<Locale, Intl.PluralRules>();

function pluralRules(locale: Locale): Intl.PluralRules {
  let found = rules.get(locale);
  if (!found) {
    found = new Intl.PluralRules(locale);
    rules.set(locale, found);
  }
  return found;
}

/** The `selector {text}` branches from `from` up to the block's closing brace, and where it ends. */
function readBranches(text: string, from: number): { branches: Map<string, string>; end: number } {
  const branches = new Map<string, string>();
  let at = from;
  while (at < text.length) {
    while (/\s/.test(text[at] ?? '')) at++;
    if (text[at] === '}') return { branches, end: at + 1 };
    const open = text.indexOf('{', at);
    if (open < 0) break;
    const selector = text.slice(at, open).trim();
    // A branch may hold placeholders ({name}); its text ends at the brace that balances its own.
    let depth = 1;
    let close = open + 1;
    for (; close < text.length && depth > 0; close++) {
      if (text[close] === '{') depth++;
      else if (text[close] === '}') depth--;
    }
    branches.set(selector, text.slice(open + 1, close - 1));
    at = close;
  }
  throw new Error(`Unclosed plural block in "${text}"`);
}

/** Resolves every plural block of `text` with the numbers in `values`; other placeholders stay. */
export function plural(text: string, locale: Locale, values: Record<string, string | number>): string {
  const heads = new RegExp(HEAD.source, 'g');
  let out = '';
  let index = 0;
  for (let head = heads.exec(text); head; head = heads.exec(text)) {
    const { branches, end } = readBranches(text, head.index + head[0].length);
    const value = values[head[1]!];
    const count = typeof value === 'number' ? value : Number(value);
    const branch =
      branches.get(`=${count}`) ??
      (Number.isFinite(count) ? branches.get(pluralRules(locale).select(count)) : undefined) ??
      branches.get('other') ??
      '';
    const shown = typeof value === 'number' ? numberFormat(locale, {}).format(value) : String(value ?? '');
    out += text.slice(index, head.index) + branch.replaceAll('#', shown);
    index = end;
    heads.lastIndex = end;
  }
  return out + text.slice(index);
}
