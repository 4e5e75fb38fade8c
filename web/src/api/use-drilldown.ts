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
) =>
  useQuery({
    queryKey: queryKeys.drilldown(metric, scope, period, page, pageSize),
    queryFn: ({ signal }) =>
      getJson<DrilldownResponse>(
        '/api/v1/drilldown',
        { metric, scope, page, pageSize, ...periodParams(period) },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
