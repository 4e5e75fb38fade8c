import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, SMALL, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import type { MemberView } from '../core/contracts/access.ts';
import { findMember, putMember } from '../db/members-repo.ts';
import { createOrg } from '../db/org-repo.ts';
import { insertUser } from '../db/users-repo.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { linkRepsByEmail } from '../services/access/members.ts';
import { importFiles } from '../services/imports/import-files.ts';

/** Every membership row, in a fixed order: a refused change must leave them exactly as they were. */
async function memberRows(t: TestApp) {
  return t.store.db
    .selectFrom('members')
    .select(['org_id', 'user_id', 'role', 'rep_id', 'teams', 'updated_at'])
    .orderBy('org_id')
    .orderBy('user_id')
    .execute();
}

async function auditOf(t: TestApp, kind: string) {
  return t.store.db
    .selectFrom('audit_log')
    .select(['action', 'subject', 'summary', 'actor_email', 'before', 'after'])
    .where('kind', '=', kind)
    .orderBy('id')
    .execute();
}

describe.each(DIALECTS)('members API on %s', (dialect) => {
  let t: TestApp;
  let admin: TestPerson;
  let viewer: TestPerson;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await t.org();
    admin = await addTestPerson(t.store, org, 'admin');
    viewer = await addTestPerson(t.store, org, 'viewer');
  });
  afterAll(() => t.dispose());

  const patch = (userId: string, payload: object, headers?: Record<string, string>) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/v1/members/${userId}`,
      payload,
      ...(headers ? { headers } : {}),
    });
  const remove = (userId: string, headers?: Record<string, string>) =>
    t.app.inject({ method: 'DELETE', url: `/api/v1/members/${userId}`, ...(headers ? { headers } : {}) });

  it('lists the members with their role, rep and teams', async () => {
    const { members } = await t.getJson<{ members: MemberView[] }>('/api/v1/members');
    expect(members.map((m) => [m.email, m.role]).sort()).toEqual(
      [
        [t.owner.user.email, 'owner'],
        [admin.user.email, 'admin'],
        [viewer.user.email, 'viewer'],
      ].sort(),
    );
    const owner = members.find((m) => m.role === 'owner')!;
    expect(owner).toMatchObject({ userId: t.owner.user.id, name: t.owner.user.name, repId: null, teams: [] });
    expect(Number.isNaN(Date.parse(owner.createdAt))).toBe(false);
    expect(owner.lastSignInAt).toBeNull();
  });

  it('shows when a member last signed in: their newest session', async () => {
    const at = (iso: string) => (dialect === 'postgres' ? new Date(iso) : iso);
    for (const [id, created] of [
      ['s1', '2026-11-01T08:00:00.000Z'],
      ['s2', '2026-11-20T09:30:00.000Z'],
    ] as const) {
      await t.store.db
        .insertInto('session')
        .values({
          id,
          token: `token-${id}`,
          userId: admin.user.id,
          createdAt: at(created),
          updatedAt: at(created),
          expiresAt: at('2027-01-01T00:00:00.000Z'),
          ipAddress: null,
          userAgent: null,
        })
        .execute();
    }
    const { members } = await t.getJson<{ members: MemberView[] }>('/api/v1/members');
    expect(members.find((m) => m.userId === admin.user.id)?.lastSignInAt).toBe('2026-11-20T09:30:00.000Z');
  });

  it('is for admins only', async () => {
    const response = await t.app.inject({ url: '/api/v1/members', headers: viewer.headers });
    expect(response.statusCode).toBe(403);
  });

  it('makes a viewer the manager of existing teams, audited', async () => {
    const response = await patch(
      viewer.user.id,
      { role: 'manager', teams: ['Jakarta', 'Bandung'] },
      admin.headers,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      userId: viewer.user.id,
      role: 'manager',
      teams: ['Jakarta', 'Bandung'],
    });
    expect(await findMember(t.store.db, viewer.org.id, viewer.user.id)).toMatchObject({
      role: 'manager',
      teams: ['Jakarta', 'Bandung'],
    });
    const entry = (await auditOf(t, 'member')).at(-1)!;
    expect(entry).toMatchObject({
      action: 'updated',
      subject: viewer.user.email,
      actor_email: admin.user.email,
    });
    expect(JSON.parse(entry.before!)).toMatchObject({ role: 'viewer' });
    expect(JSON.parse(entry.after!)).toMatchObject({ role: 'manager', teams: ['Jakarta', 'Bandung'] });
  });

  it('refuses an unknown team or rep, naming the field, and changes nothing', async () => {
    const before = await memberRows(t);
    const team = await patch(viewer.user.id, { teams: ['Jakarta', 'Atlantis'] });
    expect(team.statusCode).toBe(400);
    expect(team.json()).toMatchObject({ error: 'bad_request', field: 'teams.1' });
    expect(team.json().message).toContain('Atlantis');
    const rep = await patch(viewer.user.id, { role: 'rep', repId: 'R99' });
    expect(rep.statusCode).toBe(400);
    expect(rep.json()).toMatchObject({ error: 'bad_request', field: 'repId' });
    const role = await patch(viewer.user.id, { role: 'boss' });
    expect(role.statusCode).toBe(400);
    expect(await memberRows(t)).toEqual(before);
  });

  it('links a rep to the rep record with their e-mail when no rep id is given', async () => {
    const person = await addTestPerson(t.store, await t.org(), 'viewer', { email: 'Rep4@Example.com' });
    const response = await patch(person.user.id, { role: 'rep' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ role: 'rep', repId: 'R04', repName: 'Rep 4', teams: [] });
  });

  it('lets only an owner make, demote or remove an owner', async () => {
    const before = await memberRows(t);
    const promote = await patch(admin.user.id, { role: 'owner' }, admin.headers);
    expect(promote.statusCode).toBe(403);
    expect(promote.json().message).toBe('only an owner can make or change an owner');
    const demote = await patch(t.owner.user.id, { role: 'admin' }, admin.headers);
    expect(demote.statusCode).toBe(403);
    const removed = await remove(t.owner.user.id, admin.headers);
    expect(removed.statusCode).toBe(403);
    expect(await memberRows(t)).toEqual(before);
  });

  it('never leaves the organisation without an owner', async () => {
    const before = await memberRows(t);
    const demote = await patch(t.owner.user.id, { role: 'admin' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ error: 'conflict', params: { rule: 'last_owner' } });
    expect(demote.json().message).toContain('last owner: make another member owner first');
    const removed = await remove(t.owner.user.id);
    expect(removed.statusCode).toBe(409);
    expect(await memberRows(t)).toEqual(before);
  });

  it('an owner makes a second owner, after which the first may go', async () => {
    const second = await addTestPerson(t.store, await t.org(), 'admin');
    expect((await patch(second.user.id, { role: 'owner' })).statusCode).toBe(200);
    const removed = await remove(t.owner.user.id, second.headers);
    expect(removed.statusCode).toBe(204);
    expect(await findMember(t.store.db, second.org.id, t.owner.user.id)).toBeUndefined();
    // The removed owner's token no longer opens the organisation.
    expect((await t.app.inject({ url: '/api/v1/members', headers: t.owner.headers })).statusCode).toBe(401);
    const entry = (await auditOf(t, 'member')).at(-1)!;
    expect(entry).toMatchObject({
      action: 'removed',
      subject: t.owner.user.email,
      actor_email: second.user.email,
    });
    // And the last one left is now the one who cannot leave.
    expect((await remove(second.user.id, second.headers)).statusCode).toBe(409);
  });

  it('two owners removing each other at once leave one owner', async () => {
    const org = await t.org();
    const a = await addTestPerson(t.store, org, 'owner');
    const b = await addTestPerson(t.store, org, 'owner');
    const owners = async () =>
      (
        await t.store.db
          .selectFrom('members')
          .select('user_id')
          .where('org_id', '=', org.id)
          .where('role', '=', 'owner')
          .execute()
      ).length;
    const before = await owners();
    // Remove every other owner first, so exactly a and b are left.
    for (const row of await t.store.db
      .selectFrom('members')
      .select('user_id')
      .where('org_id', '=', org.id)
      .where('role', '=', 'owner')
      .execute()) {
      if (row.user_id !== a.user.id && row.user_id !== b.user.id)
        expect((await remove(row.user_id, a.headers)).statusCode).toBe(204);
    }
    expect(before).toBeGreaterThanOrEqual(2);
    const [ab, ba] = await Promise.all([remove(b.user.id, a.headers), remove(a.user.id, b.headers)]);
    expect([ab.statusCode, ba.statusCode].sort()).toEqual([204, 409]);
    expect(await owners()).toBe(1);
  });

  it('an admin removes a non-owner; an unknown member is 404', async () => {
    const person = await addTestPerson(t.store, await t.org(), 'rep');
    expect((await remove(person.user.id, admin.headers)).statusCode).toBe(204);
    expect((await remove(person.user.id, admin.headers)).statusCode).toBe(404);
    expect((await patch('nobody', { role: 'viewer' }, admin.headers)).statusCode).toBe(404);
  });
});

describe.each(DIALECTS)('rep members linked by e-mail on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore(dialect);
  });
  afterAll(() => store.dispose());

  it('links an unlinked rep member when an import brings their rep record, once', async () => {
    const org = await createOrg(store.db);
    const user = await insertUser(store.db, store.dialect, { email: 'rep7@example.com', name: 'Seven' });
    const other = await insertUser(store.db, store.dialect, { email: 'someone@example.com', name: 'Other' });
    await putMember(store.db, { orgId: org.id, userId: user.id, role: 'rep', repId: null, teams: [] });
    await putMember(store.db, { orgId: org.id, userId: other.id, role: 'rep', repId: null, teams: [] });
    const result = await importFiles(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
    expect(result.errors).toEqual([]);
    expect(result.orgId).toBe(org.id);
    expect((await findMember(store.db, org.id, user.id))?.repId).toBe('R07');
    expect((await findMember(store.db, org.id, other.id))?.repId).toBeNull();
    expect(await linkRepsByEmail(store, org.id)).toBe(0);
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('kind', '=', 'member')
      .execute();
    expect(audit).toEqual([
      { action: 'linked', summary: 'rep7@example.com linked to rep R07 (Rep 7) by e-mail' },
    ]);
  });
});
