import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import { multipartOf } from '../../test/support/upload-client.ts';
import type {
  WebhookDeliveryItem,
  WebhookItem,
  WebhookPayload,
  WebhookWithSecret,
} from '../core/contracts/webhooks.ts';
import { verifySignature } from '../services/webhooks/webhook-signature.ts';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One local receiver: /ok answers 200, /broken 500 (until fixed), /hang never answers. */
function receiver() {
  const received: Received[] = [];
  const state = { brokenFixed: false };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (request.url === '/hang') return;
      if (request.url === '/broken' && !state.brokenFixed) {
        response.writeHead(500).end('database on fire');
        return;
      }
      response.writeHead(200).end('thanks');
    });
  });
  return {
    received,
    state,
    base: '',
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const until = async (what: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const nowS = () => Math.floor(Date.now() / 1000);

describe.each(DIALECTS)('webhooks API on %s', (dialect) => {
  let t: TestApp;
  const r = receiver();

  beforeAll(async () => {
    await r.start();
    t = await createTestApp(dialect, {
      logger: { level: 'warn' },
      webhooks: { timeoutMs: 500, retryDelaysMs: [60_000] },
    });
  });
  afterAll(async () => {
    await t.dispose();
    await r.stop();
  });

  const post = (url: string, payload?: Record<string, unknown>) =>
    t.app.inject(payload === undefined ? { method: 'POST', url } : { method: 'POST', url, payload });
  const create = async (body: Record<string, unknown>) => {
    const response = await post('/api/v1/webhooks', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<WebhookWithSecret>();
  };

  it('refuses a loopback URL without allowPrivate, naming url, and writes nothing', async () => {
    const refused = await post('/api/v1/webhooks', {
      name: 'Local',
      url: `${r.base}/ok`,
      events: ['deal.won'],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      field: 'url',
      message: expect.stringContaining('127.0.0.1 is a loopback address'),
    });
    const metadata = await post('/api/v1/webhooks', {
      name: 'Metadata',
      url: 'http://169.254.169.254/latest/meta-data/',
      events: ['deal.won'],
    });
    expect(metadata.statusCode).toBe(400);
    expect(metadata.json()).toMatchObject({ field: 'url', message: expect.stringContaining('link-local') });
    for (const [body, field] of [
      [{ name: 'x', url: 'ftp://example.com/', events: ['deal.won'] }, 'url'],
      [{ name: 'x', url: 'https://example.com/', events: [] }, 'events'],
      [{ name: 'x', url: 'https://example.com/', events: ['deal.lost'] }, 'events.0'],
      [{ name: '', url: 'https://example.com/', events: ['deal.won'] }, 'name'],
    ] as const) {
      const bad = await post('/api/v1/webhooks', body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(bad.json())).toContain(field);
    }
    expect(await t.getJson<{ webhooks: WebhookItem[] }>('/api/v1/webhooks')).toEqual({ webhooks: [] });
  });

  it('accepts it with allowPrivate; the secret is shown once; a test ping is signed as documented', async () => {
    const hook = await create({
      name: 'Local',
      url: `${r.base}/ok`,
      events: ['deal.won'],
      allowPrivate: true,
    });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(hook).toMatchObject({
      allowPrivate: true,
      enabled: true,
      secretHint: `whsec_••••${hook.secret.slice(-4)}`,
    });
    const listed = await t.getJson<{ webhooks: WebhookItem[] }>('/api/v1/webhooks');
    expect(JSON.stringify(listed)).not.toContain(hook.secret);
    expect(JSON.stringify(listed)).not.toContain(hook.secret.slice(6, 30));

    const before = r.received.length;
    const ping = await post(`/api/v1/webhooks/${hook.id}/test`);
    expect(ping.statusCode, ping.body).toBe(200);
    expect(ping.json<WebhookDeliveryItem>()).toMatchObject({
      event: 'ping',
      status: 'delivered',
      attempts: 1,
      responseCode: 200,
    });
    const got = r.received[before]!;
    expect(
      verifySignature(hook.secret, String(got.headers['udn-signature']), got.body, nowS()),
    ).toMatchObject({ ok: true });
    expect(got.headers['udn-event']).toBe('ping');
    expect(JSON.parse(got.body)).toMatchObject({
      event: 'ping',
      data: { webhook: { id: hook.id, name: 'Local' } },
    });

    // A new secret: what the receiver had no longer verifies.
    const rotated = await post(`/api/v1/webhooks/${hook.id}/rotate-secret`);
    const { secret } = rotated.json<WebhookWithSecret>();
    expect(secret).not.toBe(hook.secret);
    await post(`/api/v1/webhooks/${hook.id}/test`);
    const again = r.received.at(-1)!;
    expect(verifySignature(secret, String(again.headers['udn-signature']), again.body, nowS()).ok).toBe(true);
    expect(verifySignature(hook.secret, String(again.headers['udn-signature']), again.body, nowS()).ok).toBe(
      false,
    );
    await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}` });
  });

  it('logs a 500 with its code and answer, and a retry once the receiver is fixed', async () => {
    const hook = await create({
      name: 'Broken',
      url: `${r.base}/broken`,
      events: ['deal.won'],
      allowPrivate: true,
    });
    const ping = (await post(`/api/v1/webhooks/${hook.id}/test`)).json<WebhookDeliveryItem>();
    expect(ping).toMatchObject({ status: 'failed', responseCode: 500, error: 'HTTP 500: database on fire' });
    const { deliveries } = await t.getJson<{ deliveries: WebhookDeliveryItem[] }>(
      `/api/v1/webhooks/${hook.id}/deliveries`,
    );
    expect(deliveries).toMatchObject([{ id: ping.id, status: 'failed', responseCode: 500, attempts: 1 }]);
    r.state.brokenFixed = true;
    const retried = await post(`/api/v1/webhooks/${hook.id}/deliveries/${ping.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json<WebhookDeliveryItem>()).toMatchObject({
      id: ping.id,
      status: 'delivered',
      attempts: 2,
      responseCode: 200,
      error: null,
    });
    const item = await t.getJson<WebhookItem>(`/api/v1/webhooks/${hook.id}`);
    expect(item.lastDelivery).toMatchObject({ status: 'delivered', responseCode: 200 });
    expect((await post(`/api/v1/webhooks/${hook.id}/deliveries/999999/retry`)).statusCode).toBe(404);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}` });
  });

  it('records a receiver that hangs as a timeout while the server goes on answering', async () => {
    const hook = await create({
      name: 'Hangs',
      url: `${r.base}/hang`,
      events: ['deal.won'],
      allowPrivate: true,
    });
    let pingEnded = false;
    const pinging = post(`/api/v1/webhooks/${hook.id}/test`).finally(() => {
      pingEnded = true;
    });
    await until(() => r.received.some((x) => x.path === '/hang'));
    // Other requests are answered while the delivery waits for the receiver.
    expect((await t.app.inject({ url: '/api/v1/org' })).statusCode).toBe(200);
    expect(pingEnded).toBe(false);
    const ping = (await pinging).json<WebhookDeliveryItem>();
    expect(ping).toMatchObject({ status: 'failed', responseCode: null, error: 'timed out after 500 ms' });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}` });
  });

  it('turning allowPrivate off on a loopback URL is refused, naming url', async () => {
    const hook = await create({
      name: 'Local',
      url: `${r.base}/ok`,
      events: ['deal.won'],
      allowPrivate: true,
    });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${hook.id}`,
      payload: { allowPrivate: false },
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json()).toMatchObject({ field: 'url' });
    expect((await t.getJson<WebhookItem>(`/api/v1/webhooks/${hook.id}`)).allowPrivate).toBe(true);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}` });
    expect((await t.app.inject({ url: `/api/v1/webhooks/${hook.id}` })).statusCode).toBe(404);
  });

  it('sends import.finished after an upload through the API, and deal.won once per deal it wins', {
    timeout: 90_000,
  }, async () => {
    const hook = await create({
      name: 'CRM',
      url: `${r.base}/ok`,
      events: ['import.finished', 'deal.won'],
      allowPrivate: true,
    });
    const mine = () =>
      r.received
        .filter((x) => x.path === '/ok' && x.headers['udn-event'] !== 'ping')
        .map((x) => ({ ...x, payload: JSON.parse(x.body) as WebhookPayload }));
    // A new won deal, and an open deal (D00006, USD 2,618.72) now won.
    const csv =
      'id,name,owner_rep_id,account_id,lead_id,created_at,closed_at,status,amount,currency,units,stage\n' +
      'D90001,Hook deal,R01,A0011,,2026-03-01,2026-03-20,won,1250.50,,3,Closed Won\n' +
      'D00006,Deal 6,R05,A0001,L00305,2025-09-03T18:46:30Z,2026-03-21,won,2618.72,USD,1,Closed Won\n';
    const form = await multipartOf({ 'deals.csv': csv });
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      payload: form.body,
      headers: { 'content-type': form.contentType },
    });
    expect(started.statusCode, started.body).toBe(202);
    const importId = started.json<{ id: number }>().id;
    // The first upload also starts the import thread (seconds from the sources).
    await until(
      () =>
        mine().filter((x) => x.payload.event === 'deal.won').length >= 2 &&
        mine().some((x) => x.payload.event === 'import.finished'),
      40_000,
    );
    const finished = mine().find((x) => x.payload.event === 'import.finished')!;
    expect(
      verifySignature(hook.secret, String(finished.headers['udn-signature']), finished.body, nowS()).ok,
    ).toBe(true);
    expect(finished.payload.data).toMatchObject({
      import: {
        id: importId,
        status: 'succeeded',
        changed: true,
        errorCount: 0,
        files: [{ file: 'deals.csv', rows: 2, inserted: 1, updated: 1, unchanged: 0, removed: 0 }],
      },
    });
    const wins = mine()
      .filter((x) => x.payload.event === 'deal.won')
      .map((x) => x.payload.data.deal as Record<string, unknown>)
      .sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(wins).toEqual([
      expect.objectContaining({
        id: 'D00006',
        name: 'Deal 6',
        amount: 2618.72,
        currency: 'USD',
        units: 1,
        importId,
        owner: { id: 'R05', name: 'Rep 5' },
      }),
      expect.objectContaining({
        id: 'D90001',
        name: 'Hook deal',
        amount: 1250.5,
        units: 3,
        importId,
        owner: { id: 'R01', name: 'Rep 1' },
      }),
    ]);
    // The same deals again (one renamed): an import, but no deal is won a second time.
    const count = mine().length;
    const second = await multipartOf({ 'deals.csv': csv.replace('Hook deal', 'Hook deal renamed') });
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      payload: second.body,
      headers: { 'content-type': second.contentType },
    });
    expect(again.statusCode).toBe(202);
    await until(() => mine().length > count, 40_000);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(
      mine()
        .slice(count)
        .map((x) => x.payload.event),
    ).toEqual(['import.finished']);
    const { deliveries } = await t.getJson<{ deliveries: WebhookDeliveryItem[] }>(
      `/api/v1/webhooks/${hook.id}/deliveries`,
    );
    expect(deliveries.map((d) => d.status)).toEqual(deliveries.map(() => 'delivered'));
    expect(deliveries).toHaveLength(4);
  });

  it('sends goal.changed for goal writes and target.status_changed when an upload makes a target achieved', {
    timeout: 90_000,
  }, async () => {
    const hook = await create({
      name: 'Goals',
      url: `${r.base}/goals`,
      events: ['goal.changed', 'target.status_changed'],
      allowPrivate: true,
    });
    let goalId = 0;
    // Events of this goal only (quota goals are made from targets.csv when goals are first read).
    const events = () =>
      r.received
        .filter((x) => x.path === '/goals')
        .map((x) => JSON.parse(x.body) as WebhookPayload)
        .filter((e) => (e.data.goal as { id: number }).id === goalId);
    // January 2026 is over: a revenue target above what was won then is missed.
    const created = await post('/api/v1/goals', {
      name: 'January revenue',
      start_date: '2026-01-01',
      due_date: '2026-01-31',
      targets: [{ name: 'Revenue', kind: 'kpi', metric: 'revenue', scope: 'org', target_value: 1e12 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const goal = created.json<{
      id: number;
      targets: { id: number; current_value: number; status: string }[];
    }>();
    goalId = goal.id;
    const target = goal.targets[0]!;
    expect(target.status).toBe('missed');
    await until(() => events().length >= 1);
    expect(events()[0]).toMatchObject({
      event: 'goal.changed',
      data: { change: 'created', goal: { id: goal.id, name: 'January revenue' } },
    });
    // Still missed when the target is lowered to 500 above what was won: a goal change, no status change.
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/goals/${goal.id}/targets/${target.id}`,
      payload: { target_value: target.current_value + 500 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await until(() => events().length >= 2);
    expect(events()[1]).toMatchObject({
      event: 'goal.changed',
      data: { change: 'updated', goal: { id: goal.id } },
    });
    // A deal of 1,000 won in January: the target is achieved.
    const form = await multipartOf({
      'deals.csv':
        'id,name,owner_rep_id,account_id,lead_id,created_at,closed_at,status,amount,currency,units,stage\n' +
        'D90100,January win,R01,A0011,,2026-01-02,2026-01-20,won,1000,,1,Closed Won\n',
    });
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      payload: form.body,
      headers: { 'content-type': form.contentType },
    });
    expect(upload.statusCode).toBe(202);
    await until(() => events().some((e) => e.event === 'target.status_changed'), 40_000);
    const changed = events().filter((e) => e.event === 'target.status_changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]!.data).toMatchObject({
      goal: { id: goal.id, name: 'January revenue' },
      target: { id: target.id, metric: 'revenue', scope: 'org', targetValue: target.current_value + 500 },
      status: 'achieved',
      previousStatus: 'missed',
      link: `/goals?target=${target.id}`,
    });
    expect((changed[0]!.data.target as { currentValue: number }).currentValue).toBeCloseTo(
      target.current_value + 1000,
      2,
    );
    // The goals page says the same.
    const listed = await t.getJson<{ goals: { id: number; targets: { status: string }[] }[] }>(
      '/api/v1/goals',
    );
    expect(listed.goals.find((g) => g.id === goal.id)?.targets[0]?.status).toBe('achieved');
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/goals/${goal.id}` });
    expect(removed.statusCode).toBeLessThan(300);
    await until(() => events().some((e) => e.event === 'goal.changed' && e.data.change === 'deleted'));
    await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}` });
  });
});
