import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browse, CookieJar, startAuthServer } from '../../test/support/auth-server.ts';
import { startOidcProvider, type TestOidcProvider } from '../../test/support/oidc-provider.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import { findMember } from '../db/members-repo.ts';
import { createOrg, type OrgRecord } from '../db/org-repo.ts';
import { findUserByEmail } from '../db/users-repo.ts';
import { ssoConfigFromEnv } from './sso-config.ts';

const USERS = [
  { accountId: 'alice', email: 'Alice@Allowed.test', emailVerified: true, name: 'Alice Allowed' },
  { accountId: 'rita', email: 'rita@allowed.test', emailVerified: true, name: 'Rita Rep' },
  { accountId: 'mallory', email: 'mallory@other.test', emailVerified: true, name: 'Mallory Other' },
  { accountId: 'unverified', email: 'nobody@allowed.test', emailVerified: false, name: 'Not Verified' },
];

describe.each(DIALECTS)('single sign-on against a real OpenID Connect provider (%s)', (dialect) => {
  let store: TestStore;
  let org: OrgRecord;
  let provider: TestOidcProvider;
  let server: Awaited<ReturnType<typeof startAuthServer>>;

  beforeAll(async () => {
    store = await createTestStore(dialect);
    await createOrg(store.db, { name: 'Other Org' }, 'other');
    org = await createOrg(store.db, { name: 'Acme Sales' }, 'acme');
    await store.db
      .insertInto('reps')
      .values({
        org_id: org.id,
        id: 'R7',
        name: 'Rita Rep',
        email: 'RITA@allowed.test',
        team: 'North',
        started_on: null,
        ended_on: null,
        import_id: 0,
        source_line: 0,
      })
      .execute();
    provider = await startOidcProvider(USERS);
    const sso = ssoConfigFromEnv({
      UDN_OIDC_ISSUER: provider.issuer,
      UDN_OIDC_CLIENT_ID: provider.clientId,
      UDN_OIDC_CLIENT_SECRET: provider.clientSecret,
      UDN_OIDC_NAME: 'Test Workspace',
      UDN_OIDC_ALLOWED_DOMAINS: 'allowed.test',
      UDN_OIDC_ORG: 'acme',
      UDN_OIDC_ROLE: 'manager',
    });
    server = await startAuthServer(store, { sso });
    provider.allowRedirect(`${server.url}/api/auth/callback/udn-sso`);
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    await provider?.close();
    await store?.dispose();
  });

  /** Presses the SSO button: asks better-auth for the provider's URL, then follows every redirect. */
  async function signIn(accountId: string) {
    provider.signInAs(accountId);
    const jar = new CookieJar();
    const start = await browse(jar, `${server.url}/api/auth/sign-in/social`, {
      method: 'POST',
      body: { provider: 'udn-sso', callbackURL: '/dashboard', errorCallbackURL: '/signin' },
    });
    expect(start.response.status).toBe(200);
    const { url } = (await start.response.json()) as { url: string };
    expect(url.startsWith(`${provider.issuer}/`)).toBe(true);
    const end = await browse(jar, url);
    const session = await browse(jar, `${server.url}/api/auth/get-session`);
    return { jar, end, session: (await session.response.json()) as { user: { email: string } } | null };
  }

  it('signs a verified person of an allowed domain in and makes them a member with the configured role', async () => {
    const { end, session } = await signIn('alice');
    expect(end.visited.some((u) => u.startsWith(`${server.url}/api/auth/callback/udn-sso?`))).toBe(true);
    expect(new URL(end.url).pathname).toBe('/dashboard');
    expect(session?.user.email).toBe('alice@allowed.test');
    const user = await findUserByEmail(store.db, 'alice@allowed.test');
    expect(await findMember(store.db, org.id, user!.id)).toEqual({
      orgId: org.id,
      userId: user!.id,
      role: 'manager',
      repId: null,
      teams: [],
    });
    const audit = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject', '=', user!.id)
      .execute();
    expect(audit.map((a) => [a.kind, a.action, a.org_id])).toEqual([['member', 'created', org.id]]);
  });

  it('links the rep record of the same address and signs the member in again without a second membership', async () => {
    const first = await signIn('rita');
    expect(first.session?.user.email).toBe('rita@allowed.test');
    const user = await findUserByEmail(store.db, 'rita@allowed.test');
    expect((await findMember(store.db, org.id, user!.id))?.repId).toBe('R7');
    const again = await signIn('rita');
    expect(again.session?.user.email).toBe('rita@allowed.test');
    const rows = await store.db.selectFrom('members').selectAll().where('user_id', '=', user!.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a person of another domain with a clear message, makes no user, and audits it', async () => {
    const { end, session } = await signIn('mallory');
    expect(session).toBeNull();
    const landed = new URL(end.url);
    expect(landed.pathname).toBe('/signin');
    expect(landed.searchParams.get('error')).toBe('sso_domain_not_allowed');
    expect(landed.searchParams.get('error_description')).toBe(
      'mallory@other.test is not a member here, and only addresses at allowed.test join by single sign-on',
    );
    expect(await findUserByEmail(store.db, 'mallory@other.test')).toBeUndefined();
    const audit = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('actor_email', '=', 'mallory@other.test')
      .execute();
    expect(audit.map((a) => [a.kind, a.action, a.org_id])).toEqual([['sign_in', 'failed', null]]);
  });

  it('refuses an address the provider has not verified', async () => {
    const { end, session } = await signIn('unverified');
    expect(session).toBeNull();
    expect(new URL(end.url).searchParams.get('error')).toBe('sso_email_not_verified');
    expect(await findUserByEmail(store.db, 'nobody@allowed.test')).toBeUndefined();
  });

  it('refuses a callback without the state it started with', async () => {
    const jar = new CookieJar();
    const forged = await browse(jar, `${server.url}/api/auth/callback/udn-sso?code=made-up`);
    expect(new URL(forged.url).searchParams.get('error')).toBe('state_not_found');
    const session = await browse(jar, `${server.url}/api/auth/get-session`);
    expect(await session.response.json()).toBeNull();
  });
});
