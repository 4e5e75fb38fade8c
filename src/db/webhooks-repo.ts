import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from './schema.ts';
import type { WebhookDeliveriesTable, WebhooksTable } from './schema-rhythm.ts';

export type WebhookRow = Selectable<WebhooksTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;

/** Deliveries kept per subscription: the log shows the recent ones, older finished ones are deleted. */
export const DELIVERIES_KEPT = 500;

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

// PostgreSQL returns bigint columns as text.
const toWebhook = (row: WebhookRow): WebhookRow => ({
  ...row,
  created_at: Number(row.created_at),
  updated_at: Number(row.updated_at),
});

const toDelivery = (row: WebhookDeliveryRow): WebhookDeliveryRow => ({
  ...row,
  created_at: Number(row.created_at),
  last_attempt_at: num(row.last_attempt_at),
  next_attempt_at: num(row.next_attempt_at),
});

export const eventsOf = (row: Pick<WebhookRow, 'events'>): string[] => row.events.split(',').filter(Boolean);

export async function insertWebhook(
  db: Kysely<Database>,
  values: Omit<Insertable<WebhooksTable>, 'id'>,
): Promise<WebhookRow> {
  return toWebhook(await db.insertInto('webhooks').values(values).returningAll().executeTakeFirstOrThrow());
}

export async function listWebhooks(db: Kysely<Database>, orgId: number): Promise<WebhookRow[]> {
  const rows = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
  return rows.map(toWebhook);
}

export async function findWebhook(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<WebhookRow | undefined> {
  const row = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toWebhook(row);
}

export async function updateWebhook(
  db: Kysely<Database>,
  orgId: number,
  id: number,
  values: Updateable<WebhooksTable>,
): Promise<WebhookRow | undefined> {
  const row = await db
    .updateTable('webhooks')
    .set(values)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toWebhook(row);
}

export async function deleteWebhook(db: Kysely<Database>, orgId: number, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // SQLite enforces the cascade only with foreign keys on: the deliveries go explicitly.
    await trx
      .deleteFrom('webhook_deliveries')
      .where('webhook_id', '=', id)
      .where('org_id', '=', orgId)
      .execute();
    const result = await trx
      .deleteFrom('webhooks')
      .where('id', '=', id)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}

/** The enabled subscriptions of an organisation that want `event`. */
export async function subscribersOf(
  db: Kysely<Database>,
  orgId: number,
  event: string,
): Promise<WebhookRow[]> {
  const rows = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('enabled', '=', 1)
    .orderBy('id')
    .execute();
  return rows.map(toWebhook).filter((row) => eventsOf(row).includes(event));
}

export async function insertDelivery(
  db: Kysely<Database>,
  values: Omit<Insertable<WebhookDeliveriesTable>, 'id'>,
): Promise<WebhookDeliveryRow> {
  return toDelivery(
    await db.insertInto('webhook_deliveries').values(values).returningAll().executeTakeFirstOrThrow(),
  );
}

export async function findDelivery(
  db: Kysely<Database>,
  webhookId: number,
  id: number,
): Promise<WebhookDeliveryRow | undefined> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toDelivery(row);
}

/** The log of one subscription, newest first; `before` pages on. */
export async function listDeliveries(
  db: Kysely<Database>,
  webhookId: number,
  limit: number,
  before?: number,
): Promise<WebhookDeliveryRow[]> {
  let query = db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
  if (before !== undefined) query = query.where('id', '<', before);
  const rows = await query.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toDelivery);
}

/** Deliveries waiting for a try whose time has come (pending ones whose claim lapsed included), oldest first. */
export async function dueDeliveries(
  db: Kysely<Database>,
  now: number,
  limit: number,
): Promise<WebhookDeliveryRow[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('status', 'in', ['pending', 'retrying'])
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toDelivery);
}

/**
 * Takes a delivery for one try: its next attempt moves to `leaseUntil` only if nobody else moved
 * it since it was read, so two servers (or the poller and an immediate try) never send it twice at
 * once, and a server that dies mid-try leaves it to be tried again when the lease ends.
 */
