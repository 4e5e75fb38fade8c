import { z } from 'zod';

/* The notification centre and each person's channels (issue 14, docs/adr/0022). */

export const NOTIFICATION_KINDS = ['alert', 'digest', 'import', 'webhook', 'system'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const CHANNELS = ['app', 'email', 'slack', 'teams', 'gchat'] as const;
export type Channel = (typeof CHANNELS)[number];

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'a local time like 21:00' });

export const notificationSettingsSchema = z.strictObject({
  /** Per kind, the channels it reaches this person by; a kind left out keeps its default. */
  channels: z.partialRecord(z.enum(NOTIFICATION_KINDS), z.array(z.enum(CHANNELS)).max(5)),
  /** Quiet hours in `timeZone` (e.g. 21:00–07:00): channel messages wait until they end; the bell still counts. */
  quietFrom: localTime.nullable(),
  quietTo: localTime.nullable(),
  /** IANA zone; null: the organisation's. */
  timeZone: z.string().nullable(),
  slackUrl: z.string().url().nullable(),
  teamsUrl: z.string().url().nullable(),
  gchatUrl: z.string().url().nullable(),
});
export type NotificationSettings = z.output<typeof notificationSettingsSchema>;

export interface NotificationItem {
  id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

export interface ChannelDeliveryItem {
  id: number;
  channel: Exclude<Channel, 'app'>;
  target: string;
  kind: NotificationKind;
  subject: string;
  status: 'sent' | 'failed' | 'held';
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** What any part of UDN hands the notifier: who, what, and where the drill-down is. */
export interface NotificationInput {
  orgId: number;
  /** better-auth user ids of members; the notifier drops those who are no longer members. */
  userIds: readonly string[];
  kind: NotificationKind;
  title: string;
  body: string;
  /** App path, e.g. `/tasks?id=4`. */
  link: string | null;
}
