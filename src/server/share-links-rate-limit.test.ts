import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError, Dashboard } from '../core/contracts/api.ts';
import type { ShareLinkCreated } from '../core/contracts/share-links.ts';
import {
  SHARE_CREATIONS_PER_MINUTE,
  SHARE_FAILURES_PER_MINUTE,
  SHARE_READS_PER_MINUTE,
} from './access/share-link.ts';

/**
 * Share links are rate-limited by @fastify/rate-limit, which the server registers once (global:
 * false) for sign-in and the API: routes opt in by `config.rateLimit`, share links count through
 * `createRateLimit`.
 */
describe.each(DIALECTS)('share link rate limits on %s', (dialect) => {
  let t: TestApp;
  let dashboard: Dashboard;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    dashboard = (await t.getJson<Dashboard[]>('/api/v1/dashboards'))[0]!;
  });
  afterAll(() => t.dispose());

  it('refuses an address that keeps trying wrong secrets with 429 and Retry-After', async () => {
    const wrong = { authorization: '', 'x-udn-share': `udn_tv_${'z'.repeat(40)}`, 'x-forwarded-for': '' };
    const statuses: number[] = [];
    for (let i = 0; i <= SHARE_FAILURES_PER_MINUTE; i++) {
      statuses.push(
        (await t.app.inject({ url: '/api/v1/org', headers: wrong, remoteAddress: '10.9.9.9' })).statusCode,
      );
    }
    expect(statuses.slice(0, SHARE_FAILURES_PER_MINUTE).every((status) => status === 401)).toBe(true);
    const refused = await t.app.inject({ url: '/api/v1/org', headers: wrong, remoteAddress: '10.9.9.9' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json<ApiError>().error).toBe('too_many_requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not held back.
    expect(
      (await t.app.inject({ url: '/api/v1/org', headers: wrong, remoteAddress: '10.9.9.8' })).statusCode,
    ).toBe(401);
  });

  it("limits one link's reads per minute, whatever address they come from", async () => {
    const created = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/share-links',
        payload: { name: 'Busy TV', dashboardIds: [dashboard.id], rotateSeconds: 10, expiresAt: null },
      })
    ).json<ShareLinkCreated>();
    const headers = { authorization: '', 'x-udn-share': created.url.slice('/tv/'.length) };
    let last = 0;
    for (let i = 0; i < SHARE_READS_PER_MINUTE; i++) {
      last = (
        await t.app.inject({ url: '/api/v1/definitions', headers, remoteAddress: `10.1.${i % 200}.${i % 7}` })
      ).statusCode;
    }
    expect(last).toBe(200);
    const refused = await t.app.inject({ url: '/api/v1/definitions', headers });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits the links one person makes a minute, by token or session alike', async () => {
    const manager = await addTestPerson(t.store, await t.org(), 'manager');
    // A link publishes dashboards its maker may edit: the manager's own.
    const dashboard = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/dashboards',
        payload: { name: 'Manager TV' },
        headers: manager.headers,
      })
    ).json<Dashboard>();
    const body = { name: 'TV', dashboardIds: [dashboard.id], rotateSeconds: 10, expiresAt: null };
    const statuses: number[] = [];
    for (let i = 0; i <= SHARE_CREATIONS_PER_MINUTE; i++) {
      statuses.push(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/share-links',
            payload: body,
            headers: manager.headers,
            remoteAddress: `10.7.7.${i}`,
          })
        ).statusCode,
      );
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(SHARE_CREATIONS_PER_MINUTE);
    expect(statuses.at(-1)).toBe(429);
  });
});
