import type { Locale } from '../api/types.ts';
import { en, type MessageKey } from './en.ts';
import { id } from './id.ts';

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, id };

type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** A message with plural forms: `key.one`, `key.other` (… as the language's plural rules need) in en.ts. */
type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}.other` ? Base : never) : never;

/**
 * The form of `key` the language uses for `count` (Intl.PluralRules: English one/other, Indonesian
 * other only), with `{count}` written in the language's digits unless `values` gives it.
 */
export type Plural = (key: PluralKey, count: number, values?: MessageValues) => string;

const isKey = (key: string): key is MessageKey => Object.hasOwn(en, key);

export function translator(locale: Locale): { t: Translate; plural: Plural } {
  const messages = CATALOGUES[locale];
  const t: Translate = (key, values) => {
    const text = messages[key] ?? en[key];
    return values ? text.replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match)) : text;
  };
  const rules = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const plural: Plural = (key, count, values) => {
    const form = `${key}.${rules.select(count)}`;
    return t(isKey(form) ? form : `${key}.other`, { count: numbers.format(count), ...values });
  };
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
