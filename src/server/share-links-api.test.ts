import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError, Dashboard } from '../core/contracts/api.ts';
import type { ShareInfo, ShareLink, ShareLinkCreated, ShareLinkList } from '../core/contracts/share-links.ts';
import { hashSecret } from '../services/access/secrets.ts';
import { redactShareSecret } from './access/share-link.ts';

/** A share link's request: its secret and no one's bearer token (the test app signs in as the owner). */
const asLink = (secret: string) => ({ authorization: '', 'x-udn-share': secret });
const secretOf = (created: ShareLinkCreated) => created.url.replace(/^\/tv\//, '');

describe('a share secret in a URL, for the log', () => {
  it('is cut to its prefix wherever it travels', () => {
    const secret = `udn_tv_${'a1'.repeat(20)}`;
    expect(redactShareSecret(`/tv/${secret}`)).toBe('/tv/udn_tv_…');
    expect(redactShareSecret(`/api/v1/events?share=${secret}`)).toBe('/api/v1/events?share=udn_tv_…');
    expect(redactShareSecret(`/api/v1/events?x=1&share=${secret}&y=2`)).toBe(
      '/api/v1/events?x=1&share=udn_tv_…&y=2',
    );
    expect(redactShareSecret('/api/v1/kpis?period=2026-Q1')).toBe('/api/v1/kpis?period=2026-Q1');
  });
});

describe.each(DIALECTS)('share links on %s', (dialect) => {
  let t: TestApp;
  let shown: Dashboard;
  let other: Dashboard;
  let manager: TestPerson;
  let rep: TestPerson;
  let viewer: TestPerson;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    shown = (await t.getJson<Dashboard[]>('/api/v1/dashboards'))[0]!;
    other = (
      await t.app.inject({ method: 'POST', url: '/api/v1/dashboards', payload: { name: 'Not on the TV' } })
    ).json<Dashboard>();
    const org = await t.org();
    manager = await addTestPerson(t.store, org, 'manager', { teams: ['Jakarta'] });
    rep = await addTestPerson(t.store, org, 'rep', { repId: 'R01' });
    viewer = await addTestPerson(t.store, org, 'viewer', { scope: 'read' });
  });
  afterAll(() => t.dispose());

  const create = async (
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: ShareLinkCreated & ApiError }> => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/share-links',
      payload: body,
      headers,
    });
    return { status: response.statusCode, body: response.json() };
  };
  const makeLink = async (name = 'Office TV', extra: Record<string, unknown> = {}) => {
    const created = await create({
      name,
      dashboardIds: [shown.id],
      rotateSeconds: 20,
      expiresAt: null,
      ...extra,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const getAs = (url: string, secret: string) => t.app.inject({ url, headers: asLink(secret) });

  it('creates a link whose secret reads the shared aggregates, and nothing else', async () => {
    const created = await makeLink();
    expect(created.url).toMatch(/^\/tv\/udn_tv_[A-Za-z0-9]{40}$/);
    const secret = secretOf(created);
    expect(created.link).toMatchObject({
      name: 'Office TV',
      prefix: secret.slice(0, 'udn_tv_'.length + 4),
      dashboardIds: [shown.id],
      rotateSeconds: 20,
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
      createdBy: t.owner.user.id,
      createdByName: t.owner.user.name,
    });

    // What the owner reads, the link reads alike.
    const ownersKpis = await t.getJson<Record<string, unknown>>('/api/v1/kpis?period=2026-Q1');
    const kpis = await getAs('/api/v1/kpis?period=2026-Q1', secret);
    expect(kpis.statusCode, kpis.body).toBe(200);
    expect(kpis.json<{ org: unknown }>().org).toEqual(ownersKpis.org);
    for (const url of [
      '/api/v1/org',
      '/api/v1/definitions',
      '/api/v1/teams',
      `/api/v1/dashboards/${shown.id}`,
    ]) {
      const response = await getAs(url, secret);
      expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(200);
    }
    expect((await getAs(`/api/v1/dashboards/${shown.id}`, secret)).json<Dashboard>().widgets).toEqual(
      shown.widgets,
    );
    const info = await getAs('/api/v1/share', secret);
    expect(info.json<ShareInfo>()).toEqual({
      name: 'Office TV',
      orgName: (await t.org()).name,
      dashboardIds: [shown.id],
      rotateSeconds: 20,
    });

    // Another dashboard, a write, records and every list are refused.
    const refused: [string, string][] = [
      ['GET', `/api/v1/dashboards/${other.id}`],
      ['GET', '/api/v1/dashboards'],
      ['GET', '/api/v1/drilldown?metric=revenue&period=2026-Q1'],
      ['GET', '/api/v1/reps'],
      ['GET', '/api/v1/goals'],
      ['GET', '/api/v1/share-links'],
      ['POST', '/api/v1/dashboards'],
      ['PATCH', `/api/v1/dashboards/${shown.id}`],
      ['DELETE', `/api/v1/dashboards/${shown.id}`],
      ['POST', '/api/v1/share-links'],
    ];
    for (const [method, url] of refused) {
      const response = await t.app.inject({
        method: method as 'GET',
        url,
        headers: asLink(secret),
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: { name: 'x', version: 1 } }),
      });
      expect(response.statusCode, `${method} ${url}: ${response.body.slice(0, 200)}`).toBe(403);
      expect(response.json<ApiError>().error).toBe('forbidden');
    }
    // The dashboard the link does not name is not changed, nor is the one it names.
    expect(await t.getJson<Dashboard>(`/api/v1/dashboards/${shown.id}`)).toEqual(shown);
  });

  it('answers with no-index and no-referrer headers, refusals included', async () => {
    const secret = secretOf(await makeLink('Headers'));
    for (const [url, status] of [
      ['/api/v1/org', 200],
      [`/api/v1/dashboards/${other.id}`, 403],
    ] as const) {
      const response = await getAs(url, secret);
      expect(response.statusCode).toBe(status);
      expect(response.headers['x-robots-tag']).toBe('noindex, nofollow');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
    const wrong = await getAs('/api/v1/org', `udn_tv_${'x'.repeat(40)}`);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(wrong.headers['referrer-policy']).toBe('no-referrer');
    // The kiosk's page, whose address holds the secret.
    const page = await t.app.inject({ url: `/tv/${secret}`, headers: { authorization: '' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    // A member's own requests keep the app's policy.
    expect((await t.app.inject({ url: '/goals' })).headers['referrer-policy']).toBe('same-origin');
    expect((await t.app.inject({ url: '/api/v1/org' })).headers['x-robots-tag']).toBeUndefined();
  });

  it('is refused at once when revoked, when expired, and when the secret is wrong', async () => {
    const created = await makeLink('Revoked soon');
    const secret = secretOf(created);
    expect((await getAs('/api/v1/kpis?period=2026-Q1', secret)).statusCode).toBe(200);

    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/share-links/${created.link.id}` });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json<ShareLink>().revokedAt).not.toBeNull();
    for (const url of ['/api/v1/kpis?period=2026-Q1', '/api/v1/org', '/api/v1/share']) {
      const response = await getAs(url, secret);
      expect(response.statusCode, url).toBe(401);
      expect(response.json<ApiError>().error).toBe('unauthorized');
    }
    // Revoking again changes nothing.
    const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/share-links/${created.link.id}` });
    expect(again.json<ShareLink>().revokedAt).toBe(revoked.json<ShareLink>().revokedAt);

    // Expired: a link made to expire a moment from now stops at that moment.
    const soon = new Date(Date.now() + 1500).toISOString();
    const expiring = await makeLink('Expiring', { expiresAt: soon });
    expect(expiring.link.expiresAt).toBe(soon);
    const expiringSecret = secretOf(expiring);
    expect((await getAs('/api/v1/org', expiringSecret)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await getAs('/api/v1/org', expiringSecret)).statusCode).toBe(401);

    for (const wrong of [`udn_tv_${'A'.repeat(40)}`, 'udn_pat_nope', secret.slice(0, -1), `${secret}x`]) {
      expect((await getAs('/api/v1/org', wrong)).statusCode, wrong).toBe(401);
    }
  });

  it('keeps only a hash of the secret, and never lists a secret', async () => {
    const created = await makeLink('Stored');
    const secret = secretOf(created);
    const row = await t.store.db
      .selectFrom('share_links')
      .selectAll()
      .where('id', '=', created.link.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret.slice('udn_tv_'.length));
    expect(row.token_hash).toBe(hashSecret(secret));
    expect(row.prefix).toBe(secret.slice(0, 11));

    const list = await t.app.inject({ url: '/api/v1/share-links' });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret.slice('udn_tv_'.length));
    const links = list.json<ShareLinkList>().links;
    expect(links.find((link) => link.id === created.link.id)).toEqual(created.link);
    for (const link of links) expect(Object.keys(link)).not.toContain('secret');
  });

  it('writes no last-used time while it answers a request (that is written in the background)', async () => {
    const created = await makeLink('Touched');
    expect((await getAs('/api/v1/org', secretOf(created))).statusCode).toBe(200);
    const row = await t.store.db
      .selectFrom('share_links')
      .select('last_used_at')
      .where('id', '=', created.link.id)
      .executeTakeFirstOrThrow();
    expect(row.last_used_at).toBeNull();
  });

  it('refuses bad input, naming the field, and changes nothing', async () => {
    const before = await t.getJson<ShareLinkList>('/api/v1/share-links');
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '', dashboardIds: [shown.id], rotateSeconds: 20, expiresAt: null }, 'name'],
      [{ name: 'TV', dashboardIds: [], rotateSeconds: 20, expiresAt: null }, 'dashboardIds'],
      [{ name: 'TV', dashboardIds: [999_999], rotateSeconds: 20, expiresAt: null }, 'dashboardIds.0'],
      [
        { name: 'TV', dashboardIds: [shown.id, shown.id], rotateSeconds: 20, expiresAt: null },
        'dashboardIds.1',
      ],
      [{ name: 'TV', dashboardIds: [shown.id], rotateSeconds: 2, expiresAt: null }, 'rotateSeconds'],
      [{ name: 'TV', dashboardIds: [shown.id], rotateSeconds: 20, expiresAt: 'tomorrow' }, 'expiresAt'],
      [
        { name: 'TV', dashboardIds: [shown.id], rotateSeconds: 20, expiresAt: '2020-01-01T00:00:00Z' },
        'expiresAt',
      ],
    ];
    for (const [body, field] of cases) {
      const response = await create(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.field, JSON.stringify(response.body)).toBe(field);
    }
    expect(await t.getJson<ShareLinkList>('/api/v1/share-links')).toEqual(before);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/share-links/999999' })).statusCode).toBe(
      404,
    );
  });

  it('is made by those who edit dashboards; each sees and revokes their own, admins all', async () => {
    // The default dashboard is the admins' to change: a manager publishes it once given edit.
    const notYet = await create(
      { name: 'Jakarta TV', dashboardIds: [shown.id], rotateSeconds: 15, expiresAt: null },
      manager.headers,
    );
    expect(notYet.status).toBe(403);
    const shared = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/dashboards/${shown.id}/shares`,
      payload: { shares: [{ scope: `user:${manager.user.id}`, canEdit: true }] },
    });
    expect(shared.statusCode, shared.body).toBe(200);
    const byManager = await create(
      { name: 'Jakarta TV', dashboardIds: [shown.id], rotateSeconds: 15, expiresAt: null },
      manager.headers,
    );
    expect(byManager.status).toBe(201);
    for (const person of [rep, viewer]) {
      const refused = await create(
        { name: 'Mine', dashboardIds: [shown.id], rotateSeconds: 15, expiresAt: null },
        person.headers,
      );
      expect(refused.status, person.role).toBe(403);
    }
    const managers = await t.app.inject({ url: '/api/v1/share-links', headers: manager.headers });
    expect(managers.json<ShareLinkList>().links.map((link) => link.name)).toEqual(['Jakarta TV']);
    const owners = await t.getJson<ShareLinkList>('/api/v1/share-links');
    expect(owners.links.map((link) => link.name)).toContain('Jakarta TV');
    expect(owners.links.length).toBeGreaterThan(1);

    const ownersLink = owners.links.find((link) => link.createdBy === t.owner.user.id)!;
    const notTheirs = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/share-links/${ownersLink.id}`,
      headers: manager.headers,
    });
    expect(notTheirs.statusCode).toBe(403);
    const own = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/share-links/${byManager.body.link.id}`,
      headers: manager.headers,
    });
    expect(own.statusCode).toBe(200);
  });

  it('records creation and revocation in the audit log, without the secret', async () => {
    const created = await makeLink('Audited');
    await t.app.inject({ method: 'DELETE', url: `/api/v1/share-links/${created.link.id}` });
    const entries = await t.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('kind', '=', 'share_link')
      .where('subject', '=', String(created.link.id))
      .orderBy('id')
      .execute();
    expect(entries.map((entry) => [entry.action, entry.actor_user_id, entry.actor_via])).toEqual([
      ['created', t.owner.user.id, 'token'],
      ['revoked', t.owner.user.id, 'token'],
    ]);
    expect(entries[0]!.summary).toContain('Audited');
    expect(JSON.stringify(entries)).not.toContain(secretOf(created).slice('udn_tv_'.length));
  });

  it('streams live events with ?share= (and nowhere else), ended when the link is revoked', async () => {
    const created = await makeLink('Streaming');
    const secret = secretOf(created);
    // The query carries a secret only to the event stream.
    const elsewhere = await t.app.inject({
      url: `/api/v1/org?share=${secret}`,
      headers: { authorization: '' },
    });
    expect(elsewhere.statusCode).toBe(401);

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const response = await fetch(`${base}/api/v1/events?share=${secret}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (done: (text: string) => boolean) => {
      for (;;) {
        if (done(text)) return;
        const chunk = await reader.read();
        if (chunk.done) return;
        text += decoder.decode(chunk.value, { stream: true });
      }
    };
    await readUntil((seen) => seen.includes(': connected'));

    // A save of another dashboard is not the TV's business; a save of its own reaches it.
    const otherSaved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/dashboards/${other.id}`,
      payload: { name: 'Renamed', version: other.version },
    });
    expect(otherSaved.statusCode).toBe(200);
    const current = await t.getJson<Dashboard>(`/api/v1/dashboards/${shown.id}`);
    const saved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/dashboards/${shown.id}`,
      payload: { name: 'On the TV', version: current.version },
    });
    expect(saved.statusCode).toBe(200);
    await readUntil((seen) => seen.includes('dashboard-changed'));
    expect(text).toContain(`"dashboardId":${shown.id}`);
    expect(text).not.toContain(`"dashboardId":${other.id}`);

    // Revoked: the stream ends, and reconnecting is refused.
    await t.app.inject({ method: 'DELETE', url: `/api/v1/share-links/${created.link.id}` });
    const ended = await Promise.race([
      readUntil(() => false).then(() => 'ended'),
      new Promise((resolve) => setTimeout(() => resolve('still open'), 3000)),
    ]);
    expect(ended).toBe('ended');
    expect((await fetch(`${base}/api/v1/events?share=${secret}`)).status).toBe(401);
    // Without a credential the stream is refused.
    expect((await fetch(`${base}/api/v1/events`)).status).toBe(401);
  });
});
