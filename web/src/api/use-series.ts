import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from './client.ts';
import { type PeriodQuery, periodParams } from './period-query.ts';
import { queryKeys } from './query-keys.ts';
import type { MetricKey, SeriesResponse } from './types.ts';

export type Grain = 'day' | 'week' | 'month';

export const useSeries = (
  metric: MetricKey,
  grain: Grain,
  scope: string,
  period: PeriodQuery | null,
  enabled = true,
) =>
  useQuery({
    queryKey: queryKeys.series(metric, grain, scope, period ?? { period: '' }),
    queryFn: ({ signal }) =>
      getJson<SeriesResponse>('/api/v1/series', { metric, grain, scope, ...periodParams(period!) }, signal),
    enabled: enabled && period !== null,
    placeholderData: keepPreviousData,
  });
