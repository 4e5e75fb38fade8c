import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { Dashboard } from '../core/contracts/api.ts';
import type { Digest } from '../core/contracts/digests.ts';
import { nextSendAfter } from '../core/digests/next-send.ts';

/** The digests API: what is refused (a 400 naming the field, nothing written), who may do what, the schedule. */

describe.each(DIALECTS)('digests API on %s', (dialect) => {
  let t: TestApp;
  let dashboardId: number;
  let manager: TestPerson;
  let rep: TestPerson;
  let otherRep: TestPerson;
  let viewer: TestPerson;
  beforeAll(async () => {
    t = await createTestApp(dialect, { digests: { enabled: false } });
    dashboardId = (await t.getJson<Dashboard[]>('/api/v1/dashboards')).find((d) => d.isDefault)!.id;
    const org = await t.org();
    manager = await addTestPerson(t.store, org, 'manager', { teams: ['Jakarta'] });
    rep = await addTestPerson(t.store, org, 'rep', { repId: 'R01' });
    otherRep = await addTestPerson(t.store, org, 'rep', { repId: 'R02' });
    viewer = await addTestPerson(t.store, org, 'viewer');
  });
  afterAll(() => t.dispose());

  const weekly = () => ({
    name: 'Weekly sales',
    dashboardId,
    frequency: 'weekly',
    day: 1,
    localTime: '08:00',
    recipients: { users: [t.owner.user.id], teams: [], emails: [] },
  });
  const post = (payload: unknown, headers?: { authorization: string }) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/digests',
      payload: payload as object,
      ...(headers ? { headers } : {}),
    });
  const count = async () => (await t.getJson<{ digests: Digest[] }>('/api/v1/digests')).digests.length;

  it.each([
    [{ localTime: '8:00' }, 'localTime'],
    [{ localTime: '24:00' }, 'localTime'],
    [{ day: 8 }, 'day'],
    [{ day: null }, 'day'],
    [{ frequency: 'monthly', day: 29 }, 'day'],
    [{ frequency: 'monthly', day: null }, 'day'],
    [{ frequency: 'hourly' }, 'frequency'],
    [{ recipients: { users: [], teams: [], emails: ['not an address'] } }, 'recipients.emails.0'],
    [{ recipients: { users: ['nobody'], teams: [], emails: [] } }, 'recipients.users.0'],
    [{ recipients: { users: [], teams: ['Medan'], emails: [] } }, 'recipients.teams.0'],
    [{ recipients: { users: [], teams: [], emails: [] } }, 'recipients'],
    [{ dashboardId: 999_999 }, 'dashboardId'],
    [{ name: '  ' }, 'name'],
  ])('refuses %j with a 400 naming %s, and writes nothing', async (change, field) => {
    const before = await count();
    const response = await post({ ...weekly(), ...change });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json<{ field?: string; details?: { field: string }[] }>()).toSatisfy(
      (body: { field?: string; details?: { field: string }[] }) =>
        body.field === field || (body.details ?? []).some((d) => d.field === field),
    );
    expect(await count()).toBe(before);
  });

  it('creates, reads, changes and deletes a digest; the schedule follows in the organisation’s zone', async () => {
    const before = Date.now();
    const created = await post(weekly());
    expect(created.statusCode, created.body).toBe(201);
    const digest = created.json<Digest>();
    expect(digest).toMatchObject({
      name: 'Weekly sales',
      frequency: 'weekly',
      day: 1,
      localTime: '08:00',
      enabled: true,
      canEdit: true,
    });
    const due = Date.parse(digest.nextSendAt!);
    // The next Monday 08:00 in Asia/Jakarta after the moment it was made.
    expect(due).toBeGreaterThanOrEqual(
      nextSendAfter({ frequency: 'weekly', day: 1, localTime: '08:00' }, 'Asia/Jakarta', before),
    );
    expect(new Date(due).toISOString()).toMatch(/T01:00:00\.000Z$/);
    expect(new Date(due).getUTCDay()).toBe(1);

    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/digests/${digest.id}`,
      payload: { frequency: 'monthly', day: 28, localTime: '17:30' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = changed.json<Digest>();
    expect(new Date(after.nextSendAt!).getUTCDate()).toBe(28);
    expect(after.nextSendAt).toMatch(/T10:30:00\.000Z$/);

    // A PATCH whose result breaks a rule is refused by the field, and changes nothing.
    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/digests/${digest.id}`,
      payload: { frequency: 'weekly' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ field: string }>().field).toBe('day');
    expect((await t.getJson<Digest>(`/api/v1/digests/${digest.id}`)).frequency).toBe('monthly');

    const disabled = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/digests/${digest.id}`,
      payload: { enabled: false },
    });
    expect(disabled.json<Digest>().nextSendAt).toBeNull();

    const audit = await t.getJson<{ entries: { summary: string }[] }>('/api/v1/audit?limit=20');
    expect(audit.entries.map((e) => e.summary)).toContain(
      'scheduled digest "Weekly sales" (weekly at 08:00)',
    );

    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/digests/${digest.id}` })).statusCode).toBe(
      204,
    );
    expect((await t.app.inject({ url: `/api/v1/digests/${digest.id}` })).statusCode).toBe(404);
    const jobs = await t.store.db
      .selectFrom('scheduled_jobs')
      .select('name')
      .where('name', '=', `digest:${digest.id}`)
      .execute();
    expect(jobs).toEqual([]);
  });

  it('a rep sends only to themselves; a manager to their team; a viewer not at all', async () => {
    const mine = { ...weekly(), recipients: { users: [rep.user.id], teams: [], emails: [] } };
    expect((await post(mine, rep.headers)).statusCode).toBe(201);
    const toOther = await post(
      { ...weekly(), recipients: { users: [otherRep.user.id], teams: [], emails: [] } },
      rep.headers,
    );
    expect(toOther.statusCode).toBe(403);
    expect(toOther.json<{ message: string }>().message).toContain('recipients.users.0');
    expect(
      (
        await post(
          { ...weekly(), recipients: { users: [], teams: [], emails: ['x@outside.test'] } },
          rep.headers,
        )
      ).statusCode,
    ).toBe(403);

    const team = {
      ...weekly(),
      recipients: { users: [manager.user.id, rep.user.id], teams: ['Jakarta'], emails: [] },
    };
    expect((await post(team, manager.headers)).statusCode).toBe(201);
    // R02 is in Surabaya, not the manager's team.
    expect(
      (
        await post(
          { ...weekly(), recipients: { users: [otherRep.user.id], teams: [], emails: [] } },
          manager.headers,
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await post(
          { ...weekly(), recipients: { users: [], teams: ['Surabaya'], emails: [] } },
          manager.headers,
        )
      ).statusCode,
    ).toBe(403);

    expect(
      (
        await post(
          { ...weekly(), recipients: { users: [viewer.user.id], teams: [], emails: [] } },
          viewer.headers,
        )
      ).statusCode,
    ).toBe(403);
  });

  it('members see the digests they made or receive; only the maker and admins change them', async () => {
    const made = await post(
      { ...weekly(), name: 'For the team', recipients: { users: [rep.user.id], teams: [], emails: [] } },
      manager.headers,
    );
    const digest = made.json<Digest>();
    const seenByRep = (await t.app.inject({ url: '/api/v1/digests', headers: rep.headers })).json<{
      digests: Digest[];
    }>();
    expect(seenByRep.digests.find((d) => d.id === digest.id)?.canEdit).toBe(false);
    const seenByOther = (await t.app.inject({ url: '/api/v1/digests', headers: otherRep.headers })).json<{
      digests: Digest[];
    }>();
    expect(seenByOther.digests.map((d) => d.id)).not.toContain(digest.id);
    expect(
      (await t.app.inject({ url: `/api/v1/digests/${digest.id}`, headers: otherRep.headers })).statusCode,
    ).toBe(404);
    const byRep = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/digests/${digest.id}`,
      payload: { name: 'Mine now' },
      headers: rep.headers,
    });
    expect(byRep.statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/digests/${digest.id}/send`, headers: rep.headers }))
        .statusCode,
    ).toBe(403);
    const byOwner = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/digests/${digest.id}`,
      payload: { name: 'Renamed' },
    });
    expect(byOwner.json<Digest>().name).toBe('Renamed');
  });

  it("the preview is the caller's own copy as HTML, charts inline", async () => {
    const digest = (
      await post({ ...weekly(), recipients: { users: [rep.user.id], teams: [], emails: [] } }, rep.headers)
    ).json<Digest>();
    const response = await t.app.inject({
      url: `/api/v1/digests/${digest.id}/preview?period=2026-02`,
      headers: rep.headers,
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('Weekly sales');
    expect(response.body).toContain('src="data:image/png;base64,');
    expect(response.body).not.toContain('cid:');
    expect(response.body).not.toMatch(/\bRep (?!1\b)\d+\b/);
    const bad = await t.app.inject({
      url: `/api/v1/digests/${digest.id}/preview?period=2026-13`,
      headers: rep.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ field: string }>().field).toBe('period');
  });

  it('sending without a mail server is a recorded failure naming UDN_SMTP_URL', async () => {
    delete process.env.UDN_SMTP_URL;
    const digest = (await post(weekly())).json<Digest>();
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/digests/${digest.id}/send`,
      payload: {},
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'failed', deliveries: [] });
    const stored = await t.getJson<Digest>(`/api/v1/digests/${digest.id}`);
    expect(stored.lastStatus).toBe('failed');
    expect(stored.lastMessage).toContain('UDN_SMTP_URL');
  });
});
