import type { Channel, NotificationKind, NotificationSettings } from '../contracts/notifications.ts';

/**
 * What reaches a person who chose nothing: alerts and system notices in the app and by e-mail
 * (they ask for action), digests only by e-mail (they are e-mails), import and webhook notices in the
 * app (they are for whoever is looking at UDN).
 */
export const DEFAULT_CHANNELS: Readonly<Record<NotificationKind, readonly Channel[]>> = {
  alert: ['app', 'email'],
  digest: ['email'],
  import: ['app'],
  webhook: ['app'],
  system: ['app', 'email'],
};

/** The channels `kind` reaches this person by: their choice for the kind, else the default. */
export function channelsFor(
  settings: Pick<NotificationSettings, 'channels'> | null,
  kind: NotificationKind,
): readonly Channel[] {
  return settings?.channels[kind] ?? DEFAULT_CHANNELS[kind];
}

/** Settings of a person who never saved any. */
export const DEFAULT_SETTINGS: NotificationSettings = {
  channels: {},
  quietFrom: null,
  quietTo: null,
  timeZone: null,
  slackUrl: null,
  teamsUrl: null,
  gchatUrl: null,
};
