import type { Kysely } from 'kysely';
import type { ChannelDeliveryItem, NotificationKind } from '../core/contracts/notifications.ts';
import type { Database } from './schema.ts';

/* The log of every message sent over a channel (e-mail, Slack, Teams, Google Chat), migration 0011. */

export type DeliveryChannel = ChannelDeliveryItem['channel'];
export type DeliveryStatus = ChannelDeliveryItem['status'];

export interface NewDelivery {
  orgId: number;
  userId: string | null;
  channel: DeliveryChannel;
  /** Already masked (core/notifications/chat-url.ts maskTarget). */
  target: string;
  kind: NotificationKind;
  subject: string;
  status: DeliveryStatus;
  error: string | null;
  createdAt: number;
  sentAt: number | null;
  /** A held message, sent when the quiet hours end. */
  payload: string | null;
  sendAfter: number | null;
}

export interface HeldDelivery {
  id: number;
  orgId: number;
  userId: string | null;
  channel: DeliveryChannel;
  kind: NotificationKind;
  subject: string;
  payload: string;
}

const toItem = (r: {
  id: number;
  channel: string;
  target: string;
  kind: string;
  subject: string;
  status: string;
  error: string | null;
  created_at: number;
  sent_at: number | null;
}): ChannelDeliveryItem => ({
  id: Number(r.id),
  channel: r.channel as DeliveryChannel,
  target: r.target,
  kind: r.kind as NotificationKind,
  subject: r.subject,
  status: r.status as DeliveryStatus,
  error: r.error,
  createdAt: new Date(Number(r.created_at)).toISOString(),
  sentAt: r.sent_at === null ? null : new Date(Number(r.sent_at)).toISOString(),
});

export async function insertDelivery(db: Kysely<Database>, d: NewDelivery): Promise<ChannelDeliveryItem> {
  const row = await db
    .insertInto('channel_deliveries')
    .values({
      org_id: d.orgId,
      user_id: d.userId,
      channel: d.channel,
      target: d.target,
      kind: d.kind,
      subject: d.subject.slice(0, 500),
      status: d.status,
      error: d.error === null ? null : d.error.slice(0, 2000),
      created_at: d.createdAt,
      sent_at: d.sentAt,
      payload: d.payload,
      send_after: d.sendAfter,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return toItem({
    id: Number(row.id),
    channel: d.channel,
    target: d.target,
    kind: d.kind,
    subject: d.subject,
    status: d.status,
    error: d.error,
    created_at: d.createdAt,
    sent_at: d.sentAt,
  });
}

/** Deliveries of the organisation (or of one person in it), newest first. */
export async function listDeliveries(
  db: Kysely<Database>,
  orgId: number,
  options: { userId?: string | undefined; limit: number; beforeId?: number | undefined },
): Promise<ChannelDeliveryItem[]> {
  let query = db
    .selectFrom('channel_deliveries')
    .select(['id', 'channel', 'target', 'kind', 'subject', 'status', 'error', 'created_at', 'sent_at'])
    .where('org_id', '=', orgId);
  if (options.userId !== undefined) query = query.where('user_id', '=', options.userId);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
  return rows.map(toItem);
}

/** Held messages whose quiet hours ended by `now`, oldest first. */
export async function dueHeldDeliveries(
  db: Kysely<Database>,
  now: number,
  limit: number,
): Promise<HeldDelivery[]> {
  const rows = await db
    .selectFrom('channel_deliveries')
    .select(['id', 'org_id', 'user_id', 'channel', 'kind', 'subject', 'payload'])
    .where('status', '=', 'held')
    .where('send_after', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    orgId: Number(r.org_id),
    userId: r.user_id,
    channel: r.channel as DeliveryChannel,
    kind: r.kind as NotificationKind,
    subject: r.subject,
    payload: r.payload ?? '{}',
  }));
}

/** A held message's outcome; its payload is dropped once it went (or failed for good). */
export async function finishHeld(
  db: Kysely<Database>,
  id: number,
  outcome: { status: 'sent' | 'failed'; error: string | null; at: number },
): Promise<void> {
  await db
    .updateTable('channel_deliveries')
    .set({
      status: outcome.status,
      error: outcome.error === null ? null : outcome.error.slice(0, 2000),
      sent_at: outcome.status === 'sent' ? outcome.at : null,
      payload: null,
      send_after: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'held')
    .execute();
}

/**
 * Takes a due held message for sending: moves its send_after to `until`, so another flush skips it
 * and, should this server die before it finishes, the message is tried again after `until`.
 */
export async function claimHeld(
  db: Kysely<Database>,
  id: number,
  now: number,
  until: number,
): Promise<boolean> {
  const result = await db
    .updateTable('channel_deliveries')
    .set({ send_after: until })
    .where('id', '=', id)
    .where('status', '=', 'held')
    .where('send_after', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
