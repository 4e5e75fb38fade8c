import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  WebhookDeliveryItem,
  WebhookEvent,
  WebhookItem,
  WebhookWithSecret,
} from '../../../src/core/contracts/webhooks.ts';
import { getJson, sendJson } from './client.ts';
import { queryKeys } from './query-keys.ts';

export type { WebhookDeliveryItem, WebhookEvent, WebhookItem, WebhookWithSecret };

export interface WebhookBody {
  name: string;
  url: string;
  events: WebhookEvent[];
  allowPrivate: boolean;
  enabled: boolean;
}

const base = '/api/v1/webhooks';

export const useWebhooks = (enabled = true) =>
  useQuery({
    queryKey: queryKeys.webhooks(),
    queryFn: ({ signal }) => getJson<{ webhooks: WebhookItem[] }>(base, undefined, signal),
    enabled,
  });

export const useWebhookDeliveries = (id: number | null) =>
  useQuery({
    queryKey: queryKeys.webhookDeliveries(id ?? 0),
    queryFn: ({ signal }) =>
      getJson<{ deliveries: WebhookDeliveryItem[] }>(`${base}/${id}/deliveries`, undefined, signal),
    enabled: id !== null,
    // Retries go on in the background: the log is asked again while it is open.
    refetchInterval: 5_000,
  });

/** Every webhook write refreshes the list and the delivery logs (a test or retry adds a line). */
function useWebhookMutation<Input, Output>(mutationFn: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => client.invalidateQueries({ queryKey: [queryKeys.webhooks()[0]] }),
  });
}

export const useSaveWebhook = () =>
  useWebhookMutation(
    ({
      id,
      body,
    }: {
      id: number | null;
      body: Partial<WebhookBody>;
    }): Promise<WebhookItem & { secret?: string }> =>
      id === null
        ? sendJson<WebhookWithSecret>('POST', base, body)
        : sendJson<WebhookItem>('PATCH', `${base}/${id}`, body),
  );

export const useDeleteWebhook = () =>
  useWebhookMutation((id: number) => sendJson<null>('DELETE', `${base}/${id}`));

export const useTestWebhook = () =>
  useWebhookMutation((id: number) => sendJson<WebhookDeliveryItem>('POST', `${base}/${id}/test`));

export const useRotateWebhookSecret = () =>
  useWebhookMutation((id: number) => sendJson<WebhookWithSecret>('POST', `${base}/${id}/rotate-secret`));

export const useRetryDelivery = () =>
  useWebhookMutation(({ id, deliveryId }: { id: number; deliveryId: number }) =>
    sendJson<WebhookDeliveryItem>('POST', `${base}/${id}/deliveries/${deliveryId}/retry`),
  );
