import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AlertEventItem,
  AlertKind,
  AlertRuleInput,
  AlertRuleItem,
} from '../../../src/core/contracts/alerts.ts';
import { getJson, sendJson } from './client.ts';
import { queryKeys } from './query-keys.ts';

export type { AlertEventItem, AlertRuleInput, AlertRuleItem };

/**
 * The body a form sends: the contract's, with the condition of the chosen kind only (an amount not
 * typed yet is left out, so the contract itself says it is required).
 */
export type AlertRuleBody = Omit<AlertRuleInput, 'condition'> & {
  condition: { kind: AlertKind } & Record<string, unknown>;
};

export const useAlertRules = (enabled = true) =>
  useQuery({
    queryKey: queryKeys.alertRules(),
    queryFn: ({ signal }) => getJson<{ rules: AlertRuleItem[] }>('/api/v1/alerts', undefined, signal),
    enabled,
  });

export const useAlertEvents = (enabled = true) =>
  useQuery({
    queryKey: queryKeys.alertEvents(),
    queryFn: ({ signal }) =>
      getJson<{ events: AlertEventItem[] }>('/api/v1/alerts/events', undefined, signal),
    enabled,
  });

/** Rules and their log change together (a save may fire at once): both are asked again. */
const refresh = (client: ReturnType<typeof useQueryClient>) =>
  client.invalidateQueries({ queryKey: [queryKeys.alertRules()[0]] });

export function useSaveAlertRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: AlertRuleBody }) =>
      id === null
        ? sendJson<AlertRuleItem>('POST', '/api/v1/alerts', body)
        : sendJson<AlertRuleItem>('PATCH', `/api/v1/alerts/${id}`, body),
    onSuccess: () => refresh(client),
  });
}

export function useToggleAlertRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: number; enabled: boolean }) =>
      sendJson<AlertRuleItem>('PATCH', `/api/v1/alerts/${id}`, { enabled }),
    onSettled: () => refresh(client),
  });
}

export function useDeleteAlertRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => sendJson<null>('DELETE', `/api/v1/alerts/${id}`),
    onSettled: () => refresh(client),
  });
}
