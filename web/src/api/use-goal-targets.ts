import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from './client.ts';
import { refreshGoals } from './goal-refresh.ts';
import { queryKeys } from './query-keys.ts';
import type {
  GoalTarget,
  QuotaChange,
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

/** Deletes a target; the server records the signed-in person when that deletes or hands over a sales quota. */
export function useDeleteTarget() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ goalId, targetId }: { goalId: number; targetId: number }) =>
      sendJson<null>('DELETE', targetPath(goalId, targetId)),
    onSuccess: () => refreshGoals(client),
  });
}

/** Records a new value (number, currency) or done/not done (1/0), with why (the server records who): the history. */
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

/** The quota a target covers: its metric, scope and period (the keys of GET /quotas/history). */
export interface QuotaKey {
  scope: string;
  metric: string;
  period_start: string;
  period_end: string;
}

/**
 * Changes of one sales quota made through goals, newest first. Under the `goals` root, so every goal
 * write and goals-changed event refreshes it with the rest.
 */
export const useQuotaHistory = (key: QuotaKey, enabled = true) =>
  useQuery({
    queryKey: ['goals', 'quota-history', key.scope, key.metric, key.period_start, key.period_end],
    queryFn: ({ signal }) => getJson<QuotaChange[]>('/api/v1/quotas/history', { ...key }, signal),
    enabled,
  });
