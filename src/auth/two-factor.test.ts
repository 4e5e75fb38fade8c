import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browse, CookieJar, startAuthServer } from '../../test/support/auth-server.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import { insertUser } from '../db/users-repo.ts';

const PASSWORD = 'two factors are better';

describe.each(DIALECTS)('TOTP two-factor sign-in (%s)', (dialect) => {
  let store: TestStore;
  let server: Awaited<ReturnType<typeof startAuthServer>>;

  beforeAll(async () => {
    store = await createTestStore(dialect);
    server = await startAuthServer(store, {});
    await insertUser(store.db, store.dialect, {
      email: 'tess@example.test',
      name: 'Tess',
      password: PASSWORD,
    });
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    await store?.dispose();
  });

  const call = async (jar: CookieJar, path: string, body?: unknown) => {
    const { response } = await browse(jar, `${server.url}/api/auth${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> | null };
  };
  const signedInAs = async (jar: CookieJar) =>
    ((await call(jar, '/get-session')).body as { user?: { email: string; twoFactorEnabled: boolean } } | null)
      ?.user;

  it('enables with the password, then asks every sign-in for a code from the authenticator', async () => {
    const jar = new CookieJar();
    expect(
      (await call(jar, '/sign-in/email', { email: 'tess@example.test', password: PASSWORD })).status,
    ).toBe(200);

    const wrongPassword = await call(jar, '/two-factor/enable', { password: 'not my password' });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body).toMatchObject({ code: 'INVALID_PASSWORD' });

    const enabled = await call(jar, '/two-factor/enable', { password: PASSWORD });
    expect(enabled.status).toBe(200);
    const { totpURI, backupCodes } = enabled.body as { totpURI: string; backupCodes: string[] };
    const totp = OTPAuth.URI.parse(totpURI) as OTPAuth.TOTP;
    expect(totp.issuer).toBe('UDN');
    expect(totp.label).toBe('tess@example.test');
    expect(backupCodes).toHaveLength(10);
    // Not on until the first code proves the authenticator holds the secret.
    expect((await signedInAs(jar))?.twoFactorEnabled).toBe(false);
    expect((await call(jar, '/two-factor/verify-totp', { code: totp.generate() })).status).toBe(200);
    expect((await signedInAs(jar))?.twoFactorEnabled).toBe(true);
    expect((await call(jar, '/sign-out', {})).status).toBe(200);
    expect(await signedInAs(jar)).toBeUndefined();

    const again = new CookieJar();
    const first = await call(again, '/sign-in/email', { email: 'tess@example.test', password: PASSWORD });
    expect(first.body).toMatchObject({ twoFactorRedirect: true, twoFactorMethods: ['totp'] });
    expect(again.has('127.0.0.1', 'udn.session_token')).toBe(false);
    expect(await signedInAs(again)).toBeUndefined();

    const code = totp.generate();
    const wrongCode = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
    const wrong = await call(again, '/two-factor/verify-totp', { code: wrongCode });
    expect(wrong.status).toBe(401);
    expect(await signedInAs(again)).toBeUndefined();

    const right = await call(again, '/two-factor/verify-totp', { code });
    expect(right.status).toBe(200);
    expect((await signedInAs(again))?.email).toBe('tess@example.test');

    // A backup code stands in for the authenticator once.
    const third = new CookieJar();
    await call(third, '/sign-in/email', { email: 'tess@example.test', password: PASSWORD });
    expect((await call(third, '/two-factor/verify-backup-code', { code: backupCodes[0] })).status).toBe(200);
    expect((await signedInAs(third))?.email).toBe('tess@example.test');
    const fourth = new CookieJar();
    await call(fourth, '/sign-in/email', { email: 'tess@example.test', password: PASSWORD });
    expect((await call(fourth, '/two-factor/verify-backup-code', { code: backupCodes[0] })).status).toBe(401);

    // Disabling takes the password too; then a password alone signs in.
    expect((await call(again, '/two-factor/disable', { password: 'not my password' })).status).toBe(400);
    expect((await call(again, '/two-factor/disable', { password: PASSWORD })).status).toBe(200);
    const plain = new CookieJar();
    const signIn = await call(plain, '/sign-in/email', { email: 'tess@example.test', password: PASSWORD });
    expect(signIn.body).not.toHaveProperty('twoFactorRedirect');
    expect((await signedInAs(plain))?.twoFactorEnabled).toBe(false);
  });
});
