import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from './client.ts';
import { type PeriodQuery, periodParams } from './period-query.ts';
import { queryKeys } from './query-keys.ts';
import type { TaskStats } from './types.ts';

/** Per rep id: tasks completed in the period and open tasks overdue today (GET /tasks/stats). */
export const useTaskStats = (period: PeriodQuery) =>
  useQuery({
    queryKey: queryKeys.taskStats(period),
    queryFn: ({ signal }) => getJson<TaskStats>('/api/v1/tasks/stats', periodParams(period), signal),
    placeholderData: keepPreviousData,
  });
