import type { PeriodQuery } from '../api/period-query.ts';
import { useKpis } from '../api/use-kpis.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { asCompare, type Compare, comparisonRange, type DayRange, rangeLabel } from './comparison.ts';

/**
 * The range a widget's period is compared with, as the dashboard chose it (previous period, same
 * days last year, a chosen range): the previous period is the API's (report.period.previous), so a
 * widget never works out what "previous" means. Null while the report loads or when not comparing.
 */
export function useComparison(
  period: PeriodQuery,
  compare: Compare | boolean,
): { range: DayRange | null; label: string | null; comparing: boolean } {
  const { locale } = useI18n();
  const current = useKpis(period);
  const choice = asCompare(compare);
  const resolved = current.data?.period;
  const range = resolved ? comparisonRange(choice, resolved) : null;
  return { range, label: range ? rangeLabel(range, locale) : null, comparing: choice.kind !== 'none' };
}

/** The report for a period and, when comparing, the report for the range it is compared with. */
export function useReportWithPrevious(period: PeriodQuery, compare: Compare | boolean) {
  const current = useKpis(period);
  const comparison = useComparison(period, compare);
  const previous = useKpis(
    comparison.range ? { from: comparison.range.from, to: comparison.range.to } : null,
  );
  return { current, previous: comparison.comparing ? previous : undefined, comparison };
}
