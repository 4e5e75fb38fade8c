import {
  keepPreviousData,
  type QueryClient,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { getJson, sendJson } from './client.ts';
import { refreshGoals } from './goal-refresh.ts';
import { type GoalFolderFilter, queryKeys } from './query-keys.ts';
import type { Goal, GoalCreate, GoalList, GoalTarget, GoalUpdate } from './types.ts';

export const goalsQuery = (folder: GoalFolderFilter) =>
  queryOptions({
    queryKey: queryKeys.goals(folder),
    queryFn: ({ signal }) =>
      getJson<GoalList>('/api/v1/goals', folder === 'all' ? {} : { folder_id: folder }, signal),
  });

/** Goals with their targets, progress, status and pacing — everything computed by the API. */
export const useGoals = (folder: GoalFolderFilter, enabled = true) =>
  useQuery({ ...goalsQuery(folder), placeholderData: keepPreviousData, enabled });

export const useGoal = (id: number | null) =>
  useQuery({
    queryKey: queryKeys.goal(id ?? 0),
    queryFn: ({ signal }) => getJson<Goal>(`/api/v1/goals/${id}`, undefined, signal),
    enabled: id !== null,
  });

/**
 * Puts a goal the API just returned into every cached list and its own entry, so the page shows the
 * saved fields (and the new `version`, for the next save) before the refresh lands.
 */
export function storeGoal(client: QueryClient, goal: Goal): void {
  client.setQueryData(queryKeys.goal(goal.id), goal);
  client.setQueriesData<GoalList>({ queryKey: ['goals', 'list'] }, (list) =>
    list ? { ...list, goals: list.goals.map((item) => (item.id === goal.id ? goal : item)) } : list,
  );
}

/** The same for one target (its goal's progress still comes with the refresh). */
export function storeTarget(client: QueryClient, target: GoalTarget): void {
  const swap = (goal: Goal): Goal =>
    goal.id === target.goal_id
      ? { ...goal, targets: goal.targets.map((item) => (item.id === target.id ? target : item)) }
      : goal;
  client.setQueryData<Goal>(queryKeys.goal(target.goal_id), (goal) => (goal ? swap(goal) : goal));
  client.setQueriesData<GoalList>({ queryKey: ['goals', 'list'] }, (list) =>
    list ? { ...list, goals: list.goals.map(swap) } : list,
  );
}

export function useCreateGoal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: GoalCreate) => sendJson<Goal>('POST', '/api/v1/goals', body),
    onSuccess: (goal) => {
      client.setQueryData(queryKeys.goal(goal.id), goal);
      refreshGoals(client);
    },
  });
}

/** PATCH with the version last seen: a stale save answers 409 rather than overwrite a teammate. */
export function useUpdateGoal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: GoalUpdate & { id: number }) =>
      sendJson<Goal>('PATCH', `/api/v1/goals/${id}`, body),
    onSuccess: (goal) => {
      storeGoal(client, goal);
      refreshGoals(client);
    },
  });
}

/**
 * Deletes a goal with its targets (tasks stay, unlinked); when that deletes sales quotas (a quota
 * goal), the server records the signed-in person in the quota history.
 */
export function useDeleteGoal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id }: { id: number }) => sendJson<null>('DELETE', `/api/v1/goals/${id}`),
    onSuccess: (_data, { id }) => {
      client.setQueriesData<GoalList>({ queryKey: ['goals', 'list'] }, (list) =>
        list ? { ...list, goals: list.goals.filter((goal) => goal.id !== id) } : list,
      );
      client.removeQueries({ queryKey: queryKeys.goal(id) });
      refreshGoals(client);
    },
  });
}
