import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browse, CookieJar, startAuthServer } from '../../test/support/auth-server.ts';
import { addTestPerson, TEST_PASSWORD, type TestPerson } from '../../test/support/test-people.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import { createOrg } from '../db/org-repo.ts';
import { buildApp } from './app.ts';
import { resetLinkRoutes } from './routes/reset-link-routes.ts';

describe.each(DIALECTS)('POST /api/v1/members/:userId/reset-link (%s)', (dialect) => {
  let store: TestStore;
  let auth: Awaited<ReturnType<typeof startAuthServer>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let owner: TestPerson;
  let admin: TestPerson;
  let rep: TestPerson;
  let stranger: TestPerson;

  beforeAll(async () => {
    store = await createTestStore(dialect);
    auth = await startAuthServer(store, {});
    app = await buildApp({ store, webDist: null });
    // Once app.ts mounts better-auth it registers this route with its own instance (same tables).
    if (!app.udn.routes.some((route) => route.url === '/api/v1/members/:userId/reset-link'))
      await app.register(
        resetLinkRoutes(app.udn, () => auth.auth),
        { prefix: '/api/v1' },
      );
    await app.ready();
    const org = await createOrg(store.db, { name: 'Acme' }, 'acme');
    owner = await addTestPerson(store, org, 'owner');
    admin = await addTestPerson(store, org, 'admin');
    rep = await addTestPerson(store, org, 'rep');
    stranger = await addTestPerson(store, await createOrg(store.db, { name: 'Other' }, 'other'), 'rep');
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await auth?.close();
    await store?.dispose();
  });

  const makeLink = (by: TestPerson, userId: string) =>
    app.inject({ method: 'POST', url: `/api/v1/members/${userId}/reset-link`, headers: by.headers });
  const resetWith = (url: string, newPassword: string) =>
    browse(new CookieJar(), `${auth.url}/api/auth/reset-password`, {
      method: 'POST',
      body: { newPassword, token: new URL(url).searchParams.get('token') },
    });
  const signIn = async (email: string, password: string) =>
    (
      await browse(new CookieJar(), `${auth.url}/api/auth/sign-in/email`, {
        method: 'POST',
        body: { email, password },
      })
    ).response.status;

  it('gives an admin a one-time link that sets the member password, and audits it', async () => {
    const before = Date.now();
    const made = await makeLink(admin, rep.user.id);
    expect(made.statusCode, made.body).toBe(200);
    const { url, expiresAt } = made.json<{ url: string; expiresAt: string }>();
    // On the origin the admin reached the server at (inject's is localhost).
    expect(url).toMatch(/^http:\/\/localhost(:80)?\/reset-password\?token=[A-Za-z0-9]{24}$/);
    expect(Date.parse(expiresAt) - before).toBeGreaterThanOrEqual(3600_000);
    expect(Date.parse(expiresAt) - before).toBeLessThan(3600_000 + 60_000);

    expect((await resetWith(url, 'the rep chose this')).response.status).toBe(200);
    expect(await signIn(rep.user.email, 'the rep chose this')).toBe(200);
    expect(await signIn(rep.user.email, TEST_PASSWORD)).toBe(401);
    const replay = await resetWith(url, 'an attacker wants this');
    expect(replay.response.status).toBe(400);
    expect(await replay.response.json()).toMatchObject({ code: 'INVALID_TOKEN' });

    const audit = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'reset_link')
      .execute();
    expect(audit.map((a) => [a.kind, a.actor_user_id, a.subject])).toEqual([
      ['member', admin.user.id, rep.user.id],
    ]);
    expect(audit[0]?.summary).toContain(rep.user.email);
    expect(audit[0]?.summary).not.toContain(new URL(url).searchParams.get('token'));
  });

  it("refuses an admin an owner's link, a rep any link, and another organisation's member", async () => {
    const byAdmin = await makeLink(admin, owner.user.id);
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json()).toMatchObject({ error: 'forbidden', params: { reason: 'owner_only' } });
    expect((await makeLink(owner, owner.user.id)).statusCode).toBe(200);
    expect((await makeLink(rep, admin.user.id)).statusCode).toBe(403);
    const other = await makeLink(owner, stranger.user.id);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ error: 'not_found', field: 'userId' });
    const anonymous = await app.inject({ method: 'POST', url: `/api/v1/members/${rep.user.id}/reset-link` });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('GET /api/v1/auth-options', () => {
  it('tells the sign-in page whether SSO and mailed resets exist, without signing in', async () => {
    const store = await createTestStore('sqlite');
    const app = await buildApp({ store, webDist: null });
    try {
      const response = await app.inject({ url: '/api/v1/auth-options' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ sso: { enabled: false, name: null }, smtp: false });
    } finally {
      await app.close();
      await store.dispose();
    }
  });
});
