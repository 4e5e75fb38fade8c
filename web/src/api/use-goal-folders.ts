import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from './client.ts';
import { refreshGoals } from './goal-refresh.ts';
import { queryKeys } from './query-keys.ts';
import type { GoalFolder } from './types.ts';

export const useGoalFolders = () =>
  useQuery({
    queryKey: queryKeys.goalFolders(),
    queryFn: ({ signal }) => getJson<GoalFolder[]>('/api/v1/goal-folders', undefined, signal),
  });

/** Creates a folder (no id) or renames one. */
export function useSaveGoalFolder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id?: number; name: string }) =>
      id === undefined
        ? sendJson<GoalFolder>('POST', '/api/v1/goal-folders', { name })
        : sendJson<GoalFolder>('PATCH', `/api/v1/goal-folders/${id}`, { name }),
    onSuccess: () => refreshGoals(client),
  });
}

/** Deletes a folder; its goals stay, without a folder. */
export function useDeleteGoalFolder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => sendJson<null>('DELETE', `/api/v1/goal-folders/${id}`),
    onSuccess: () => refreshGoals(client),
  });
}
