import type { Kysely } from 'kysely';
import {
  type NotificationItem,
  type NotificationKind,
  type NotificationSettings,
  notificationSettingsSchema,
} from '../core/contracts/notifications.ts';
import type { Database } from './schema.ts';

/* The in-app notification centre and each person's notification settings (migration 0011). */

export interface NewNotification {
  orgId: number;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  createdAt: number;
}

export async function insertNotifications(
  db: Kysely<Database>,
  rows: readonly NewNotification[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('notifications')
    .values(
      rows.map((r) => ({
        org_id: r.orgId,
        user_id: r.userId,
        kind: r.kind,
        title: r.title,
        body: r.body,
        link: r.link,
        created_at: r.createdAt,
        read_at: null,
      })),
    )
    .execute();
}

/** One person's notifications, newest first; `beforeId` pages on from the last one shown. */
export async function listNotifications(
  db: Kysely<Database>,
  orgId: number,
  userId: string,
  options: { unreadOnly: boolean; limit: number; beforeId?: number | undefined },
): Promise<NotificationItem[]> {
  let query = db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'])
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId);
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind as NotificationKind,
    title: r.title,
    body: r.body,
    link: r.link,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    read: r.read_at !== null,
  }));
}

export async function countUnread(db: Kysely<Database>, orgId: number, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks the person's own notifications read (`ids`, or all of them); answers how many changed. */
export async function markRead(
  db: Kysely<Database>,
  orgId: number,
  userId: string,
  ids: readonly number[] | 'all',
  at: number,
): Promise<number> {
  if (ids !== 'all' && ids.length === 0) return 0;
  let query = db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids !== 'all') query = query.where('id', 'in', [...ids]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A person's saved settings, or null when they never saved any (the defaults apply). */
export async function readNotificationSettings(
  db: Kysely<Database>,
  orgId: number,
  userId: string,
): Promise<NotificationSettings | null> {
  const row = await db
    .selectFrom('notification_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  // The channels JSON was validated when saved; parsed again so a hand-edited row cannot break sending.
  const channels = notificationSettingsSchema.shape.channels.safeParse(JSON.parse(row.channels));
  return {
    channels: channels.success ? channels.data : {},
    quietFrom: row.quiet_from,
    quietTo: row.quiet_to,
    timeZone: row.time_zone,
    slackUrl: row.slack_url,
    teamsUrl: row.teams_url,
    gchatUrl: row.gchat_url,
  };
}

export async function saveNotificationSettings(
  db: Kysely<Database>,
  orgId: number,
  userId: string,
  settings: NotificationSettings,
  at: number,
): Promise<void> {
  const values = {
    channels: JSON.stringify(settings.channels),
    quiet_from: settings.quietFrom,
    quiet_to: settings.quietTo,
    time_zone: settings.timeZone,
    slack_url: settings.slackUrl,
    teams_url: settings.teamsUrl,
    gchat_url: settings.gchatUrl,
    updated_at: at,
  };
  await db
    .insertInto('notification_settings')
    .values({ org_id: orgId, user_id: userId, ...values })
    .onConflict((oc) => oc.columns(['org_id', 'user_id']).doUpdateSet(values))
    .execute();
}
