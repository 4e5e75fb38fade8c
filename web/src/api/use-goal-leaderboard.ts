import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from './client.ts';
import { type PeriodQuery, periodParams } from './period-query.ts';
import { queryKeys } from './query-keys.ts';
import type { Leaderboard } from './types.ts';

/** Reps ranked by target attainment over a period, as the API ranks them. */
export const useGoalLeaderboard = (period: PeriodQuery, limit: number) =>
  useQuery({
    queryKey: queryKeys.goalLeaderboard(period, limit),
    queryFn: ({ signal }) =>
      getJson<Leaderboard>('/api/v1/goals/leaderboard', { ...periodParams(period), limit }, signal),
    placeholderData: keepPreviousData,
  });
