import type { DeliveryEvent, WebhookPayload } from '../contracts/webhooks.ts';

/** The JSON body of one event: built once, the same bytes on every retry (receivers de-duplicate on `id`). */
export function webhookPayload(
  id: string,
  event: DeliveryEvent,
  createdAt: number,
  organisation: { id: number; name: string },
  data: Record<string, unknown>,
): WebhookPayload {
  return { id, event, createdAt: new Date(createdAt).toISOString(), organisation, data };
}
