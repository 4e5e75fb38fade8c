import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Locale, Localized } from '../api/types.ts';
import { en, type MessageKey } from './en.ts';
import { id } from './id.ts';
import { plural } from './plural.ts';

const STORAGE_KEY = 'udn.locale';
const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, id };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
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
    const messages = CATALOGUES[locale];
    const t: Translate = (key, values) => {
      const text = messages[key] ?? en[key];
      return values
        ? plural(text, locale, values).replace(/\{(\w+)\}/g, (match, name: string) =>
            String(values[name] ?? match),
          )
        : text;
    };
    return { locale, setLocale, t, l: (text) => text[locale] ?? text.en };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
