import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, firstOrg } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { NotificationItem } from '../core/contracts/notifications.ts';
import type { WebhookItem, WebhookWithSecret } from '../core/contracts/webhooks.ts';

describe.each(DIALECTS)('a webhook failing too often on %s', (dialect) => {
  let t: TestApp;
  let hits = 0;
  const server = http.createServer((_request, response) => {
    hits++;
    response.writeHead(503).end('maintenance');
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // No retries, disabled after 2 deliveries given up on in a row.
    t = await createTestApp(dialect, { webhooks: { retryDelaysMs: [], maxGivenUp: 2, timeoutMs: 2000 } });
  });
  afterAll(async () => {
    await t.dispose();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('is disabled, owners and admins are told in the notification centre, and enabling it starts afresh', async () => {
    const admin = await addTestPerson(t.store, await firstOrg(t.store), 'admin');
    const manager = await addTestPerson(t.store, await firstOrg(t.store), 'manager');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      payload: {
        name: 'Down receiver',
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        events: ['alert.fired'],
        allowPrivate: true,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const hook = created.json<WebhookWithSecret>();
    const org = await t.org();
    for (let i = 0; i < 3; i++) {
      await t.app.udn.webhooks.emit({ orgId: org.id, event: 'alert.fired', data: { n: i } });
      await t.app.udn.webhooks.idle();
    }
    expect(hits).toBe(2);
    const item = await t.getJson<WebhookItem>(`/api/v1/webhooks/${hook.id}`);
    expect(item).toMatchObject({
      enabled: false,
      failures: 2,
      disabledReason: '2 deliveries in a row failed after every retry',
    });
    const noticeOf = async (headers: Record<string, string>) => {
      for (let i = 0; i < 100; i++) {
        const response = await t.app.inject({ url: '/api/v1/notifications', headers });
        const found = response
          .json<{ notifications: NotificationItem[] }>()
          .notifications.find((n) => n.kind === 'webhook');
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return undefined;
    };
    const notice = await noticeOf(t.owner.headers);
    expect(notice).toMatchObject({
      title: 'Webhook "Down receiver" was disabled',
      body: 'UDN stopped sending to it: 2 deliveries in a row failed after every retry. Check the receiver, then enable it again.',
      link: '/settings/notifications',
    });
    expect(await noticeOf(admin.headers)).toMatchObject({ title: 'Webhook "Down receiver" was disabled' });
    const managerList = await t.app.inject({ url: '/api/v1/notifications', headers: manager.headers });
    expect(
      managerList
        .json<{ notifications: NotificationItem[] }>()
        .notifications.filter((n) => n.kind === 'webhook'),
    ).toEqual([]);

    const enabled = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${hook.id}`,
      payload: { enabled: true },
    });
    expect(enabled.json<WebhookItem>()).toMatchObject({ enabled: true, failures: 0, disabledReason: null });
  });
});
