import { z } from 'zod';

/* Outbound webhooks (issue 14, docs/adr/0022, docs/webhooks.md). */

export const WEBHOOK_EVENTS = [
  'deal.won',
  'target.status_changed',
  'alert.fired',
  'import.finished',
  'goal.changed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** What a delivery carries: an event, or the `ping` of the test button. */
export type DeliveryEvent = WebhookEvent | 'ping';

/** Headers of every delivery: `UDN-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. */
export const SIGNATURE_HEADER = 'UDN-Signature';
export const EVENT_HEADER = 'UDN-Event';
export const DELIVERY_HEADER = 'UDN-Delivery';

export const webhookInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  url: z.string().url().max(2000),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
  /** Only an admin may allow a loopback or private address (a receiver on the same network). */
  allowPrivate: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
/** Fields left out stay as they are (no defaults here: a PATCH of `enabled` must not reset `allowPrivate`). */
export const webhookPatchSchema = z.strictObject({
  name: webhookInputSchema.shape.name.optional(),
  url: webhookInputSchema.shape.url.optional(),
  events: webhookInputSchema.shape.events.optional(),
  allowPrivate: z.boolean().optional(),
  enabled: z.boolean().optional(),
});

/** The JSON body POSTed for every event. */
export interface WebhookPayload {
  id: string;
  event: DeliveryEvent;
  createdAt: string;
  organisation: { id: number; name: string };
  data: Record<string, unknown>;
}

/** One event for the subscriptions that want it. */
export interface OutboundEvent {
  orgId: number;
  event: WebhookEvent;
  data: Record<string, unknown>;
}

/** pending (not tried yet, or being tried), retrying (failed, tried again at nextAttemptAt), delivered, failed (given up). */
export const DELIVERY_STATUSES = ['pending', 'retrying', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A subscription as the API shows it: the secret only as its last four characters. */
export interface WebhookItem {
  id: number;
  name: string;
  url: string;
  events: WebhookEvent[];
  allowPrivate: boolean;
  enabled: boolean;
  /** Why UDN disabled it (failing too often); null when enabled or disabled by a person. */
  disabledReason: string | null;
  /** Deliveries given up on in a row since the last success. */
  failures: number;
  /** `whsec_••••abcd`. */
  secretHint: string;
  lastDelivery: { status: DeliveryStatus; at: string; responseCode: number | null } | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer of creating a subscription or rotating its secret: the secret in full, this once. */
export interface WebhookWithSecret extends WebhookItem {
  secret: string;
}

/** One line of the delivery log. */
export interface WebhookDeliveryItem {
  id: number;
  event: DeliveryEvent;
  /** The payload's `id`, the same on every retry and for every subscription of the event. */
  eventId: string;
  status: DeliveryStatus;
  attempts: number;
  responseCode: number | null;
  error: string | null;
  durationMs: number | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  /** The JSON body sent. */
  payload: string;
}
