import { describe, expect, it } from 'vitest';
import { notificationSettingsSchema } from '../../../../src/core/contracts/notifications.ts';
import { chatField, editableSettings } from './settings-values.ts';

describe('notification settings as the form sends them', () => {
  it('drops what GET adds, so the strict PUT contract takes them back', () => {
    const view = {
      channels: { alert: ['app' as const] },
      quietFrom: '21:00',
      quietTo: '07:00',
      timeZone: 'Asia/Jakarta',
      slackUrl: 'https://hooks.slack.com/services/T0/B0/x',
      teamsUrl: null,
      gchatUrl: null,
      defaults: { alert: ['app', 'email'] },
      orgTimeZone: 'Asia/Jakarta',
    };
    expect(notificationSettingsSchema.safeParse(view).success).toBe(false);
    const body = editableSettings(view);
    expect(notificationSettingsSchema.parse(body)).toEqual(body);
    expect(Object.keys(body)).not.toContain('defaults');
  });

  it('names the URL field of each chat channel', () => {
    expect([chatField('slack'), chatField('teams'), chatField('gchat')]).toEqual([
      'slackUrl',
      'teamsUrl',
      'gchatUrl',
    ]);
  });
});
