import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from './client.ts';
import { type PeriodQuery, periodParams } from './period-query.ts';
import { queryKeys } from './query-keys.ts';
import type { BreakdownResponse } from './types.ts';

export type Dimension = BreakdownResponse['dimension'];

export const useBreakdown = (dimension: Dimension, scope: string, period: PeriodQuery | null) =>
  useQuery({
    queryKey: queryKeys.breakdown(dimension, scope, period ?? { period: '' }),
    queryFn: ({ signal }) =>
      getJson<BreakdownResponse>(
        `/api/v1/breakdowns/${encodeURIComponent(dimension)}`,
        { scope, ...periodParams(period!) },
        signal,
      ),
    enabled: period !== null,
    placeholderData: keepPreviousData,
  });
