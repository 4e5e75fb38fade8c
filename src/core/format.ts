import type { Locale, MetricUnit } from './kpis/definitions.ts';

const LOCALE_TAGS: Record<Locale, string> = { en: 'en-US', id: 'id-ID' };

// Creating an Intl formatter costs far more than using one (a list of 40 goals formats hundreds of
// numbers and dates), so each is made once per language and options: here, for the CLI, the server
// and the web app alike.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE_TAGS[locale], options);
    numberFormats.set(key, format);
  }
  return format;
}

export function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE_TAGS[locale], options);
    dateFormats.set(key, format);
  }
  return format;
}

export interface FormatOptions {
  locale: Locale;
  currency: string;
  /** Shorter money (Rp 1,2 M) for cards and axes. */
  compact?: boolean;
}

const DAYS: Record<Locale, string> = { en: 'days', id: 'hari' };

/**
 * Decimals of the currencies whose ICU data differs between builds (measured: Node 20's ICU 78 /
 * CLDR 48, Debian's Chromium 156, the Chromium of @sparticuz/chromium 147): pinned to CLDR 48, so
 * the CLI, the server and every browser write the same amount the same way. Others: ICU's own.
 */
const CURRENCY_DIGITS: Readonly<Record<string, number>> = { COP: 0, HUF: 0, IDR: 0, PKR: 0, RSD: 2 };

function currencyOptions(currency: string): Intl.NumberFormatOptions {
  const digits = CURRENCY_DIGITS[currency.toUpperCase()];
  return digits === undefined
    ? { style: 'currency', currency }
    : { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits };
}

/**
 * A KPI value as people write it: money in the organisation's currency with the decimals its
 * users expect (CLDR: Rupiah without decimals), ratios as percentages, null as an em dash.
 */
export function formatValue(
  value: number | null | undefined,
  unit: MetricUnit,
  options: FormatOptions,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const { locale, currency, compact = false } = options;
  switch (unit) {
    case 'money':
      return numberFormat(
        locale,
        compact
          ? { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }
          : currencyOptions(currency),
      ).format(value);
    case 'ratio':
      return numberFormat(locale, {
        style: 'percent',
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(value);
    case 'days':
      return `${numberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(value)} ${DAYS[locale]}`;
    case 'count':
      return numberFormat(
        locale,
        compact ? { notation: 'compact', maximumFractionDigits: 1 } : { maximumFractionDigits: 0 },
      ).format(value);
    case 'reps':
      return numberFormat(locale, { maximumFractionDigits: 2 }).format(value);
    default:
      return numberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  }
}

/** A calendar day in the organisation's zone, e.g. "3 Mar 2026" / "3 Mar 2026". */
export function formatInstant(epochMs: number, timeZone: string, locale: Locale, withTime = false): string {
  return dateFormat(locale, {
    timeZone,
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(epochMs);
}
