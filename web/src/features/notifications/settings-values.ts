import type { NotificationSettings } from '../../../../src/core/contracts/notifications.ts';

export type ChatChannel = 'slack' | 'teams' | 'gchat';

/** The setting that holds a chat channel's incoming-webhook URL. */
export const chatField = (channel: ChatChannel): 'slackUrl' | 'teamsUrl' | 'gchatUrl' =>
  channel === 'slack' ? 'slackUrl' : channel === 'teams' ? 'teamsUrl' : 'gchatUrl';

/**
 * The settings the form edits and PUTs back: GET adds the defaults and the org's zone, which the
 * strict contract of PUT refuses, so they are left out.
 */
export function editableSettings(view: NotificationSettings & Record<string, unknown>): NotificationSettings {
  return {
    channels: view.channels,
    quietFrom: view.quietFrom,
    quietTo: view.quietTo,
    timeZone: view.timeZone,
    slackUrl: view.slackUrl,
    teamsUrl: view.teamsUrl,
    gchatUrl: view.gchatUrl,
  };
}
