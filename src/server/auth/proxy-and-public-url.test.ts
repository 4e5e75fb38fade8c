import { afterEach, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../../../test/support/test-stores.ts';
import { buildApp } from '../app.ts';
import { parseTrustProxy, serverOptionsFromEnv } from '../main.ts';

describe('UDN_TRUST_PROXY and UDN_UPLOAD_LIMIT_BYTES', () => {
  it('reads true, a hop count or a list of proxies; unset or false trusts none', () => {
    expect(parseTrustProxy(undefined)).toBeUndefined();
    expect(parseTrustProxy('false')).toBeUndefined();
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('10.0.0.1, 10.0.0.0/8')).toEqual(['10.0.0.1', '10.0.0.0/8']);
    const oneHop = parseTrustProxy('1') as (address: string, hop: number) => boolean;
    expect([oneHop('10.0.0.1', 0), oneHop('10.0.0.2', 1)]).toEqual([true, false]);
    expect(serverOptionsFromEnv({ UDN_UPLOAD_LIMIT_BYTES: '1048576' }).uploadLimitBytes).toBe(1048576);
    expect(() => serverOptionsFromEnv({ UDN_UPLOAD_LIMIT_BYTES: 'lots' })).toThrow(/UDN_UPLOAD_LIMIT_BYTES/);
  });
});

describe('with UDN_PUBLIC_URL set (sqlite)', () => {
  let store: TestStore | undefined;
  let close = async () => {};
  afterEach(async () => {
    delete process.env.UDN_PUBLIC_URL;
    await close();
    await store?.dispose();
  });

  it('signs in on its public name behind a TLS proxy, and still on localhost', async () => {
    process.env.UDN_PUBLIC_URL = 'https://udn.example.com/';
    store = await createTestStore('sqlite');
    const app = await buildApp({
      store,
      webDist: null,
      trustProxy: true,
      allowedHosts: ['localhost', 'udn.example.com'],
    });
    close = () => app.close();
    const setup = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: {
        name: 'Sari',
        email: 'sari@example.test',
        password: 'a long passphrase',
        orgName: 'Sari Co',
        demo: false,
      },
    });
    expect(setup.statusCode).toBe(201);
    const signIn = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { 'content-type': 'application/json', ...headers },
        payload: JSON.stringify({ email: 'sari@example.test', password: 'a long passphrase' }),
      });
    const proxied = await signIn({
      host: 'udn.example.com',
      origin: 'https://udn.example.com',
      'x-forwarded-proto': 'https',
      'sec-fetch-site': 'same-origin',
    });
    expect(proxied.statusCode, proxied.body).toBe(200);
    expect([proxied.headers['set-cookie']].flat().join('\n')).toMatch(/udn\.session_token=[^;]+;.*Secure/);
    const local = await signIn({ host: 'localhost:3000', origin: 'http://localhost:3000' });
    expect(local.statusCode, local.body).toBe(200);
  });
});