export async function claimDelivery(
  db: Kysely<Database>,
  id: number,
  seenNextAttemptAt: number | null,
  leaseUntil: number,
): Promise<boolean> {
  let query = db
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: leaseUntil })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'retrying']);
  query =
    seenNextAttemptAt === null
      ? query.where('next_attempt_at', 'is', null)
      : query.where('next_attempt_at', '=', seenNextAttemptAt);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateDelivery(
  db: Kysely<Database>,
  id: number,
  values: Updateable<WebhookDeliveriesTable>,
): Promise<WebhookDeliveryRow | undefined> {
  const row = await db
    .updateTable('webhook_deliveries')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toDelivery(row);
}

/**
 * Since when a subscription has only failed: the creation time of the oldest event delivery tried
 * after its last delivered one, or null when the last tried one was delivered (pings do not count).
 */
export async function failingSince(db: Kysely<Database>, webhookId: number): Promise<number | null> {
  const delivered = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('webhook_id', '=', webhookId)
    .where('status', '=', 'delivered')
    .where('event', '!=', 'ping')
    .executeTakeFirst();
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.min('created_at').as('since'))
    .where('webhook_id', '=', webhookId)
    .where('id', '>', Number(delivered?.id ?? 0))
    .where('attempts', '>', 0)
    .where('event', '!=', 'ping')
    .executeTakeFirst();
  return num(row?.since ?? null);
}

/** Deletes the finished deliveries of a subscription beyond the newest `kept`. */
export async function pruneDeliveries(
  db: Kysely<Database>,
  webhookId: number,
  kept = DELIVERIES_KEPT,
): Promise<void> {
  const edge = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('webhook_id', '=', webhookId)
    .orderBy('id', 'desc')
    .offset(kept)
    .limit(1)
    .executeTakeFirst();
  if (!edge) return;
  await db
    .deleteFrom('webhook_deliveries')
    .where('webhook_id', '=', webhookId)
    .where('id', '<=', edge.id)
    .where('status', 'in', ['delivered', 'failed'])
    .execute();
}

/** Counts one more delivery given up on; answers the count in a row. */
export async function countGivenUp(db: Kysely<Database>, id: number, now: number): Promise<number> {
  const row = await db
    .updateTable('webhooks')
    .set((eb) => ({ failures: eb('failures', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .returning('failures')
    .executeTakeFirst();
  return Number(row?.failures ?? 0);
}

export async function resetGivenUp(db: Kysely<Database>, id: number): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({ failures: 0 })
    .where('id', '=', id)
    .where('failures', '>', 0)
    .execute();
}

/** Disables an enabled subscription; undefined when it was disabled already (so admins hear of it once). */
export async function disableWebhook(
  db: Kysely<Database>,
  id: number,
  reason: string,
  now: number,
): Promise<WebhookRow | undefined> {
  const row = await db
    .updateTable('webhooks')
    .set({ enabled: 0, disabled_reason: reason, updated_at: now })
    .where('id', '=', id)
    .where('enabled', '=', 1)
    .returningAll()
    .executeTakeFirst();
  return row && toWebhook(row);
}

/** The newest delivery of each of the subscriptions (the list shows how each last went). */
export async function lastDeliveries(
  db: Kysely<Database>,
  webhookIds: readonly number[],
): Promise<Map<number, WebhookDeliveryRow>> {
  const out = new Map<number, WebhookDeliveryRow>();
  for (const id of webhookIds) {
    const [row] = await listDeliveries(db, id, 1);
    if (row) out.set(id, row);
  }
  return out;
}

/** The owners and admins of an organisation: who hears that a subscription was disabled. */
export async function adminUserIds(db: Kysely<Database>, orgId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('members')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('role', 'in', ['owner', 'admin'])
    .orderBy('user_id')
    .execute();
  return rows.map((row) => row.user_id);
}
