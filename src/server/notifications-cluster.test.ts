import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenLive } from '../../test/support/live-listener.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { openStore, type Store } from '../db/database.ts';
import { processNotifier } from '../services/notifications/process-notifier.ts';
import { buildApp } from './app.ts';

// Server A is the test app; server B a second app on its own connection to the same PostgreSQL
// database. A notification made on A reaches the person's page open on B (LISTEN/NOTIFY), no one else's.
describe('notifications across two servers on one PostgreSQL database', () => {
  let t: TestApp;
  let otherStore: Store;
  let b: Awaited<ReturnType<typeof buildApp>>;
  let baseB: string;
  let rep: TestPerson;
  let manager: TestPerson;

  beforeAll(async () => {
    t = await createTestApp('postgres', { empty: true });
    const org = await t.org();
    rep = await addTestPerson(t.store, org, 'rep', { repId: 'R01' });
    manager = await addTestPerson(t.store, org, 'manager');
    otherStore = await openStore(t.store.target);
    b = await buildApp({ store: otherStore, webDist: null });
    await b.listen({ port: 0, host: '127.0.0.1' });
    baseB = `http://127.0.0.1:${(b.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await b?.close();
    await otherStore?.close();
    await t?.dispose();
  });

  it('the page on the other server hears the new unread count; another person’s page hears nothing', async () => {
    const repOnB = await listenLive(baseB, rep.headers);
    const managerOnB = await listenLive(baseB, manager.headers);
    try {
      await t.app.udn.notifier.notify({
        orgId: rep.org.id,
        userIds: [rep.user.id],
        kind: 'import',
        title: 'Import finished',
        body: '12 deals',
        link: null,
      });
      const heard = await repOnB.until((e) => e.type === 'notifications-changed', { ms: 10_000 });
      expect(heard.event).toEqual({ type: 'notifications-changed', unread: 1 });
      await t.app.udn.notifier.notify({
        orgId: rep.org.id,
        userIds: [manager.user.id],
        kind: 'import',
        title: 'For the manager',
        body: '',
        link: null,
      });
      await managerOnB.until((e) => e.type === 'notifications-changed', { ms: 10_000 });
      expect(managerOnB.heard.map((h) => h.event)).toEqual([{ type: 'notifications-changed', unread: 1 }]);
      expect(repOnB.heard.filter((h) => h.event.type === 'notifications-changed')).toHaveLength(1);
    } finally {
      await repOnB.close();
      await managerOnB.close();
    }
  });
});

describe('a notification made by another process (the CLI) on the same PostgreSQL database', () => {
  let t: TestApp;
  let base: string;
  let rep: TestPerson;
  let cliStore: Store;

  beforeAll(async () => {
    t = await createTestApp('postgres', { empty: true });
    rep = await addTestPerson(t.store, await t.org(), 'rep', { repId: 'R01' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    cliStore = await openStore(t.store.target);
  });
  afterAll(async () => {
    await cliStore?.close();
    await t?.dispose();
  });

  it('reaches the person’s open page through the cluster bus', async () => {
    const page = await listenLive(base, rep.headers);
    const { notifier, close } = processNotifier(cliStore, (error) => {
      throw error;
    });
    try {
      await notifier.notify({
        orgId: rep.org.id,
        userIds: [rep.user.id],
        kind: 'import',
        title: 'From the CLI',
        body: '',
        link: null,
      });
      const heard = await page.until((e) => e.type === 'notifications-changed', { ms: 10_000 });
      expect(heard.event).toEqual({ type: 'notifications-changed', unread: 1 });
    } finally {
      close();
      await page.close();
    }
  });
});
