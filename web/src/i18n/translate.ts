import { numberFormat } from '../../../src/core/format.ts';
import type { Locale } from '../api/types.ts';
import { en, type MessageKey } from './en.ts';
import { id } from './id.ts';
import { plural as pluralForms } from './plural.ts';

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, id };

type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/**
 * A message for `count`: its plural block (`{count, plural, one {# byte} other {# bytes}}`, chosen by
 * Intl.PluralRules, plural.ts) resolved, and a plain `{count}` written in the language's digits.
 */
export type Plural = (key: MessageKey, count: number, values?: MessageValues) => string;

const isKey = (key: string): key is MessageKey => Object.hasOwn(en, key);

/** `{name}` placeholders filled from `values`; unknown ones are left as written. */
const fill = (text: string, values: MessageValues): string =>
  text.replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match));

export function translator(locale: Locale): { t: Translate; plural: Plural } {
  const messages = CATALOGUES[locale];
  const t: Translate = (key, values) => {
    const text = messages[key] ?? en[key];
    return values ? fill(pluralForms(text, locale, values), values) : text;
  };
  // The plural block is chosen by the number; a plain {count} is written the language's way.
  const plural: Plural = (key, count, values) =>
    fill(pluralForms(messages[key] ?? en[key], locale, { ...values, count }), {
      ...values,
      count: numberFormat(locale, {}).format(count),
    });
  return { t, plural };
}

/** Whether the catalogue has a message for `key` (error codes and rules it does not word fall back). */
export const hasMessage = isKey;

let active: Locale = 'en';

/**
 * The language the app is shown in, for text made outside components (a failed request's message):
 * the I18nProvider keeps it current.
 */
export const activeLocale = (): Locale => active;
export const setActiveLocale = (locale: Locale): void => {
  active = locale;
};
