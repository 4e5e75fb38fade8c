import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpCapture, startSmtpCapture } from '../../../test/support/smtp-capture.ts';
import { addTestPerson, firstOrg, type TestPerson } from '../../../test/support/test-people.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { type Mailer, smtpMailer } from '../../auth/mailer.ts';
import type { NotificationSettings } from '../../core/contracts/notifications.ts';
import { DEFAULT_SETTINGS } from '../../core/notifications/default-channels.ts';
import { listDeliveries } from '../../db/channel-deliveries-repo.ts';
import { deleteMember } from '../../db/members-repo.ts';
import { countUnread, listNotifications, saveNotificationSettings } from '../../db/notifications-repo.ts';
import { scheduleJob } from '../schedule/job-clock.ts';
import { HELD_JOB, Notifier } from './notifier.ts';

interface Received {
  path: string;
  body: unknown;
}

/** A local stand-in for a chat service: answers `status` (or never, `hang`) and keeps what it got. */
async function receiver(
  answer: 'ok' | 500 | 'hang',
): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      if (answer === 'hang') return;
      res.writeHead(answer === 'ok' ? 200 : 500, { 'content-type': 'text/plain' });
      res.end(answer === 'ok' ? 'ok' : 'invalid_payload');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/services/T01/B01/secret-part`,
    got,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const ALERT = {
  kind: 'alert' as const,
  title: 'Jakarta revenue is 12% behind pace',
  body: 'Needs IDR 9.9M/day to reach the target.',
  link: '/goals?id=4',
};

describe.each(DIALECTS)('Notifier on %s', (dialect) => {
  let store: TestStore;
  let smtp: SmtpCapture;
  let mailer: Mailer;
  let rep: TestPerson;
  let manager: TestPerson;
  let orgId: number;
  const errors: string[] = [];
  let clock = Date.parse('2026-03-05T08:00:00Z');
  const published: string[] = [];
  const notifierWith = (
    options: { mailer?: Mailer | null; chatTimeoutMs?: number; flushEveryMs?: number } = {},
  ) =>
    new Notifier({
      store,
      mailer: () => (options.mailer === undefined ? mailer : options.mailer),
      publish: (_org, userId) => published.push(userId),
      onError: (_e, message) => errors.push(message),
      now: () => clock,
      chatHosts: { slack: ['127.0.0.1'], teams: ['127.0.0.1'], gchat: ['127.0.0.1'] },
      publicUrl: 'https://udn.example.test',
      ...(options.chatTimeoutMs !== undefined ? { chatTimeoutMs: options.chatTimeoutMs } : {}),
      ...(options.flushEveryMs !== undefined ? { flushEveryMs: options.flushEveryMs } : {}),
    });
  const settingsOf = (person: TestPerson, settings: Partial<NotificationSettings>) =>
    saveNotificationSettings(store.db, orgId, person.user.id, { ...DEFAULT_SETTINGS, ...settings }, clock);

  beforeAll(async () => {
    store = await createTestStore(dialect);
    smtp = await startSmtpCapture();
    mailer = smtpMailer(smtp.url, 'UDN <udn@example.test>');
    const org = await firstOrg(store);
    orgId = org.id;
    rep = await addTestPerson(store, org, 'rep', { repId: 'R01' });
    manager = await addTestPerson(store, org, 'manager', { teams: ['Jakarta'] });
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
    await store?.dispose();
  });

  it('an alert reaches the bell and, by real SMTP, the person’s address with text and HTML', async () => {
    await notifierWith().notify({ orgId, userIds: [rep.user.id], ...ALERT });
    const mail = await smtp.next(rep.user.email);
    expect(mail.subject).toBe(ALERT.title);
    expect(mail.to).toEqual([rep.user.email]);
    expect(mail.from).toBe('udn@example.test');
    expect(mail.text).toContain('Needs IDR 9.9M/day to reach the target.');
    expect(mail.text).toContain('https://udn.example.test/goals?id=4');
    expect(mail.html).toContain('<h2');
    expect(mail.html).toContain('href="https://udn.example.test/goals?id=4"');
    const [item] = await listNotifications(store.db, orgId, rep.user.id, { unreadOnly: true, limit: 10 });
    expect(item).toMatchObject({ kind: 'alert', title: ALERT.title, link: '/goals?id=4', read: false });
    expect(published).toContain(rep.user.id);
    const [delivery] = await listDeliveries(store.db, orgId, { userId: rep.user.id, limit: 1 });
    expect(delivery).toMatchObject({ channel: 'email', target: rep.user.email, status: 'sent', error: null });
  });

  it('an unreachable SMTP host: the delivery row says failed with the error, the bell row is kept', async () => {
    const dead = smtpMailer('smtp://127.0.0.1:1', 'UDN <udn@example.test>');
    const before = await countUnread(store.db, orgId, manager.user.id);
    await expect(
      notifierWith({ mailer: dead }).notify({ orgId, userIds: [manager.user.id], ...ALERT }),
    ).resolves.toBeUndefined();
    dead.close();
    expect(await countUnread(store.db, orgId, manager.user.id)).toBe(before + 1);
    const [delivery] = await listDeliveries(store.db, orgId, { userId: manager.user.id, limit: 1 });
    expect(delivery).toMatchObject({ channel: 'email', status: 'failed', sentAt: null });
    expect(delivery!.error).toMatch(/ECONNREFUSED 127\.0\.0\.1:1/);
  });

  it('no SMTP configured: a failed delivery saying so', async () => {
    await notifierWith({ mailer: null }).notify({
      orgId,
      userIds: [manager.user.id],
      ...ALERT,
      title: 'No SMTP',
    });
    const [delivery] = await listDeliveries(store.db, orgId, { userId: manager.user.id, limit: 1 });
    expect(delivery).toMatchObject({ subject: 'No SMTP', status: 'failed' });
    expect(delivery!.error).toMatch(/no SMTP server is configured/);
  });

  it('quiet hours in Asia/Jakarta 21:00–07:00: nothing at 22:00 local, the held e-mail goes at 07:00 local', async () => {
    const person = await addTestPerson(store, await firstOrg(store), 'rep', { repId: 'R02' });
    await settingsOf(person, { quietFrom: '21:00', quietTo: '07:00', timeZone: 'Asia/Jakarta' });
    clock = Date.parse('2026-03-05T15:00:00Z'); // 22:00 WIB
    const notifier = notifierWith();
    await notifier.notify({ orgId, userIds: [person.user.id], ...ALERT, title: 'Held overnight' });
    // The bell counts at once.
    expect(await countUnread(store.db, orgId, person.user.id)).toBe(1);
    const [held] = await listDeliveries(store.db, orgId, { userId: person.user.id, limit: 1 });
    expect(held).toMatchObject({ status: 'held', subject: 'Held overnight', sentAt: null });
    expect(smtp.messages.some((m) => m.to.includes(person.user.email))).toBe(false);
    clock = Date.parse('2026-03-05T23:59:00Z'); // 06:59 WIB
    expect(await notifier.flushHeld()).toBe(0);
    expect(smtp.messages.some((m) => m.to.includes(person.user.email))).toBe(false);
    clock = Date.parse('2026-03-06T00:00:00Z'); // 07:00 WIB
    expect(await notifier.flushHeld()).toBe(1);
    const mail = await smtp.next(person.user.email);
    expect(mail.subject).toBe('Held overnight');
    const [sent] = await listDeliveries(store.db, orgId, { userId: person.user.id, limit: 1 });
    expect(sent).toMatchObject({ id: held!.id, status: 'sent', sentAt: '2026-03-06T00:00:00.000Z' });
    // Sent once: a second flush finds nothing.
    expect(await notifier.flushHeld()).toBe(0);
    clock = Date.parse('2026-03-05T08:00:00Z');
  });

  it('start(): the scheduled job sends held messages once their quiet hours ended', async () => {
    const person = await addTestPerson(store, await firstOrg(store), 'manager');
    await settingsOf(person, { quietFrom: '21:00', quietTo: '07:00', timeZone: 'Asia/Jakarta' });
    clock = Date.parse('2026-03-05T15:00:00Z'); // 22:00 WIB
    const notifier = notifierWith({ flushEveryMs: 50 });
    await notifier.notify({ orgId, userIds: [person.user.id], ...ALERT, title: 'Flushed by the job' });
    clock = Date.parse('2026-03-06T00:05:00Z'); // 07:05 WIB
    // Due now (a job the clock has not seen would only be scheduled on its first tick).
    await scheduleJob(store, HELD_JOB, 0);
    notifier.start();
    try {
      const mail = await smtp.next(person.user.email);
      expect(mail.subject).toBe('Flushed by the job');
    } finally {
      await notifier.stop();
    }
    const job = await store.db
      .selectFrom('scheduled_jobs')
      .select(['last_status', 'last_message'])
      .where('name', '=', HELD_JOB)
      .executeTakeFirstOrThrow();
    expect(job).toEqual({ last_status: 'succeeded', last_message: '1 held message(s) sent' });
    clock = Date.parse('2026-03-05T08:00:00Z');
  });

  it('Slack: the Slack JSON format reaches an incoming-webhook receiver; the log masks the URL', async () => {
    const slack = await receiver('ok');
    try {
      await settingsOf(manager, { channels: { alert: ['slack'] }, slackUrl: slack.url });
      await notifierWith().notify({ orgId, userIds: [manager.user.id], ...ALERT });
      expect(slack.got).toHaveLength(1);
      expect(slack.got[0]!.path).toBe('/services/T01/B01/secret-part');
      const body = slack.got[0]!.body as { text: string; blocks: { type: string }[] };
      expect(body.text).toBe(`${ALERT.title}\n${ALERT.body}`);
      expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'actions']);
      const [delivery] = await listDeliveries(store.db, orgId, { userId: manager.user.id, limit: 1 });
      expect(delivery).toMatchObject({
        channel: 'slack',
        status: 'sent',
        target: `${new URL(slack.url).origin}/services/…`,
      });
      expect(JSON.stringify(delivery)).not.toContain('secret-part');
    } finally {
      await slack.close();
    }
  });

  it('a chat URL answering 500 or hanging: a failed delivery with the reason, notify resolves, the bell row is kept', async () => {
    const failing = await receiver(500);
    const hanging = await receiver('hang');
    try {
      await settingsOf(manager, {
        channels: { alert: ['app', 'teams', 'gchat'] },
        teamsUrl: failing.url,
        gchatUrl: hanging.url,
      });
      const before = await countUnread(store.db, orgId, manager.user.id);
      const started = performance.now();
      await notifierWith({ chatTimeoutMs: 300 }).notify({ orgId, userIds: [manager.user.id], ...ALERT });
      expect(performance.now() - started).toBeLessThan(5000);
      expect(await countUnread(store.db, orgId, manager.user.id)).toBe(before + 1);
      const deliveries = await listDeliveries(store.db, orgId, { userId: manager.user.id, limit: 2 });
      const byChannel = Object.fromEntries(deliveries.map((d) => [d.channel, d]));
      expect(byChannel.teams).toMatchObject({ status: 'failed', error: 'HTTP 500: invalid_payload' });
      expect(byChannel.gchat).toMatchObject({ status: 'failed', error: 'no answer within 0.3 s' });
      expect((failing.got[0]!.body as { type: string }).type).toBe('message');
      expect(hanging.got[0]!.body).toEqual({
        text: `*${ALERT.title}*\n${ALERT.body}\nhttps://udn.example.test/goals?id=4`,
      });
    } finally {
      await failing.close();
      await hanging.close();
    }
  });

  it('only members are notified; kinds follow their defaults (digest: e-mail only, import: bell only)', async () => {
    const leaver = await addTestPerson(store, await firstOrg(store), 'rep');
    await deleteMember(store.db, orgId, leaver.user.id);
    await notifierWith().notify({
      orgId,
      userIds: [leaver.user.id, rep.user.id],
      kind: 'import',
      title: 'Import finished',
      body: '1,000 deals',
      link: null,
    });
    expect(await countUnread(store.db, orgId, leaver.user.id)).toBe(0);
    const [item] = await listNotifications(store.db, orgId, rep.user.id, { unreadOnly: false, limit: 1 });
    expect(item).toMatchObject({ kind: 'import', title: 'Import finished', link: null });
    const sentBefore = smtp.messages.length;
    const unreadBefore = await countUnread(store.db, orgId, rep.user.id);
    await notifierWith().notify({
      orgId,
      userIds: [rep.user.id],
      kind: 'digest',
      title: 'Your week',
      body: 'Numbers',
      link: null,
    });
    await smtp.next(rep.user.email);
    expect(smtp.messages.length).toBe(sentBefore + 1);
    expect(await countUnread(store.db, orgId, rep.user.id)).toBe(unreadBefore);
  });
});
