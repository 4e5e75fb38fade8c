import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { TokenItem } from '../core/contracts/access.ts';

interface AuditPage {
  entries: {
    id: number;
    at: string;
    actorUserId: string | null;
    actorEmail: string | null;
    actorVia: string;
    ip: string | null;
    kind: string;
    action: string;
    subject: string | null;
    summary: string;
    before: unknown;
    after: unknown;
  }[];
  next: number | null;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(DIALECTS)('/api/v1/tokens and /api/v1/audit on %s', (dialect) => {
  let t: TestApp;
  let rep: TestPerson;
  let viewer: TestPerson;
  let manager: TestPerson;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await t.org();
    rep = await addTestPerson(t.store, org, 'rep', { repId: 'R01' });
    viewer = await addTestPerson(t.store, org, 'viewer', { scope: 'read' });
    manager = await addTestPerson(t.store, org, 'manager', { teams: ['Jakarta'] });
  });
  afterAll(() => t.dispose());

  let address = 0;
  // Each from an address of its own: token creation is rate-limited per client address.
  const create = (headers: Record<string, string> | undefined, payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      remoteAddress: `10.0.${++address}.1`,
      ...(headers ? { headers } : {}),
      payload,
    });
  const audit = (query: string) => t.getJson<AuditPage>(`/api/v1/audit?${query}`);

  it('creates a token shown once, that works as a bearer token, listed without its secret, audited', async () => {
    const before = Date.now();
    const created = await create(undefined, { name: 'Nightly export', scope: 'admin', expiresInDays: 30 });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const { token, item } = created.json<{ token: string; item: TokenItem }>();
    expect(token).toMatch(/^udn_pat_[A-Za-z0-9]{40}$/);
    expect(item).toMatchObject({
      name: 'Nightly export',
      scope: 'admin',
      prefix: token.slice(0, 12),
      lastUsedAt: null,
      revokedAt: null,
      userId: t.owner.user.id,
      userEmail: t.owner.user.email,
    });
    const expires = Date.parse(item.expiresAt!);
    expect(expires - before).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);

    const org = await t.app.inject({ url: '/api/v1/org', headers: bearer(token) });
    expect(org.statusCode, org.body).toBe(200);

    const list = await t.app.inject({ url: '/api/v1/tokens' });
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain(token.slice(12));
    const mine = list.json<{ tokens: TokenItem[] }>().tokens;
    expect(mine.map((x) => x.name)).toContain('Nightly export');
    expect(mine.every((x) => x.userId === t.owner.user.id)).toBe(true);
    expect(mine.find((x) => x.id === item.id)!.lastUsedAt).not.toBeNull();

    const entries = (await audit('kind=token')).entries;
    expect(entries[0]).toMatchObject({
      kind: 'token',
      action: 'created',
      subject: String(item.id),
      actorUserId: t.owner.user.id,
      actorEmail: t.owner.user.email,
      actorVia: 'token',
      after: { name: 'Nightly export', scope: 'admin', prefix: item.prefix },
    });
    expect(JSON.stringify(entries)).not.toContain(token);
  });

  it('never makes a token above the role, nor above the token that asks', async () => {
    expect((await create(rep.headers, { name: 'x', scope: 'admin', expiresInDays: null })).statusCode).toBe(
      403,
    );
    expect(
      (await create(manager.headers, { name: 'x', scope: 'admin', expiresInDays: null })).statusCode,
    ).toBe(403);
    expect(
      (await create(rep.headers, { name: 'rep script', scope: 'write', expiresInDays: null })).statusCode,
    ).toBe(201);
    // A viewer's token is read: it changes nothing, not even its own tokens (the route guard).
    expect((await create(viewer.headers, { name: 'x', scope: 'read', expiresInDays: null })).statusCode).toBe(
      403,
    );
    const ownerWrite = await create(undefined, { name: 'owner write', scope: 'write', expiresInDays: null });
    const writeToken = ownerWrite.json<{ token: string }>().token;
    const wider = await create(bearer(writeToken), { name: 'wider', scope: 'admin', expiresInDays: null });
    expect(wider.statusCode, wider.body).toBe(403);
    expect(wider.json()).toMatchObject({ error: 'forbidden', params: { reason: 'scope_above_token' } });
    const refused = await create(rep.headers, { name: 'x', scope: 'admin', expiresInDays: null });
    expect(refused.json()).toMatchObject({ error: 'forbidden', params: { reason: 'scope_above_role' } });
  });

  it('names the field of a bad request', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '  ', scope: 'read', expiresInDays: null }, 'name'],
      [{ name: 'x'.repeat(101), scope: 'read', expiresInDays: null }, 'name'],
      [{ name: 'ok', scope: 'root', expiresInDays: null }, 'scope'],
      [{ name: 'ok', scope: 'read', expiresInDays: 0 }, 'expiresInDays'],
      [{ name: 'ok', scope: 'read', expiresInDays: 3651 }, 'expiresInDays'],
      [{ name: 'ok', scope: 'read', expiresInDays: 1.5 }, 'expiresInDays'],
    ];
    const count = (await t.getJson<{ tokens: TokenItem[] }>('/api/v1/tokens?all=true')).tokens.length;
    for (const [payload, field] of cases) {
      const response = await create(undefined, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json<{ field: string }>().field).toBe(field);
    }
    expect(
      (await create(undefined, { name: 'x'.repeat(100), scope: 'read', expiresInDays: 3650 })).statusCode,
    ).toBe(201);
    expect((await t.getJson<{ tokens: TokenItem[] }>('/api/v1/tokens?all=true')).tokens.length).toBe(
      count + 1,
    );
  });

  it('revokes at once: own tokens for members, anyone in the organisation for admins', async () => {
    const made = await create(rep.headers, { name: 'to revoke', scope: 'read', expiresInDays: null });
    const { token, item } = made.json<{ token: string; item: TokenItem }>();
    expect((await t.app.inject({ url: '/api/v1/org', headers: bearer(token) })).statusCode).toBe(200);

    // Another member's token is not found for a rep; the owner's list of everyone has it.
    const manager404 = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${item.id}`,
      headers: manager.headers,
    });
    expect(manager404.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/tokens?all=true', headers: rep.headers })).statusCode).toBe(
      403,
    );
    const all = await t.getJson<{ tokens: TokenItem[] }>('/api/v1/tokens?all=true');
    expect(all.tokens.find((x) => x.id === item.id)).toMatchObject({
      userEmail: rep.user.email,
      revokedAt: null,
    });

    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${item.id}`,
      headers: rep.headers,
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json<TokenItem>().revokedAt).not.toBeNull();
    const after = await t.app.inject({ url: '/api/v1/org', headers: bearer(token) });
    expect(after.statusCode).toBe(401);

    // An admin revokes a member's token; revoking again changes nothing and records nothing.
    const other = (
      await create(rep.headers, { name: 'admin revokes', scope: 'write', expiresInDays: null })
    ).json<{
      item: TokenItem;
    }>().item;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${other.id}` })).statusCode).toBe(
      200,
    );
    const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${other.id}` });
    expect(again.statusCode).toBe(200);
    const revocations = (await audit('kind=token')).entries.filter((e) => e.action === 'revoked');
    expect(revocations.map((e) => [e.subject, e.actorEmail])).toEqual([
      [String(other.id), t.owner.user.email],
      [String(item.id), rep.user.email],
    ]);
    expect(await audit('kind=token')).not.toMatchObject({ entries: [{ action: 'deleted' }] });
  });

  it('filters the audit log by person, kind and time and pages it by key', async () => {
    const byEmail = await audit(`actor=${encodeURIComponent(rep.user.email.toUpperCase())}&kind=token`);
    expect(byEmail.entries.length).toBeGreaterThanOrEqual(3);
    expect(byEmail.entries.every((e) => e.actorEmail === rep.user.email)).toBe(true);
    const byId = await audit(`actor=${rep.user.id}&kind=token`);
    expect(byId.entries.map((e) => e.id)).toEqual(byEmail.entries.map((e) => e.id));

    const all = await audit('kind=token&limit=200');
    const pages: number[] = [];
    let before: number | null = null;
    do {
      const page: AuditPage = await audit(`kind=token&limit=2${before === null ? '' : `&before=${before}`}`);
      expect(page.entries.length).toBeLessThanOrEqual(2);
      pages.push(...page.entries.map((e) => e.id));
      before = page.next;
    } while (before !== null);
    expect(pages).toEqual(all.entries.map((e) => e.id));

    const middle = all.entries[Math.floor(all.entries.length / 2)]!;
    const from = await audit(`kind=token&from=${encodeURIComponent(middle.at)}`);
    expect(from.entries.every((e) => Date.parse(e.at) >= Date.parse(middle.at))).toBe(true);
    expect(from.entries.map((e) => e.id)).toContain(middle.id);
    const to = await audit(`kind=token&to=${encodeURIComponent(middle.at)}`);
    expect(to.entries.every((e) => Date.parse(e.at) < Date.parse(middle.at))).toBe(true);
    expect((await audit('from=2099-01-01T00:00:00Z')).entries).toEqual([]);

    for (const [query, field] of [
      ['from=yesterday', 'from'],
      ['limit=201', 'limit'],
      ['kind=everything', 'kind'],
    ]) {
      const response = await t.app.inject({ url: `/api/v1/audit?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json<{ field?: string }>().field ?? response.body, query).toContain(field);
    }
  });

  it('records refused requests, once per address and route in ten seconds', async () => {
    const count = async () =>
      (await audit('kind=access_refused&limit=200')).entries.filter((e) => e.subject === 'GET /api/v1/audit');
    const start = (await count()).length;
    for (let i = 0; i < 5; i++) {
      expect((await t.app.inject({ url: '/api/v1/audit', headers: rep.headers })).statusCode).toBe(403);
    }
    // The refusal is written in the response's onResponse hook, after inject has its answer.
    await expect.poll(async () => (await count()).length).toBe(start + 1);
    const refused = await count();
    expect(refused.length).toBe(start + 1);
    expect(refused[0]).toMatchObject({
      action: 'forbidden',
      actorEmail: rep.user.email,
      actorVia: 'token',
      ip: '127.0.0.1',
    });
    expect(refused[0]!.summary).toContain('403 GET /api/v1/audit');
    // A revoked or unknown token is refused with 401; the entry belongs to no organisation.
    const unknown = await t.app.inject({ url: '/api/v1/org', headers: bearer('udn_pat_nothing') });
    expect(unknown.statusCode).toBe(401);
    const orgless = await t.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('kind', '=', 'access_refused')
      .where('org_id', 'is', null)
      .execute();
    expect(orgless.map((e) => [e.action, e.subject, e.actor_via])).toContainEqual([
      'unauthorized',
      'GET /api/v1/org',
      'anonymous',
    ]);
  });

  it('records a write its route did not audit, once', async () => {
    const goal = await t.app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      payload: { name: 'Audit me', start_date: '2026-04-01', due_date: '2026-04-30' },
    });
    expect(goal.statusCode, goal.body).toBe(201);
    const entries = (await audit('kind=goal')).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorEmail: t.owner.user.email, actorVia: 'token' });
  });
});
