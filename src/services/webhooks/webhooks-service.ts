import { randomBytes } from 'node:crypto';
import type { WebhookEvent } from '../../core/contracts/webhooks.ts';
import { invalid } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import { insertWebhook, updateWebhook, type WebhookRow } from '../../db/webhooks-repo.ts';
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
