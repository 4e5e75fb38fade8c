import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import type { WebhookEvent, WebhookPayload } from '../../core/contracts/webhooks.ts';
import { createOrg } from '../../db/org-repo.ts';
import { findWebhook, listDeliveries, updateWebhook, type WebhookRow } from '../../db/webhooks-repo.ts';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher.ts';
import { verifySignature } from './webhook-signature.ts';
import { createWebhook } from './webhooks-service.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on a free local port; `answer` picks the reply of each request (by its number). */
function receiver(answer: (n: number, request: Received) => number | 'hang') {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const got = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(got);
      const status = answer(received.length, got);
      if (status === 'hang') return;
      response
        .writeHead(status, { 'content-type': 'text/plain' })
        .end(status >= 300 ? 'receiver is down' : 'ok');
    });
  });
  return {
    received,
    url: '',
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      return this.url;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const until = async (what: () => Promise<boolean>, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe.each(DIALECTS)('webhook dispatcher on %s', (dialect) => {
  let store: TestStore;
  let orgId = 0;
  const clock = { now: 1_800_000_000_000 };
  const dispatchers: WebhookDispatcher[] = [];
  const receivers: ReturnType<typeof receiver>[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    store = await createTestStore(dialect);
  });
  // An organisation per test, so one test's subscriptions do not hear another's events.
  beforeEach(async () => {
    orgId = (await createOrg(store.db, { name: 'Nusantara Sales' })).id;
  });
  afterAll(async () => {
    for (const d of dispatchers) await d.stop();
    for (const r of receivers) await r.stop();
    await store.dispose();
  });

  const dispatcher = (options: Partial<WebhookDispatcherOptions> = {}) => {
    const d = new WebhookDispatcher({
      store,
      onError: (_error, message) => errors.push(message),
      now: () => clock.now,
      retryDelaysMs: [1000, 2000, 4000],
      timeoutMs: 2000,
      ...options,
    });
    dispatchers.push(d);
    return d;
  };
  const listen = async (answer: (n: number, request: Received) => number | 'hang') => {
    const r = receiver(answer);
    receivers.push(r);
    await r.start();
    return r;
  };
  const subscribe = async (url: string, events: WebhookEvent[] = ['deal.won'], name = 'CRM') =>
    createWebhook(store, orgId, { name, url, events, allowPrivate: true, enabled: true }, 'owner', clock.now);
  const deliveries = async (hook: WebhookRow) => listDeliveries(store.db, hook.id, 50);

  it('signs each delivery as documented, and sends only the events a subscription asked for', async () => {
    const r = await listen(() => 204);
    const { row: hook, secret } = await subscribe(r.url, ['deal.won', 'goal.changed']);
    const { row: other } = await subscribe(r.url, ['import.finished'], 'Imports only');
    const d = dispatcher();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    await d.emit({ orgId, event: 'deal.won', data: { deal: { id: 'D1', amount: 1500 } } });
    await d.idle();
    expect(r.received).toHaveLength(1);
    const [got] = r.received;
    const signature = got?.headers['udn-signature'];
    expect(typeof signature).toBe('string');
    expect(verifySignature(secret, String(signature), got?.body ?? '', Math.floor(clock.now / 1000))).toEqual(
      { ok: true, timestamp: Math.floor(clock.now / 1000) },
    );
    // A different secret or a changed body does not verify; nor an old timestamp.
    expect(verifySignature(`${secret}x`, String(signature), got?.body ?? '', clock.now / 1000).ok).toBe(
      false,
    );
    expect(verifySignature(secret, String(signature), `${got?.body} `, clock.now / 1000).ok).toBe(false);
    expect(verifySignature(secret, String(signature), got?.body ?? '', clock.now / 1000 + 301)).toEqual({
      ok: false,
      reason: 'timestamp outside the tolerance',
    });
    expect(got?.headers['udn-event']).toBe('deal.won');
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.headers['user-agent']).toMatch(/^UDN-Webhooks\/\d+\.\d+\.\d+/);
    const payload = JSON.parse(got?.body ?? '') as WebhookPayload;
    expect(payload).toEqual({
      id: expect.stringMatching(/^evt_/),
      event: 'deal.won',
      createdAt: new Date(clock.now).toISOString(),
      organisation: { id: orgId, name: 'Nusantara Sales' },
      data: { deal: { id: 'D1', amount: 1500 } },
    });
    const [logged] = await deliveries(hook);
    expect(got?.headers['udn-delivery']).toBe(String(logged?.id));
    expect(logged).toMatchObject({
      status: 'delivered',
      attempts: 1,
      response_code: 204,
      error: null,
      next_attempt_at: null,
    });
    expect(await deliveries(other)).toEqual([]);
  });

  it('retries with back-off until a receiver that failed twice answers', async () => {
    const r = await listen((n) => (n <= 2 ? 503 : 200));
    const { row: hook } = await subscribe(r.url);
    const d = dispatcher();
    const start = clock.now;
    await d.emit({ orgId, event: 'deal.won', data: { deal: { id: 'D2' } } });
    await d.idle();
    let [row] = await deliveries(hook);
    expect(row).toMatchObject({
      status: 'retrying',
      attempts: 1,
      response_code: 503,
      error: 'HTTP 503: receiver is down',
      next_attempt_at: start + 1000,
    });
    clock.now = start + 999;
    expect(await d.deliverDue()).toBe(0);
    clock.now = start + 1000;
    expect(await d.deliverDue()).toBe(1);
    [row] = await deliveries(hook);
    expect(row).toMatchObject({
      status: 'retrying',
      attempts: 2,
      response_code: 503,
      next_attempt_at: start + 3000,
    });
    clock.now = start + 2999;
    expect(await d.deliverDue()).toBe(0);
    clock.now = start + 3000;
    expect(await d.deliverDue()).toBe(1);
    [row] = await deliveries(hook);
    expect(row).toMatchObject({
      status: 'delivered',
      attempts: 3,
      response_code: 200,
      error: null,
      next_attempt_at: null,
    });
    expect(r.received).toHaveLength(3);
    // The same delivery and the same body (event id) on every try.
    expect(new Set(r.received.map((x) => x.headers['udn-delivery'])).size).toBe(1);
    expect(new Set(r.received.map((x) => x.body)).size).toBe(1);
    expect((await findWebhook(store.db, orgId, hook.id))?.failures).toBe(0);
  });

  it('gives up after the last delay, then counts the subscription failure', async () => {
    const r = await listen(() => 500);
    const { row: hook } = await subscribe(r.url);
    const d = dispatcher({ retryDelaysMs: [1000] });
    const start = clock.now;
    await d.emit({ orgId, event: 'deal.won', data: {} });
    await d.idle();
    clock.now = start + 1000;
    expect(await d.deliverDue()).toBe(1);
    const [row] = await deliveries(hook);
    expect(row).toMatchObject({ status: 'failed', attempts: 2, response_code: 500, next_attempt_at: null });
    expect(row?.error).toBe('HTTP 500: receiver is down');
    expect((await findWebhook(store.db, orgId, hook.id))?.failures).toBe(1);
  });

  it('records a receiver that hangs as a timeout and goes on serving others', async () => {
    const slow = await listen(() => 'hang');
    const fast = await listen(() => 200);
    const { row: slowHook } = await subscribe(slow.url);
    const { row: fastHook } = await subscribe(fast.url);
    const d = dispatcher({ timeoutMs: 1000 });
    const started = performance.now();
    await d.emit({ orgId, event: 'deal.won', data: {} });
    // emit does not wait for the receivers.
    expect(performance.now() - started).toBeLessThan(1000);
    await until(async () => (await deliveries(fastHook))[0]?.status === 'delivered');
    await d.idle();
    const [row] = await deliveries(slowHook);
    expect(row).toMatchObject({
      status: 'retrying',
      attempts: 1,
      response_code: null,
      error: 'timed out after 1000 ms',
    });
    expect(row?.duration_ms).toBeGreaterThanOrEqual(990);
    expect(row?.duration_ms).toBeLessThan(5000);
  });

  it('refuses a private address at delivery time unless the subscription allows it', async () => {
    const r = await listen(() => 200);
    const { row: hook } = await subscribe(r.url);
    // As if the name's address had changed to a private one since the check at creation.
    await updateWebhook(store.db, orgId, hook.id, { allow_private: 0 });
    const d = dispatcher();
    await d.emit({ orgId, event: 'deal.won', data: {} });
    await d.idle();
    const [row] = await deliveries(hook);
    expect(row).toMatchObject({ status: 'retrying', response_code: null });
    expect(row?.error).toMatch(/^refused: 127\.0\.0\.1 is a loopback address/);
    expect(r.received).toHaveLength(0);
  });

  it('disables a subscription after deliveries given up on in a row, and tells once', async () => {
    const r = await listen(() => 500);
    const { row: hook } = await subscribe(r.url, ['deal.won'], 'Flaky');
    const disabled: { orgId: number; id: number; name: string; reason: string }[] = [];
    const d = dispatcher({
      retryDelaysMs: [],
      maxGivenUp: 3,
      onDisabled: (org, webhook) => disabled.push({ orgId: org, ...webhook }),
    });
    for (let i = 0; i < 4; i++) {
      await d.emit({ orgId, event: 'deal.won', data: { n: i } });
      await d.idle();
    }
    const after = await findWebhook(store.db, orgId, hook.id);
    expect(after).toMatchObject({
      enabled: 0,
      disabled_reason: '3 deliveries in a row failed after every retry',
    });
    expect(disabled).toEqual([
      { orgId, id: hook.id, name: 'Flaky', reason: '3 deliveries in a row failed after every retry' },
    ]);
    // The fourth event found it disabled: no delivery for it.
    expect(await deliveries(hook)).toHaveLength(3);
    expect(r.received).toHaveLength(3);
  });

  it('disables a subscription that has only failed for three days', async () => {
    const r = await listen(() => 502);
    const { row: hook } = await subscribe(r.url, ['deal.won'], 'Down for days');
    const disabled: string[] = [];
    // A short timeout: the poll below also retries what earlier tests left waiting (a hanging receiver).
    const d = dispatcher({
      retryDelaysMs: [1000],
      timeoutMs: 300,
      onDisabled: (_org, w) => disabled.push(w.reason),
    });
    const start = clock.now;
    await d.emit({ orgId, event: 'deal.won', data: {} });
    await d.idle();
    clock.now = start + 3 * 24 * 60 * 60 * 1000 - 1;
    await d.emit({ orgId, event: 'deal.won', data: {} });
    await d.idle();
    expect((await findWebhook(store.db, orgId, hook.id))?.enabled).toBe(1);
    clock.now = start + 3 * 24 * 60 * 60 * 1000;
    await d.emit({ orgId, event: 'deal.won', data: {} });
    await d.idle();
    expect(disabled).toEqual(['every delivery failed for 3 days']);
    // Waiting retries of a disabled subscription are closed without a request.
    const sent = r.received.length;
    clock.now += 10_000;
    await d.deliverDue();
    expect(r.received).toHaveLength(sent);
    const rows = await deliveries(hook);
    expect(rows.every((row) => row.status === 'failed')).toBe(true);
    expect(rows.some((row) => row.error?.startsWith('not sent: the subscription is disabled'))).toBe(true);
  });

  it('sends after a restart what was waiting when the server stopped', async () => {
    let up = false;
    const r = await listen(() => (up ? 200 : 'hang'));
    const { row: hook } = await subscribe(r.url);
    const first = dispatcher({ timeoutMs: 5000 });
    const start = clock.now;
    await first.emit({ orgId, event: 'deal.won', data: { survives: true } });
    await until(async () => r.received.length === 1);
    await first.stop();
    let [row] = await deliveries(hook);
    // Stopping cancelled the try: not counted, still pending, claimed until the lease ends.
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    up = true;
    const second = dispatcher({ timeoutMs: 5000 });
    expect(await second.deliverDue()).toBe(0);
    clock.now = start + 5000 + 60_000;
    expect(await second.deliverDue()).toBe(1);
    [row] = await deliveries(hook);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, response_code: 200 });
    expect(JSON.parse(r.received[1]?.body ?? '{}').data).toEqual({ survives: true });
  });

  it('has reported no error of its own', () => {
    expect(errors).toEqual([]);
  });
});
