import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from './client.ts';
import { queryKeys } from './query-keys.ts';
import type { GoalMap } from './types.ts';

export const goalMapQuery = () =>
  queryOptions({
    queryKey: queryKeys.goalMap(),
    queryFn: ({ signal }) => getJson<GoalMap>('/api/v1/goals/map', undefined, signal),
  });

/** Organisation → folders → goals → targets → KPI / tasks, each with its status (GET /goals/map). */
export const useGoalMap = () => useQuery(goalMapQuery());
