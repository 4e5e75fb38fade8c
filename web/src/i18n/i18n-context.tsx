import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Locale, Localized } from '../api/types.ts';
import { type Plural, setActiveLocale, type Translate, translator } from './translate.ts';

export type { Translate } from './translate.ts';

const STORAGE_KEY = 'udn.locale';

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  /** A message in the plural form the language uses for a count (Intl.PluralRules), e.g. plural('error.bytes', 1). */
  plural: Plural;
  /** Picks the current language from a catalogue text (KPI labels and formulas come from core). */
  l: (text: Localized) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'id') return stored;
  } catch {
    // Storage can be blocked (private mode); fall back to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('id') ? 'id' : 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered, still switched.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    // Before the children render: a request failing while they do is worded in this language.
    setActiveLocale(locale);
    const { t, plural } = translator(locale);
    return { locale, setLocale, t, plural, l: (text) => text[locale] ?? text.en };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
