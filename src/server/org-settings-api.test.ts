import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { OrgResponse } from '../core/contracts/api.ts';
import { findOrg } from '../db/org-repo.ts';

describe.each(DIALECTS)('organisation settings on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.dispose());

  const patch = (payload: object, headers?: Record<string, string>) =>
    t.app.inject({ method: 'PATCH', url: '/api/v1/org/settings', payload, ...(headers ? { headers } : {}) });

  it('GET /org names the slug and whether the leaderboard is open', async () => {
    const org = await t.getJson<OrgResponse>('/api/v1/org');
    expect(org).toMatchObject({ name: 'Org 42', slug: (await t.org()).slug, openLeaderboard: false });
  });

  it('renames the organisation and opens its leaderboard, audited with before and after', async () => {
    const response = await patch({ name: '  Nusantara Sales ', openLeaderboard: true });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Nusantara Sales', openLeaderboard: true });
    expect(await t.getJson<OrgResponse>('/api/v1/org')).toMatchObject({
      name: 'Nusantara Sales',
      openLeaderboard: true,
    });
    const entries = await t.store.db
      .selectFrom('audit_log')
      .select(['action', 'summary', 'before', 'after', 'actor_email'])
      .where('kind', '=', 'settings')
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'updated',
      actor_email: t.owner.user.email,
      summary: 'organisation settings: name "Org 42" → "Nusantara Sales", open leaderboard on',
    });
    expect(JSON.parse(entries[0]!.before!)).toEqual({ name: 'Org 42', openLeaderboard: false });
    expect(JSON.parse(entries[0]!.after!)).toEqual({ name: 'Nusantara Sales', openLeaderboard: true });
    // The same values again change nothing and record nothing.
    expect((await patch({ openLeaderboard: true })).statusCode).toBe(200);
    const count = await t.store.db
      .selectFrom('audit_log')
      .select('id')
      .where('kind', '=', 'settings')
      .execute();
    expect(count).toHaveLength(1);
  });

  it('refuses an empty name, an unknown key and a manager, changing nothing', async () => {
    const before = await findOrg(t.store.db, (await t.org()).id);
    const empty = await patch({ name: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ field: 'name' });
    expect((await patch({ timezone: 'Asia/Jakarta' })).statusCode).toBe(400);
    const manager = await addTestPerson(t.store, await t.org(), 'manager', { teams: ['Jakarta'] });
    expect((await patch({ openLeaderboard: false }, manager.headers)).statusCode).toBe(403);
    expect(await findOrg(t.store.db, (await t.org()).id)).toEqual(before);
  });
});
