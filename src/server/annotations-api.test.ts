import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { AnnotationItem } from '../core/contracts/annotations.ts';
import type { ApiError } from '../core/contracts/api.ts';

describe.each(DIALECTS)('/api/v1/annotations on %s', (dialect) => {
  let t: TestApp;
  let manager: TestPerson;
  let rep: TestPerson;
  let viewer: TestPerson;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await t.org();
    manager = await addTestPerson(t.store, org, 'manager', { teams: ['Jakarta'] });
    rep = await addTestPerson(t.store, org, 'rep', { repId: 'R01' });
    viewer = await addTestPerson(t.store, org, 'viewer', { scope: 'read' });
  });
  afterAll(() => t.dispose());

  const send = (
    method: 'POST' | 'PATCH' | 'DELETE' | 'GET',
    url: string,
    payload?: object,
    who?: TestPerson,
  ) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      ...(payload ? { payload } : {}),
      ...(who ? { headers: who.headers } : {}),
    });
  const list = async (query: string, who?: TestPerson) => {
    const response = await send('GET', `/annotations?${query}`, undefined, who);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<AnnotationItem[]>();
  };
  const notes = async (query: string) => (await list(query)).map((a) => a.note);

  let price: AnnotationItem;
  let joined: AnnotationItem;
  it('an admin annotates the organisation and a team; the list overlaps the range and filters by team', async () => {
    const created = await send('POST', '/annotations', {
      from: '2026-03-01',
      to: '2026-03-01',
      note: '  Price increase  ',
    });
    expect(created.statusCode, created.body).toBe(201);
    price = created.json<AnnotationItem>();
    expect(price).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-01',
      note: 'Price increase',
      team: null,
      canEdit: true,
      createdBy: t.owner.user.email,
    });
    joined = (
      await send('POST', '/annotations', {
        from: '2026-02-20',
        to: '2026-03-05',
        note: 'New rep joined',
        team: 'Surabaya',
      })
    ).json<AnnotationItem>();
    expect(joined.team).toBe('Surabaya');

    // Sorted by first day; a range overlapping the window counts even when it starts before it.
    expect(await notes('from=2026-03-01&to=2026-03-31')).toEqual(['New rep joined', 'Price increase']);
    expect(await notes('from=2026-03-02&to=2026-03-31')).toEqual(['New rep joined']);
    expect(await notes('from=2026-03-06&to=2026-03-31')).toEqual([]);
    expect(await notes('from=2026-01-01&to=2026-02-19')).toEqual([]);
    // A team's charts draw the organisation's annotations and that team's only.
    expect(await notes('team=Jakarta')).toEqual(['Price increase']);
    expect(await notes('team=Surabaya')).toEqual(['New rep joined', 'Price increase']);
  });

  it('refuses bad input with a 400 naming the field, writing nothing', async () => {
    const before = await notes('');
    const cases: [object, string][] = [
      [{ from: '2026-03-05', to: '2026-03-01', note: 'x' }, 'to'],
      [{ from: '2026-02-30', to: '2026-03-01', note: 'x' }, 'from'],
      [{ from: '2026-03-01', to: '2026-03-01', note: '   ' }, 'note'],
      [{ from: '2026-03-01', to: '2026-03-01', note: 'x'.repeat(281) }, 'note'],
      [{ from: '2026-03-01', to: '2026-03-01', note: 'x', team: 'Atlantis' }, 'team'],
      [{ from: '2026-03-01', to: '2026-03-01', note: 'x', colour: 'red' }, 'colour'],
    ];
    for (const [payload, field] of cases) {
      const response = await send('POST', '/annotations', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json<ApiError>().field, JSON.stringify(payload)).toBe(field);
    }
    const patch = await send('PATCH', `/annotations/${price.id}`, { from: '2026-03-09' });
    expect(patch.statusCode).toBe(400);
    expect(patch.json<ApiError>().field).toBe('from');
    const query = await send('GET', '/annotations?from=2026-03-05&to=2026-03-01');
    expect(query.statusCode).toBe(400);
    expect(query.json<ApiError>().field).toBe('to');
    expect(await notes('')).toEqual(before);
  });

  it('managers edit their teams’ annotations only; reps and viewers read them all and edit none', async () => {
    // Everyone reads; canEdit says what the reader may change.
    const asManager = await list('', manager);
    expect(asManager.map((a) => [a.note, a.canEdit])).toEqual([
      ['New rep joined', false],
      ['Price increase', false],
    ]);
    expect((await list('', rep)).every((a) => !a.canEdit)).toBe(true);
    expect(await list('', viewer)).toHaveLength(2);

    const own = await send(
      'POST',
      '/annotations',
      { from: '2026-03-10', to: '2026-03-12', note: 'Jakarta roadshow', team: 'Jakarta' },
      manager,
    );
    expect(own.statusCode, own.body).toBe(201);
    const roadshow = own.json<AnnotationItem>();
    expect(roadshow.canEdit).toBe(true);
    expect(
      (await send('PATCH', `/annotations/${roadshow.id}`, { note: 'Jakarta roadshow (3 days)' }, manager))
        .statusCode,
    ).toBe(200);

    for (const [payload, who] of [
      [{ from: '2026-03-10', to: '2026-03-10', note: 'org-wide' }, manager],
      [{ from: '2026-03-10', to: '2026-03-10', note: 'other team', team: 'Surabaya' }, manager],
      [{ from: '2026-03-10', to: '2026-03-10', note: 'mine', team: 'Jakarta' }, rep],
    ] as const) {
      expect((await send('POST', '/annotations', payload, who)).statusCode, payload.note).toBe(403);
    }
    // A viewer's read token cannot write at all.
    expect(
      (await send('POST', '/annotations', { from: '2026-03-10', to: '2026-03-10', note: 'x' }, viewer))
        .statusCode,
    ).toBe(403);
    expect((await send('PATCH', `/annotations/${price.id}`, { note: 'mine now' }, manager)).statusCode).toBe(
      403,
    );
    // Moving one's own annotation to a team one does not manage is refused too.
    expect(
      (await send('PATCH', `/annotations/${roadshow.id}`, { team: 'Surabaya' }, manager)).statusCode,
    ).toBe(403);
    expect((await send('DELETE', `/annotations/${joined.id}`, undefined, manager)).statusCode).toBe(403);
    expect((await send('DELETE', `/annotations/${roadshow.id}`, undefined, rep)).statusCode).toBe(403);
    expect((await send('DELETE', `/annotations/${roadshow.id}`, undefined, manager)).statusCode).toBe(204);
    expect(await notes('')).toEqual(['New rep joined', 'Price increase']);
  });

  it('an admin changes and deletes any annotation; each change is audited', async () => {
    const changed = await send('PATCH', `/annotations/${joined.id}`, {
      note: 'Rep 11 joined',
      team: null,
      from: '2026-02-21',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<AnnotationItem>()).toMatchObject({
      from: '2026-02-21',
      to: '2026-03-05',
      note: 'Rep 11 joined',
      team: null,
    });
    expect((await send('DELETE', `/annotations/${price.id}`)).statusCode).toBe(204);
    expect((await send('DELETE', `/annotations/${price.id}`)).statusCode).toBe(404);
    expect((await send('PATCH', `/annotations/${price.id}`, { note: 'x' })).statusCode).toBe(404);
    expect(await notes('team=Jakarta')).toEqual(['Rep 11 joined']);

    const audit = await t.store.db
      .selectFrom('audit_log')
      .select(['action', 'subject', 'actor_email'])
      .where('kind', '=', 'dashboard')
      .where('action', 'like', 'annotation_%')
      .orderBy('id')
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual([
      'annotation_created',
      'annotation_created',
      'annotation_created',
      'annotation_updated',
      'annotation_deleted',
      'annotation_updated',
      'annotation_deleted',
    ]);
    expect(audit.at(-1)).toMatchObject({
      subject: `annotation:${price.id}`,
      actor_email: t.owner.user.email,
    });
    expect(audit[2]).toMatchObject({ actor_email: manager.user.email });
  });
});
