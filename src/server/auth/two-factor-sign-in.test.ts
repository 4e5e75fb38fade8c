import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { addTestPerson, TEST_PASSWORD, type TestPerson } from '../../../test/support/test-people.ts';
import type { MeResponse } from '../../core/contracts/access.ts';

const cookieOf = (setCookie: string | string[] | undefined, name: string): string | undefined =>
  [setCookie ?? []]
    .flat()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];

/** Through the mount: better-auth's two-factor plugin, and the sign-in it finishes audited. */
describe('a sign-in finished by a two-factor code (sqlite)', () => {
  let t: TestApp;
  let person: TestPerson;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { empty: true });
    person = await addTestPerson(t.store, await t.org(), 'manager', { teams: ['North'] });
  });
  afterAll(() => t?.dispose());

  const post = (url: string, cookie: string, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  it('asks for the code after the password, and signs in with it; audited', async () => {
    const first = await post('/api/auth/sign-in/email', '', {
      email: person.user.email,
      password: TEST_PASSWORD,
    });
    const session = cookieOf(first.headers['set-cookie'], 'udn.session_token')!;
    const enabled = await post('/api/auth/two-factor/enable', session, { password: TEST_PASSWORD });
    expect(enabled.statusCode, enabled.body).toBe(200);
    const totp = OTPAuth.URI.parse(enabled.json<{ totpURI: string }>().totpURI) as OTPAuth.TOTP;
    const confirmed = await post('/api/auth/two-factor/verify-totp', session, { code: totp.generate() });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const afterEnable = cookieOf(confirmed.headers['set-cookie'], 'udn.session_token') ?? session;
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: afterEnable } });
    expect(me.json<MeResponse>().user.twoFactorEnabled).toBe(true);

    const second = await post('/api/auth/sign-in/email', '', {
      email: person.user.email,
      password: TEST_PASSWORD,
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ twoFactorRedirect: true });
    // No session yet: the session cookie is cleared until the code is given.
    expect(cookieOf(second.headers['set-cookie'], 'udn.session_token') ?? 'udn.session_token=').toBe(
      'udn.session_token=',
    );
    const pending = cookieOf(second.headers['set-cookie'], 'udn.two_factor')!;
    expect(pending).toBeDefined();

    const wrong = await post('/api/auth/two-factor/verify-totp', pending, { code: '000000' });
    expect(wrong.statusCode).toBe(401);
    const finished = await post('/api/auth/two-factor/verify-totp', pending, { code: totp.generate() });
    expect(finished.statusCode, finished.body).toBe(200);
    const signedIn = cookieOf(finished.headers['set-cookie'], 'udn.session_token')!;
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: signedIn } })).statusCode).toBe(200);

    const audit = await t.store.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('kind', '=', 'sign_in')
      .orderBy('id')
      .execute();
    expect(audit.map((e) => e.action)).toEqual(['signed_in', 'password_accepted', 'failed', 'signed_in']);
    expect(audit.at(-1)!.summary).toBe(`${person.user.email} signed in (two-factor code)`);
  });
});
