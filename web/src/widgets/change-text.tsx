import { numberFormat } from '../../../src/core/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { Change } from './change.ts';

/** "+4.2%" or "+1.5 pts", signed, in the reader's locale. */
export function useChangeText(): (change: Change) => string {
  const { t, locale } = useI18n();
  return (change) => {
    const amount = numberFormat(locale, {
      maximumFractionDigits: 1,
      minimumFractionDigits: 1,
      signDisplay: 'exceptZero',
    }).format(change.kind === 'points' ? change.amount : change.amount * 100);
    return change.kind === 'points' ? t('kpi.points', { value: amount }) : `${amount}%`;
  };
}
