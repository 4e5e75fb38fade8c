import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from './client.ts';
import { refreshGoals } from './goal-refresh.ts';
import { queryKeys } from './query-keys.ts';
import type {
  GoalTarget,
  TargetCreate,
  TargetUpdate,
  TargetUpdateEntry,
  TargetValueUpdate,
} from './types.ts';
import { storeTarget } from './use-goals.ts';

const targetPath = (goalId: number, targetId: number) => `/api/v1/goals/${goalId}/targets/${targetId}`;

export function useCreateTarget() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ goalId, body }: { goalId: number; body: TargetCreate }) =>
      sendJson<GoalTarget>('POST', `/api/v1/goals/${goalId}/targets`, body),
    onSuccess: () => refreshGoals(client),
  });
}

/** Changes a target's definition (its kind cannot change; values typed by hand go through updates). */
export function useUpdateTarget() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ goalId, targetId, body }: { goalId: number; targetId: number; body: TargetUpdate }) =>
      sendJson<GoalTarget>('PATCH', targetPath(goalId, targetId), body),
    onSuccess: (target) => {
      storeTarget(client, target);
      refreshGoals(client);
    },
  });
}

export function useDeleteTarget() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ goalId, targetId }: { goalId: number; targetId: number }) =>
      sendJson<null>('DELETE', targetPath(goalId, targetId)),
    onSuccess: () => refreshGoals(client),
  });
}

/** Records a new value (number, currency) or done/not done (1/0), with who and why: the history. */
export function useRecordTargetValue() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ goalId, targetId, body }: { goalId: number; targetId: number; body: TargetValueUpdate }) =>
      sendJson<{ update: TargetUpdateEntry; target: GoalTarget }>(
        'POST',
        `${targetPath(goalId, targetId)}/updates`,
        body,
      ),
    onSuccess: ({ target }) => {
      storeTarget(client, target);
      refreshGoals(client);
    },
  });
}

/** The values recorded for a target, newest first. */
export const useTargetUpdates = (goalId: number, targetId: number, enabled = true) =>
  useQuery({
    queryKey: queryKeys.targetUpdates(targetId),
    queryFn: ({ signal }) =>
      getJson<TargetUpdateEntry[]>(`${targetPath(goalId, targetId)}/updates`, undefined, signal),
    enabled,
  });
