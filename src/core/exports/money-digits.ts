/**
 * The decimals money is shown with in a spreadsheet: those people read on screen (core/format.ts,
 * CLDR 48 — Rupiah without decimals), not ISO 4217's minor unit (IDR 2). The pins are format.ts's,
 * for the currencies whose ICU data differs between builds.
 */
const PINNED: Readonly<Record<string, number>> = { COP: 0, HUF: 0, IDR: 0, PKR: 0, RSD: 2 };

export function moneyDisplayDigits(currency: string): number {
  const pinned = PINNED[currency.toUpperCase()];
  if (pinned !== undefined) return pinned;
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}
