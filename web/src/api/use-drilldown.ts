import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from './client.ts';
import { type PeriodQuery, periodParams } from './period-query.ts';
import { queryKeys } from './query-keys.ts';
import type { DrilldownResponse, MetricKey } from './types.ts';

export const useDrilldown = (
  metric: MetricKey,
  scope: string,
  period: PeriodQuery,
  page: number,
  pageSize: number,
  /** `column` or `-column`; null for the list's own order. */
  sort: string | null = null,
) =>
  useQuery({
    queryKey: queryKeys.drilldown(metric, scope, period, page, pageSize, sort),
    queryFn: ({ signal }) =>
      getJson<DrilldownResponse>(
        '/api/v1/drilldown',
        { metric, scope, page, pageSize, ...periodParams(period), ...(sort ? { sort } : {}) },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
