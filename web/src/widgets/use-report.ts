import type { PeriodQuery } from '../api/period-query.ts';
import { useKpis } from '../api/use-kpis.ts';

/**
 * The report for a period and, when comparing, the report for the previous period as the API
 * defines it (report.period.previous) — the widget never works out what "previous" means.
 */
export function useReportWithPrevious(period: PeriodQuery, compare: boolean) {
  const current = useKpis(period);
  const previousRange = current.data?.period.previous;
  const previous = useKpis(
    compare && previousRange ? { from: previousRange.from, to: previousRange.to } : null,
  );
  return { current, previous: compare ? previous : undefined };
}
