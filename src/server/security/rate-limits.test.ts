import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { SignInGuard, TOKEN_REQUESTS_PER_MINUTE } from './rate-limits.ts';

describe('the wrong-password back-off', () => {
  it('locks an address after 20 wrong passwords in a minute, each next lock twice as long; a right one clears it', () => {
    let now = 1_000_000;
    const guard = new SignInGuard({ now: () => now });
    const fail20 = (ip: string) => {
      let locked = null;
      for (let i = 0; i < 20; i++) locked = guard.failed('a@example.test', `${ip}.${i}`);
      return locked;
    };
    expect(fail20('10.0.0')).toEqual({ lockedForS: 60, by: 'email' });
    expect(guard.retryAfterS('a@example.test', '10.9.9.9')).toBe(60);
    now += 61_000;
    expect(guard.retryAfterS('a@example.test', '10.9.9.9')).toBeNull();
    expect(fail20('10.0.1')).toEqual({ lockedForS: 120, by: 'email' });
    now += 121_000;
    guard.succeeded('a@example.test');
    expect(fail20('10.0.2')).toEqual({ lockedForS: 60, by: 'email' });
  });

  it('19 wrong passwords spread over more than a minute lock nothing', () => {
    let now = 0;
    const guard = new SignInGuard({ now: () => now });
    for (let i = 0; i < 40; i++) {
      expect(guard.failed('b@example.test', '10.1.0.1')).toBeNull();
      now += 4_000;
    }
    expect(guard.retryAfterS('b@example.test', '10.1.0.1')).toBeNull();
  });
});

describe('the limit per API token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { empty: true });
  });
  afterAll(() => t?.dispose());

  it(`answers 429 with Retry-After after ${TOKEN_REQUESTS_PER_MINUTE} requests a minute of one token`, async () => {
    for (let i = 0; i < TOKEN_REQUESTS_PER_MINUTE; i++) {
      const response = await t.app.inject({ url: '/api/v1/setup', headers: t.owner.headers });
      if (response.statusCode !== 200) throw new Error(`request ${i}: ${response.statusCode}`);
    }
    const refused = await t.app.inject({ url: '/api/v1/setup', headers: t.owner.headers });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ error: 'too_many_requests' });
    // Another credential is counted apart.
    expect((await t.app.inject({ url: '/api/v1/setup', headers: { cookie: '' } })).statusCode).toBe(200);
  });
});
