import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { addTestPerson, TEST_PASSWORD, type TestPerson } from '../../../test/support/test-people.ts';
import { DIALECTS } from '../../../test/support/test-stores.ts';
import type { MeResponse } from '../../core/contracts/access.ts';
import { putMember } from '../../db/members-repo.ts';
import { createOrg } from '../../db/org-repo.ts';
import { insertUser } from '../../db/users-repo.ts';

/** The session cookie a response set, as a Cookie header's `name=value`. */
const sessionCookieOf = (setCookie: string | string[] | undefined): string => {
  const found = [setCookie ?? []].flat().find((c) => c.startsWith('udn.session_token='));
  if (!found) throw new Error(`no session cookie in ${JSON.stringify(setCookie)}`);
  return found.split(';')[0]!;
};

const auditOf = (t: TestApp, kind: string) =>
  t.store.db.selectFrom('audit_log').selectAll().where('kind', '=', kind).orderBy('id').execute();

describe.each(DIALECTS)('sign-in, sessions and CSRF on %s', (dialect) => {
  let t: TestApp;
  let admin: TestPerson;
  let rep: TestPerson;

  const signIn = (email: string, password: string, remoteAddress = '127.0.0.1') =>
    t.app.inject({
      method: 'POST',
      remoteAddress,
      url: '/api/auth/sign-in/email',
      headers: { cookie: '', 'content-type': 'application/json' },
      payload: JSON.stringify({ email, password }),
    });
  const signedIn = async (person: TestPerson) => {
    const response = await signIn(person.user.email, TEST_PASSWORD);
    expect(response.statusCode, response.body).toBe(200);
    return sessionCookieOf(response.headers['set-cookie']);
  };
  const me = (cookie: string) => t.app.inject({ url: '/api/v1/me', headers: { cookie } });
  /** A CSRF token and its cookie for a signed-in cookie. */
  const csrf = async (cookie: string) => {
    const response = await t.app.inject({ url: '/api/v1/csrf', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const secretCookie = [response.headers['set-cookie'] ?? []]
      .flat()
      .find((c) => c.startsWith('udn_csrf='))!;
    return {
      cookie: `${cookie}; ${secretCookie.split(';')[0]}`,
      token: response.json<{ token: string }>().token,
    };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await t.org();
    admin = await addTestPerson(t.store, org, 'admin');
    rep = await addTestPerson(t.store, org, 'rep', { repId: 'r1' });
  });
  afterAll(() => t?.dispose());

  it('the right password gives an HttpOnly, SameSite=Lax session cookie and /me answers', async () => {
    const response = await signIn(admin.user.email, TEST_PASSWORD);
    expect(response.statusCode, response.body).toBe(200);
    const setCookie = [response.headers['set-cookie']]
      .flat()
      .find((c) => c?.startsWith('udn.session_token='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    // The session lives in the HttpOnly cookie only: no script of the page can read it.
    const token = decodeURIComponent(setCookie.split(';')[0]!.split('=')[1]!).split('.')[0]!;
    expect(response.body).not.toContain(token);
    expect(response.json<{ user: { email: string } }>().user.email).toBe(admin.user.email);
    const session = await t.app.inject({
      url: '/api/auth/get-session',
      headers: { cookie: sessionCookieOf(response.headers['set-cookie']) },
    });
    expect(session.statusCode).toBe(200);
    expect(session.body).not.toContain(token);
    expect(session.json<{ user: { id: string } }>().user.id).toBe(admin.user.id);
    const answer = await me(sessionCookieOf(response.headers['set-cookie']));
    expect(answer.statusCode, answer.body).toBe(200);
    const body = answer.json<MeResponse>();
    expect(body).toMatchObject({
      user: { id: admin.user.id, email: admin.user.email, twoFactorEnabled: false },
      org: { id: admin.org.id, slug: admin.org.slug },
      role: 'admin',
      via: 'session',
      viewAs: null,
      orgs: [{ id: admin.org.id, slug: admin.org.slug, role: 'admin' }],
    });
    const audit = await auditOf(t, 'sign_in');
    expect(audit.at(-1)).toMatchObject({
      action: 'signed_in',
      actor_email: admin.user.email,
      ip: '127.0.0.1',
    });
  });

  it("switches organisation among the person's own, and refuses one they are not in", async () => {
    const other = await createOrg(t.store.db, { name: `Cabang ${dialect}` });
    await putMember(t.store.db, {
      orgId: other.id,
      userId: admin.user.id,
      role: 'viewer',
      repId: null,
      teams: [],
    });
    const token = await csrf(await signedIn(admin));
    const headers = { cookie: token.cookie, 'x-csrf-token': token.token, 'content-type': 'application/json' };
    const switched = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/org',
      headers,
      payload: JSON.stringify({ slug: other.slug }),
    });
    expect(switched.statusCode, switched.body).toBe(200);
    expect(switched.json<MeResponse>()).toMatchObject({ org: { id: other.id }, role: 'viewer' });
    const orgCookie = [switched.headers['set-cookie']].flat().find((c) => c?.startsWith('udn_org='))!;
    const after = await me(`${token.cookie}; ${orgCookie.split(';')[0]}`);
    expect(after.json<MeResponse>()).toMatchObject({ org: { id: other.id }, role: 'viewer' });
    expect(after.json<MeResponse>().orgs.map((o) => o.id)).toEqual([admin.org.id, other.id]);

    const stranger = await createOrg(t.store.db, { name: `Asing ${dialect}` });
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/org',
      headers,
      payload: JSON.stringify({ slug: stranger.slug }),
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ field: 'slug' });
  });

  it('a person in no organisation is signed in but gets 403 no_org from /me', async () => {
    const loner = await insertUser(t.store.db, t.store.dialect, {
      email: `loner-${dialect}@example.test`,
      name: 'Loner',
      password: TEST_PASSWORD,
    });
    const response = await signIn(loner.email, TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const answer = await me(sessionCookieOf(response.headers['set-cookie']));
    expect(answer.statusCode).toBe(403);
    expect(answer.json()).toMatchObject({ error: 'forbidden', params: { reason: 'no_org' } });
    // Public routes still answer them (the setup page, an invitation to accept).
    const setup = await t.app.inject({
      url: '/api/v1/setup',
      headers: { cookie: sessionCookieOf(response.headers['set-cookie']) },
    });
    expect(setup.json()).toEqual({ needed: false });
  });

  it('a sign-in posted by a page of another site is refused and signs nobody in', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: {
        cookie: '',
        'content-type': 'application/json',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      payload: JSON.stringify({ email: admin.user.email, password: TEST_PASSWORD }),
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('/me answers a bearer token too, as its person in its organisation', async () => {
    const answer = await t.app.inject({ url: '/api/v1/me', headers: rep.headers });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json<MeResponse>()).toMatchObject({
      user: { id: rep.user.id, email: rep.user.email, twoFactorEnabled: false },
      role: 'rep',
      repId: 'r1',
      via: 'token',
      viewAs: null,
      sso: { enabled: false, name: null },
    });
  });

  it('a wrong password is refused with 401 and audited', async () => {
    const response = await signIn(rep.user.email, 'not the password at all');
    expect(response.statusCode).toBe(401);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect((await auditOf(t, 'sign_in')).at(-1)).toMatchObject({
      action: 'failed',
      actor_email: rep.user.email,
      org_id: rep.org.id,
    });
  });

  it('a forged or expired session cookie is refused with 401', async () => {
    expect((await me('udn.session_token=forged.value')).statusCode).toBe(401);
    const cookie = await signedIn(rep);
    expect((await me(cookie)).statusCode).toBe(200);
    const token = decodeURIComponent(cookie.split('=')[1]!).split('.')[0]!;
    const past =
      dialect === 'postgres' ? new Date(Date.now() - 1000) : new Date(Date.now() - 1000).toISOString();
    await t.store.db.updateTable('session').set({ expiresAt: past }).where('token', '=', token).execute();
    // A new cookie of the same session, so no cached answer is reused: the lookup itself refuses it.
    const expired = await me(`${cookie}; udn_org=${rep.org.slug}`);
    expect(expired.statusCode).toBe(401);
  });

  it('sign out ends the session; sign out everywhere ends all of them', async () => {
    const one = await signedIn(rep);
    expect((await me(one)).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie: one } });
    expect(out.statusCode, out.body).toBe(200);
    expect([out.headers['set-cookie']].flat().some((c) => /^udn_view_as=;/.test(c ?? ''))).toBe(true);
    expect((await me(one)).statusCode).toBe(401);

    const first = await signedIn(rep);
    const second = await signedIn(rep);
    expect((await me(first)).statusCode).toBe(200);
    expect((await me(second)).statusCode).toBe(200);
    const revoked = await t.app.inject({
      method: 'POST',
      url: '/api/auth/revoke-sessions',
      headers: { cookie: first, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(401);
  });

  it('changes the password: the new one signs in, the old one no longer does', async () => {
    const person = await addTestPerson(t.store, await t.org(), 'manager', { teams: ['North'] });
    const cookie = await signedIn(person);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/change-password',
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' }),
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await signIn(person.user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(person.user.email, 'a brand new passphrase')).statusCode).toBe(200);
  });

  it('a cookie-authenticated change without the CSRF token is refused with 403 and changes nothing', async () => {
    const cookie = await signedIn(admin);
    const before = await t.store.db.selectFrom('dashboards').select('id').execute();
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dashboards',
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'Without a token' }),
    });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ error: 'forbidden', params: { reason: 'csrf' } });
    expect(await t.store.db.selectFrom('dashboards').select('id').execute()).toEqual(before);

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dashboards',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': 'made-up' },
      payload: JSON.stringify({ name: 'With a made-up token' }),
    });
    expect(wrong.statusCode).toBe(403);

    const token = await csrf(cookie);
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dashboards',
      headers: { cookie: token.cookie, 'content-type': 'application/json', 'x-csrf-token': token.token },
      payload: JSON.stringify({ name: 'With the token' }),
    });
    expect(made.statusCode, made.body).toBe(201);
    // A bearer token is no ambient credential: it needs no CSRF token.
    const byToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dashboards',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'By token' }),
    });
    expect(byToken.statusCode).toBe(201);
  });

  it('view as: an admin reads as the rep, cannot write meanwhile, and stops; audited', async () => {
    const cookie = await signedIn(admin);
    const token = await csrf(cookie);
    const headers = { cookie: token.cookie, 'x-csrf-token': token.token, 'content-type': 'application/json' };
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/v1/view-as',
      headers,
      payload: JSON.stringify({ userId: rep.user.id }),
    });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json<MeResponse>()).toMatchObject({
      user: { id: admin.user.id },
      role: 'rep',
      repId: 'r1',
      viewAs: { userId: rep.user.id, email: rep.user.email, role: 'rep' },
    });
    const viewCookie = [started.headers['set-cookie']].flat().find((c) => c?.startsWith('udn_view_as='))!;
    const viewing = { ...headers, cookie: `${token.cookie}; ${viewCookie.split(';')[0]}` };
    const asRep = await t.app.inject({ url: '/api/v1/me', headers: { cookie: viewing.cookie } });
    expect(asRep.json<MeResponse>()).toMatchObject({ role: 'rep', viewAs: { userId: rep.user.id } });
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dashboards',
      headers: viewing,
      payload: JSON.stringify({ name: 'While viewing as' }),
    });
    expect(write.statusCode).toBe(403);
    const stopped = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/view-as',
      headers: { cookie: viewing.cookie, 'x-csrf-token': token.token },
    });
    expect(stopped.statusCode, stopped.body).toBe(200);
    expect(stopped.json<MeResponse>()).toMatchObject({ role: 'admin', viewAs: null });
    const audit = await auditOf(t, 'view_as');
    expect(audit.map((e) => [e.action, e.actor_email, e.subject])).toEqual([
      ['started', admin.user.email, rep.user.id],
      ['stopped', admin.user.email, rep.user.id],
    ]);
  });

  it('a rep cannot start view as (403)', async () => {
    const cookie = await signedIn(rep);
    const token = await csrf(cookie);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/view-as',
      headers: { cookie: token.cookie, 'x-csrf-token': token.token, 'content-type': 'application/json' },
      payload: JSON.stringify({ userId: admin.user.id }),
    });
    expect(refused.statusCode).toBe(403);
  });

  it('20 wrong passwords in a minute lock the address: 429 with Retry-After, audited', async () => {
    const victim = await addTestPerson(t.store, await t.org(), 'viewer');
    // Each from its own address: the address's count locks it, not the IP's.
    for (let i = 0; i < 20; i++) {
      expect((await signIn(victim.user.email, `guess number ${i}`, `10.0.1.${i + 1}`)).statusCode).toBe(401);
    }
    const locked = await signIn(victim.user.email, TEST_PASSWORD, '10.0.2.1');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json()).toMatchObject({ error: 'too_many_requests' });
    expect(
      (await auditOf(t, 'sign_in')).some((e) => e.action === 'locked' && e.actor_email === victim.user.email),
    ).toBe(true);
  });

  it('20 wrong passwords in a minute from one IP lock that IP for every address', async () => {
    const ip = '10.0.3.1';
    for (let i = 0; i < 20; i++) {
      expect((await signIn(`nobody-${i}@example.test`, 'whatever it is', ip)).statusCode).toBe(401);
    }
    const locked = await signIn(admin.user.email, TEST_PASSWORD, ip);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signIn(admin.user.email, TEST_PASSWORD, '10.0.3.2')).statusCode).toBe(200);
  });
});
