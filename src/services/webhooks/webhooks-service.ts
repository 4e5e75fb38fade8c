import { randomBytes } from 'node:crypto';
import {
  type DeliveryEvent,
  type DeliveryStatus,
  WEBHOOK_EVENTS,
  type WebhookDeliveryItem,
  type WebhookEvent,
  type WebhookItem,
} from '../../core/contracts/webhooks.ts';
import { invalid, notFound } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import {
  eventsOf,
  findWebhook,
  insertWebhook,
  lastDeliveries,
  listWebhooks,
  updateWebhook,
  type WebhookDeliveryRow,
  type WebhookRow,
} from '../../db/webhooks-repo.ts';
import { checkOutboundUrl, type Resolve } from '../net/outbound-url.ts';
import { sealHeaderValue } from '../sources/source-secret.ts';

/** A new signing secret: UDN makes it, so it is always long enough; `whsec_` tells people what it is. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

export interface WebhookFields {
  name: string;
  url: string;
  events: readonly WebhookEvent[];
  allowPrivate: boolean;
  enabled: boolean;
}

/** Refuses a URL UDN may not post to, naming the `url` field with the reason (400). */
export async function assertOutboundUrl(
  url: string,
  allowPrivate: boolean,
  resolve?: Resolve,
): Promise<void> {
  const check = await checkOutboundUrl(url, { allowPrivate, ...(resolve ? { resolve } : {}) });
  if (!check.ok) throw invalid('url', check.reason, { rule: 'outbound_url' });
}

/** A subscription, with its secret in clear: shown once in the answer, stored only sealed. */
export async function createWebhook(
  store: Store,
  orgId: number,
  fields: WebhookFields,
  createdBy: string | null,
  now: number,
): Promise<{ row: WebhookRow; secret: string }> {
  await assertOutboundUrl(fields.url, fields.allowPrivate);
  const secret = newWebhookSecret();
  const row = await insertWebhook(store.db, {
    org_id: orgId,
    name: fields.name,
    url: fields.url,
    events: [...new Set(fields.events)].join(','),
    secret: await sealHeaderValue(store, secret),
    secret_tail: secret.slice(-4),
    allow_private: fields.allowPrivate ? 1 : 0,
    enabled: fields.enabled ? 1 : 0,
    disabled_reason: null,
    failures: 0,
    created_by: createdBy,
    created_at: now,
    updated_at: now,
  });
  return { row, secret };
}

/** A new secret replacing the old at once (the receiver must be updated with it); shown once. */
export async function rotateWebhookSecret(
  store: Store,
  orgId: number,
  id: number,
  now: number,
): Promise<{ row: WebhookRow; secret: string } | undefined> {
  const secret = newWebhookSecret();
  const row = await updateWebhook(store.db, orgId, id, {
    secret: await sealHeaderValue(store, secret),
    secret_tail: secret.slice(-4),
    updated_at: now,
  });
  return row && { row, secret };
}

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
const isEvent = (name: string): name is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(name);

export function webhookItem(row: WebhookRow, last?: WebhookDeliveryRow): WebhookItem {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: eventsOf(row).filter(isEvent),
    allowPrivate: row.allow_private === 1,
    enabled: row.enabled === 1,
    disabledReason: row.enabled === 1 ? null : row.disabled_reason,
    failures: row.failures,
    secretHint: `whsec_••••${row.secret_tail}`,
    lastDelivery: last
      ? {
          status: last.status as DeliveryStatus,
          at: iso(last.last_attempt_at ?? last.created_at),
          responseCode: last.response_code,
        }
      : null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function deliveryItem(row: WebhookDeliveryRow): WebhookDeliveryItem {
  return {
    id: row.id,
    event: row.event as DeliveryEvent,
    eventId: row.event_id,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    responseCode: row.response_code,
    error: row.error,
    durationMs: row.duration_ms,
    createdAt: iso(row.created_at),
    lastAttemptAt: isoOrNull(row.last_attempt_at),
    nextAttemptAt:
      row.status === 'delivered' || row.status === 'failed' ? null : isoOrNull(row.next_attempt_at),
    payload: row.payload,
  };
}

export async function listWebhookItems(store: Store, orgId: number): Promise<WebhookItem[]> {
  const rows = await listWebhooks(store.db, orgId);
  const last = await lastDeliveries(
    store.db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => webhookItem(row, last.get(row.id)));
}

export async function getWebhook(store: Store, orgId: number, id: number): Promise<WebhookRow> {
  const row = await findWebhook(store.db, orgId, id);
  if (!row) throw notFound('webhook', id);
  return row;
}

export async function getWebhookItem(store: Store, orgId: number, id: number): Promise<WebhookItem> {
  const row = await getWebhook(store, orgId, id);
  return webhookItem(row, (await lastDeliveries(store.db, [id])).get(id));
}

/**
 * Changes a subscription. A new URL, or allowPrivate turned off, is checked again; enabling one UDN
 * disabled starts its failure count afresh.
 */
export async function changeWebhook(
  store: Store,
  orgId: number,
  id: number,
  patch: Partial<WebhookFields>,
  now: number,
): Promise<WebhookRow> {
  const before = await getWebhook(store, orgId, id);
  const url = patch.url ?? before.url;
  const allowPrivate = patch.allowPrivate ?? before.allow_private === 1;
  if (patch.url !== undefined || patch.allowPrivate !== undefined) await assertOutboundUrl(url, allowPrivate);
  const enabling = patch.enabled === true && before.enabled !== 1;
  const row = await updateWebhook(store.db, orgId, id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.events !== undefined ? { events: [...new Set(patch.events)].join(',') } : {}),
    ...(patch.allowPrivate !== undefined ? { allow_private: patch.allowPrivate ? 1 : 0 } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
    ...(patch.enabled === false ? { disabled_reason: null } : {}),
    ...(enabling ? { disabled_reason: null, failures: 0 } : {}),
    updated_at: now,
  });
  if (!row) throw notFound('webhook', id);
  return row;
}
