import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { parseScope, scopeSlice } from '../../../src/core/scope.ts';
import { getJson } from './client.ts';
import { type PeriodQuery, periodParams } from './period-query.ts';
import { queryKeys } from './query-keys.ts';
import type { KpiReport, ReportScope } from './types.ts';

/** The KPI report (KPI-SPEC §5) for one period: every scope at once, so scope changes need no request. */
export const useKpis = (period: PeriodQuery | null) =>
  useQuery({
    queryKey: queryKeys.kpis(period ?? { period: '' }),
    queryFn: ({ signal }) => getJson<KpiReport>('/api/v1/kpis', periodParams(period!), signal),
    enabled: period !== null,
    placeholderData: keepPreviousData,
  });

/** One scope (`org`, `team:<name>`, `rep:<id>`) of a report; undefined when the scope is unknown. */
export function scopeOf(report: KpiReport | undefined, scope: string): ReportScope | undefined {
  const parsed = parseScope(scope);
  return report && parsed.ok ? scopeSlice(report, parsed.scope) : undefined;
}
