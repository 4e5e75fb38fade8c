import { afterEach, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { serverSecret } from '../../auth/server-secret.ts';
import type { MeResponse } from '../../core/contracts/access.ts';
import { readServerSetting } from '../../db/server-settings-repo.ts';
import { buildApp } from '../app.ts';

const OWNER = {
  name: 'Ayu Lestari',
  email: 'Ayu@Example.test',
  password: 'a long enough passphrase',
  orgName: 'Toko Maju',
  demo: false,
};

const sessionCookieOf = (setCookie: string | string[] | undefined): string =>
  [setCookie ?? []]
    .flat()
    .find((c) => c.startsWith('udn.session_token='))!
    .split(';')[0]!;

describe.each(DIALECTS)('first-run setup and the server secret on %s', (dialect) => {
  let store: TestStore | undefined;
  const apps: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await store?.dispose();
    store = undefined;
  });

  const newApp = async (options: { trustProxy?: boolean } = {}) => {
    store ??= await createTestStore(dialect);
    const app = await buildApp({ store, webDist: null, ...options });
    await app.ready();
    apps.push(app);
    return app;
  };
  const signIn = (app: Awaited<ReturnType<typeof newApp>>, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify({ email: OWNER.email, password: OWNER.password }),
    });

  it('creates the owner and the organisation once; a second setup is refused with 409, nothing changed', async () => {
    const app = await newApp();
    expect((await app.inject({ url: '/api/v1/setup' })).json()).toEqual({ needed: true });
    const made = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: OWNER });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toEqual({ orgSlug: 'toko-maju' });
    expect((await app.inject({ url: '/api/v1/setup' })).json()).toEqual({ needed: false });

    const users = () => store!.db.selectFrom('user').select(['id', 'email']).execute();
    const orgs = () => store!.db.selectFrom('orgs').select(['id', 'name', 'slug']).execute();
    const before = { users: await users(), orgs: await orgs() };
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { ...OWNER, email: 'intruder@example.test', orgName: 'Taken over' },
    });
    expect(again.statusCode).toBe(409);
    expect({ users: await users(), orgs: await orgs() }).toEqual(before);

    const signedIn = await signIn(app);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const me = await app.inject({
      url: '/api/v1/me',
      headers: { cookie: sessionCookieOf(signedIn.headers['set-cookie']) },
    });
    expect(me.json<MeResponse>()).toMatchObject({
      user: { name: 'Ayu Lestari', email: 'ayu@example.test' },
      org: { name: 'Toko Maju', slug: 'toko-maju', openLeaderboard: false },
      role: 'owner',
      orgs: [{ slug: 'toko-maju', role: 'owner' }],
    });
    expect(
      await store!.db
        .selectFrom('audit_log')
        .select(['kind', 'action'])
        .where('kind', '=', 'member')
        .execute(),
    ).toEqual([{ kind: 'member', action: 'created' }]);
  });

  it('refuses a setup with a bad field, naming it, and makes nobody', async () => {
    const app = await newApp();
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { ...OWNER, password: 'short' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ field: 'password' });
    expect((await app.inject({ url: '/api/v1/setup' })).json()).toEqual({ needed: true });
  });

  it('the secret is generated once and reused after a restart: sessions survive it', async () => {
    const first = await newApp();
    const secret = await readServerSetting(store!.db, 'secret');
    expect(secret).toMatch(/^[A-Za-z0-9]{64}$/);
    expect((await first.inject({ method: 'POST', url: '/api/v1/setup', payload: OWNER })).statusCode).toBe(
      201,
    );
    const cookie = sessionCookieOf((await signIn(first)).headers['set-cookie']);
    await first.close();
    apps.length = 0;

    const restarted = await newApp();
    expect(await readServerSetting(store!.db, 'secret')).toBe(secret);
    expect((await restarted.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(200);
    // Two starting at once agree on one secret.
    const both = await Promise.all([serverSecret(store!, {}), serverSecret(store!, {})]);
    expect(both).toEqual([secret, secret]);
    expect(await serverSecret(store!, { UDN_SECRET: 'x'.repeat(40) })).toBe('x'.repeat(40));
  });

  it('the session cookie is Secure when the request came over HTTPS through a trusted proxy', async () => {
    const app = await newApp({ trustProxy: true });
    expect((await app.inject({ method: 'POST', url: '/api/v1/setup', payload: OWNER })).statusCode).toBe(201);
    const overHttps = await signIn(app, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' });
    expect(overHttps.statusCode, overHttps.body).toBe(200);
    const cookie = [overHttps.headers['set-cookie']].flat().find((c) => c?.startsWith('udn.session_token='))!;
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const audit = await store!.db
      .selectFrom('audit_log')
      .select(['ip', 'action'])
      .where('kind', '=', 'sign_in')
      .execute();
    expect(audit).toEqual([{ ip: '203.0.113.9', action: 'signed_in' }]);
    const overHttp = await signIn(app);
    const plain = [overHttp.headers['set-cookie']].flat().find((c) => c?.startsWith('udn.session_token='))!;
    expect(plain).not.toMatch(/Secure/i);
  });
});
