import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browse, CookieJar } from '../../test/support/auth-server.ts';
import { startOidcProvider, type TestOidcProvider } from '../../test/support/oidc-provider.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import { createOrg } from '../db/org-repo.ts';
import { type RunningServer, startServer } from './main.ts';

const SSO_ENV = [
  'UDN_OIDC_ISSUER',
  'UDN_OIDC_CLIENT_ID',
  'UDN_OIDC_CLIENT_SECRET',
  'UDN_OIDC_NAME',
  'UDN_OIDC_ALLOWED_DOMAINS',
  'UDN_OIDC_ROLE',
];

describe.each(DIALECTS)('single sign-on through the UDN server (%s)', (dialect) => {
  let store: TestStore;
  let provider: TestOidcProvider;
  let server: RunningServer;

  beforeAll(async () => {
    store = await createTestStore(dialect);
    await createOrg(store.db, { name: 'Acme Sales' }, 'acme');
    provider = await startOidcProvider([
      { accountId: 'alice', email: 'alice@allowed.test', emailVerified: true, name: 'Alice Allowed' },
      { accountId: 'mallory', email: 'mallory@other.test', emailVerified: true, name: 'Mallory Other' },
    ]);
    Object.assign(process.env, {
      UDN_OIDC_ISSUER: provider.issuer,
      UDN_OIDC_CLIENT_ID: provider.clientId,
      UDN_OIDC_CLIENT_SECRET: provider.clientSecret,
      UDN_OIDC_NAME: 'Test Workspace',
      UDN_OIDC_ALLOWED_DOMAINS: 'allowed.test',
      UDN_OIDC_ROLE: 'manager',
    });
    server = await startServer({
      store,
      port: 0,
      host: '127.0.0.1',
      webDist: null,
      prewarmImportThread: false,
    });
    provider.allowRedirect(`${server.url}/api/auth/callback/udn-sso`);
  }, 60_000);

  afterAll(async () => {
    for (const name of SSO_ENV) delete process.env[name];
    // startServer's close closes the store too; dispose then only removes its file or database.
    await server?.close();
    await provider?.close();
    await store?.dispose();
  });

  const me = async (jar: CookieJar) => {
    const { response } = await browse(jar, `${server.url}/api/v1/me`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  async function pressSsoButton(accountId: string) {
    provider.signInAs(accountId);
    const jar = new CookieJar();
    const start = await browse(jar, `${server.url}/api/auth/sign-in/social`, {
      method: 'POST',
      body: { provider: 'udn-sso', callbackURL: '/', errorCallbackURL: '/signin' },
    });
    expect(start.response.status).toBe(200);
    const end = await browse(jar, ((await start.response.json()) as { url: string }).url);
    return { jar, landed: new URL(end.url) };
  }

  it('says SSO is on to the sign-in page', async () => {
    const { response } = await browse(new CookieJar(), `${server.url}/api/v1/auth-options`);
    expect(await response.json()).toEqual({ sso: { enabled: true, name: 'Test Workspace' }, smtp: false });
  });

  it('signs in a person of the allowed domain, who is then a member with the configured role', async () => {
    const { jar, landed } = await pressSsoButton('alice');
    expect(landed.pathname).toBe('/');
    const answer = await me(jar);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      user: { email: 'alice@allowed.test', twoFactorEnabled: false },
      org: { slug: 'acme' },
      role: 'manager',
      sso: { enabled: true, name: 'Test Workspace' },
    });
  });

  it('refuses a person of another domain', async () => {
    const { jar, landed } = await pressSsoButton('mallory');
    expect(landed.pathname).toBe('/signin');
    expect(landed.searchParams.get('error')).toBe('sso_domain_not_allowed');
    expect((await me(jar)).status).toBe(401);
  });

  it('refuses a callback that did not start here (no state)', async () => {
    const jar = new CookieJar();
    const forged = await browse(jar, `${server.url}/api/auth/callback/udn-sso?code=made-up`);
    expect(new URL(forged.url).searchParams.get('error')).toBe('state_not_found');
    expect((await me(jar)).status).toBe(401);
  });
});
