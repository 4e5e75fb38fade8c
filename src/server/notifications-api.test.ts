import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenLive } from '../../test/support/live-listener.ts';
import { type SmtpCapture, startSmtpCapture } from '../../test/support/smtp-capture.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError } from '../core/contracts/api.ts';
import type { ChannelDeliveryItem, NotificationItem } from '../core/contracts/notifications.ts';

// The settings page decides here: an SMTP URL in the test's environment would win over it.
delete process.env.UDN_SMTP_URL;

const ALERT = {
  kind: 'alert' as const,
  title: 'Churn above 3%',
  body: 'Churn is 4.2% this month.',
  link: '/kpis',
};
const SLACK_PATH = '/services/T01/B01/secret';

describe.each(DIALECTS)('/api/v1/notifications on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let smtp: SmtpCapture;
  let rep: TestPerson;
  let manager: TestPerson;
  let admin: TestPerson;
  let viewer: TestPerson;
  let slack: http.Server;
  let slackUrl: string;
  const slackGot: unknown[] = [];

  const as = (person: TestPerson, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: person.headers, ...(payload ? { payload } : {}) });
  const notify = (userIds: string[], title = ALERT.title) =>
    t.app.udn.notifier.notify({ orgId: rep.org.id, userIds, ...ALERT, title });

  beforeAll(async () => {
    slack = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        slackGot.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', () => resolve()));
    slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}${SLACK_PATH}`;
    smtp = await startSmtpCapture({ login: { user: 'udn', pass: 'hunter2-secret' } });
    t = await createTestApp(dialect, { empty: true, notifications: { chatHosts: { slack: ['127.0.0.1'] } } });
    const org = await t.org();
    rep = await addTestPerson(t.store, org, 'rep', { repId: 'R01' });
    manager = await addTestPerson(t.store, org, 'manager', { teams: ['Jakarta'] });
    admin = await addTestPerson(t.store, org, 'admin');
    viewer = await addTestPerson(t.store, org, 'viewer');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.dispose();
    await smtp?.close();
    slack?.closeAllConnections();
    await new Promise<void>((resolve) => (slack ? slack.close(() => resolve()) : resolve()));
  });

  it('lists my own notifications newest first with the unread count; marks some or all read', async () => {
    await notify([rep.user.id], 'First');
    await notify([rep.user.id, manager.user.id], 'Second');
    const mine = (await as(rep, 'GET', '/api/v1/notifications')).json<{
      notifications: NotificationItem[];
      unread: number;
    }>();
    expect(mine.unread).toBe(2);
    expect(mine.notifications.map((n) => n.title)).toEqual(['Second', 'First']);
    expect(mine.notifications[0]).toMatchObject({
      kind: 'alert',
      body: ALERT.body,
      link: '/kpis',
      read: false,
    });
    // Paging: the page after the newest.
    const next = (
      await as(rep, 'GET', `/api/v1/notifications?limit=1&before=${mine.notifications[0]!.id}`)
    ).json<{
      notifications: NotificationItem[];
    }>();
    expect(next.notifications.map((n) => n.title)).toEqual(['First']);
    // Someone else's id is not mine to mark.
    const managers = (await as(manager, 'GET', '/api/v1/notifications')).json<{
      notifications: NotificationItem[];
    }>();
    const foreign = await as(rep, 'POST', '/api/v1/notifications/read', {
      ids: [managers.notifications[0]!.id],
    });
    expect(foreign.json()).toEqual({ marked: 0, unread: 2 });
    const one = await as(rep, 'POST', '/api/v1/notifications/read', { ids: [mine.notifications[1]!.id] });
    expect(one.json()).toEqual({ marked: 1, unread: 1 });
    const unreadOnly = (await as(rep, 'GET', '/api/v1/notifications?unread=1')).json<{
      notifications: NotificationItem[];
    }>();
    expect(unreadOnly.notifications.map((n) => n.title)).toEqual(['Second']);
    expect((await as(rep, 'POST', '/api/v1/notifications/read', { all: true })).json()).toEqual({
      marked: 1,
      unread: 0,
    });
    expect((await as(manager, 'GET', '/api/v1/notifications')).json<{ unread: number }>().unread).toBe(1);
    // A viewer has a bell too.
    expect((await as(viewer, 'GET', '/api/v1/notifications')).statusCode).toBe(200);
  });

  it('the live event reaches only the person it is for, with their unread count', async () => {
    const repStream = await listenLive(base, rep.headers);
    const managerStream = await listenLive(base, manager.headers);
    try {
      await notify([rep.user.id], 'Live one');
      const heard = await repStream.until((e) => e.type === 'notifications-changed');
      expect(heard.event).toEqual({ type: 'notifications-changed', unread: 1 });
      // The manager's next event is their own notification's: they never heard the rep's.
      await notify([manager.user.id], 'For the manager');
      const managers = await managerStream.until((e) => e.type === 'notifications-changed');
      expect(managers.event).toEqual({ type: 'notifications-changed', unread: 2 });
      expect(managerStream.heard.filter((h) => h.event.type === 'notifications-changed')).toHaveLength(1);
      // Reading tells the reader's pages too.
      await as(rep, 'POST', '/api/v1/notifications/read', { all: true });
      await repStream.until((e) => e.type === 'notifications-changed' && e.unread === 0);
      expect(repStream.heard.filter((h) => h.event.type === 'notifications-changed')).toHaveLength(2);
    } finally {
      await repStream.close();
      await managerStream.close();
    }
  });

  it('settings: defaults first; a Slack URL that is not one is a 400 naming slackUrl, nothing saved', async () => {
    const defaults = await as(rep, 'GET', '/api/v1/me/notification-settings');
    expect(defaults.json()).toMatchObject({
      channels: {},
      quietFrom: null,
      slackUrl: null,
      defaults: { alert: ['app', 'email'], digest: ['email'], import: ['app'] },
      orgTimeZone: (await t.org()).timezone,
    });
    const settings = {
      channels: { alert: ['app', 'slack', 'slack'] },
      quietFrom: '21:00',
      quietTo: '07:00',
      timeZone: 'asia/jakarta',
      slackUrl: 'https://hooks.slack.com/services/T000/B000/XXXX',
      teamsUrl: null,
      gchatUrl: null,
    };
    const saved = await as(rep, 'PUT', '/api/v1/me/notification-settings', settings);
    expect(saved.statusCode, saved.body).toBe(200);
    // The zone in its canonical spelling; a channel listed twice is kept once.
    expect(saved.json()).toMatchObject({ timeZone: 'Asia/Jakarta', channels: { alert: ['app', 'slack'] } });

    const bad = await as(rep, 'PUT', '/api/v1/me/notification-settings', {
      ...settings,
      slackUrl: 'https://example.com/services/T000/B000/XXXX',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ApiError>()).toMatchObject({ field: 'slackUrl' });
    expect(bad.json<ApiError>().message).toMatch(/not a Slack incoming webhook URL/);
    for (const [patch, field] of [
      [{ teamsUrl: 'https://hooks.slack.com/services/T/B/X' }, 'teamsUrl'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ quietTo: null }, 'quietTo'],
      [{ quietFrom: '25:00' }, 'quietFrom'],
    ] as const) {
      const response = await as(rep, 'PUT', '/api/v1/me/notification-settings', { ...settings, ...patch });
      expect(response.statusCode, JSON.stringify(patch)).toBe(400);
      expect(response.json<ApiError>().field ?? response.json<ApiError>().details?.[0]?.field).toBe(field);
    }
    // Still as saved before the refusals.
    expect((await as(rep, 'GET', '/api/v1/me/notification-settings')).json()).toMatchObject({
      slackUrl: settings.slackUrl,
      timeZone: 'Asia/Jakarta',
    });
    // Settings are each person's own: the manager's are untouched.
    expect((await as(manager, 'GET', '/api/v1/me/notification-settings')).json()).toMatchObject({
      slackUrl: null,
    });
  });

  it('SMTP settings: admins only, the password never returned; test sends 200 with the delivery, 502 with the SMTP error', async () => {
    expect((await as(manager, 'GET', '/api/v1/notifications/smtp')).statusCode).toBe(403);
    expect(
      (await as(manager, 'PUT', '/api/v1/notifications/smtp', { url: smtp.url, from: null })).statusCode,
    ).toBe(403);
    const bad = await as(admin, 'PUT', '/api/v1/notifications/smtp', {
      url: 'http://mail.example.test',
      from: null,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ApiError>().field).toBe('url');

    const withPassword = smtp.url.replace('smtp://', 'smtp://udn:hunter2-secret@');
    const put = await as(admin, 'PUT', '/api/v1/notifications/smtp', {
      url: withPassword,
      from: 'UDN <alerts@example.test>',
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({
      url: smtp.url.replace('smtp://', 'smtp://udn@'),
      from: 'UDN <alerts@example.test>',
      hasPassword: true,
      fromEnvironment: false,
    });
    expect(put.body).not.toContain('hunter2');
    const stored = await t.store.db.selectFrom('server_settings').select('value').execute();
    expect(stored.map((r) => r.value).join(' ')).not.toContain('hunter2');

    // The capture server accepts any login, so the sealed password is opened and used.
    const sent = await as(admin, 'POST', '/api/v1/notifications/test', {
      channel: 'email',
      to: 'someone@example.test',
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json<{ delivery: ChannelDeliveryItem }>().delivery).toMatchObject({
      channel: 'email',
      target: 'someone@example.test',
      status: 'sent',
      kind: 'system',
    });
    const mail = await smtp.next('someone@example.test');
    expect(mail.subject).toBe('UDN test message');
    expect(mail.from).toBe('alerts@example.test');
    // Logged in with the password that was sealed in the database.
    expect(mail.authUser).toBe('udn');

    // A rep may test their own address only.
    expect(
      (await as(rep, 'POST', '/api/v1/notifications/test', { channel: 'email', to: 'someone@example.test' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await as(rep, 'POST', '/api/v1/notifications/test', { channel: 'email', to: rep.user.email }))
        .statusCode,
    ).toBe(200);
    await smtp.next(rep.user.email);

    // An SMTP server that is not there: 502 with its error, logged, and the server keeps answering.
    await as(admin, 'PUT', '/api/v1/notifications/smtp', { url: 'smtp://127.0.0.1:1', from: null });
    const failed = await as(admin, 'POST', '/api/v1/notifications/test', {
      channel: 'email',
      to: 'someone@example.test',
    });
    expect(failed.statusCode).toBe(502);
    expect(failed.json<ApiError>().message).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(failed.json<{ delivery: ChannelDeliveryItem }>().delivery).toMatchObject({ status: 'failed' });
    expect((await as(admin, 'GET', '/api/v1/notifications/smtp')).json()).toMatchObject({
      url: 'smtp://127.0.0.1:1',
      hasPassword: false,
    });
    // Removing it: e-mail then fails saying none is configured.
    await as(admin, 'PUT', '/api/v1/notifications/smtp', { url: null, from: null });
    const none = await as(admin, 'POST', '/api/v1/notifications/test', {
      channel: 'email',
      to: 'someone@example.test',
    });
    expect(none.json<ApiError>().message).toMatch(/no SMTP server is configured/);
  });

  it('test to a chat URL: Slack format to the receiver; a URL that is not one is a 400 naming `to`', async () => {
    const sent = await as(rep, 'POST', '/api/v1/notifications/test', { channel: 'slack', to: slackUrl });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json<{ delivery: ChannelDeliveryItem }>().delivery.target).toBe(
      `${new URL(slackUrl).origin}/services/…`,
    );
    expect(slackGot.at(-1)).toMatchObject({ text: expect.stringContaining('UDN test message') });
    const bad = await as(rep, 'POST', '/api/v1/notifications/test', {
      channel: 'slack',
      to: 'https://example.com/x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ApiError>().field).toBe('to');
  });

  it('delivery log: my own; the organisation’s only for admins', async () => {
    const mine = (await as(rep, 'GET', '/api/v1/notifications/deliveries')).json<{
      deliveries: ChannelDeliveryItem[];
    }>();
    expect(mine.deliveries.length).toBeGreaterThan(0);
    const repRows = await t.store.db
      .selectFrom('channel_deliveries')
      .select('id')
      .where('user_id', '=', rep.user.id)
      .execute();
    expect(mine.deliveries.map((d) => d.id).sort()).toEqual(repRows.map((r) => Number(r.id)).sort());
    expect((await as(rep, 'GET', '/api/v1/notifications/deliveries?all=1')).statusCode).toBe(403);
    const all = (await as(admin, 'GET', '/api/v1/notifications/deliveries?all=1')).json<{
      deliveries: ChannelDeliveryItem[];
    }>();
    const total = await t.store.db.selectFrom('channel_deliveries').select('id').execute();
    expect(all.deliveries).toHaveLength(total.length);
  });
});
