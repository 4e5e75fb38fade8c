import type { Locale } from '../core/kpis/definitions.ts';

/** Forms of a counted phrase by CLDR plural category; `{n}` is the count. Indonesian needs only `other`. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const TAGS: Record<Locale, string> = { en: 'en-US', id: 'id-ID' };
const rules = new Map<Locale, Intl.PluralRules>();
const numbers = new Map<Locale, Intl.NumberFormat>();

/** "1 task", "2 tasks", "1 tugas": the form the language uses for this count, with the count in it. */
export function plural(locale: Locale, count: number, forms: PluralForms): string {
  let rule = rules.get(locale);
  if (!rule) {
    rule = new Intl.PluralRules(TAGS[locale]);
    rules.set(locale, rule);
  }
  let number = numbers.get(locale);
  if (!number) {
    number = new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: 0 });
    numbers.set(locale, number);
  }
  const form = forms[rule.select(count)] ?? forms.other;
  return form.replace('{n}', number.format(count));
}
