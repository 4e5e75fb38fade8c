import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { SavedMapping } from '../core/contracts/mapping.ts';

interface AuditPage {
  entries: {
    kind: string;
    action: string;
    subject: string | null;
    summary: string;
    actorUserId: string | null;
  }[];
}

const HUBSPOT = {
  udnMapping: 1,
  table: 'deals',
  fields: {
    id: { column: 'Record ID' },
    owner_rep_id: { column: 'Deal owner', rep: 'name-or-email' },
    created_at: { column: 'Create Date' },
    status: {
      column: 'Deal Stage',
      values: { 'Closed Won': 'won', 'Closed Lost': 'lost' },
      otherwise: 'open',
    },
  },
  dates: 'MM/DD/YYYY',
};

describe.each(DIALECTS)('/api/v1/mappings on %s', (dialect) => {
  let t: TestApp;
  let rep: TestPerson;
  let viewer: TestPerson;
  beforeAll(async () => {
    t = await createTestApp(dialect, { empty: true });
    const org = await t.org();
    rep = await addTestPerson(t.store, org, 'rep', { scope: 'write' });
    viewer = await addTestPerson(t.store, org, 'viewer', { scope: 'read' });
  });
  afterAll(() => t.dispose());

  const put = (name: string, payload: unknown, headers?: Record<string, string>) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/mappings/${encodeURIComponent(name)}`,
      payload: payload as object,
      ...(headers ? { headers } : {}),
    });

  it('saves a mapping by name, lists it, answers it, replaces it, downloads it and deletes it, audited', async () => {
    expect(await t.getJson<SavedMapping[]>('/api/v1/mappings')).toEqual([]);
    const created = await put('HubSpot deals', { ...HUBSPOT, name: 'ignored: the path names it' });
    expect(created.statusCode, created.body).toBe(201);
    const saved = created.json<SavedMapping>();
    expect(saved).toMatchObject({
      name: 'HubSpot deals',
      updatedBy: t.owner.user.id,
      // The schema's defaults are filled in; the name is the path's.
      mapping: { ...HUBSPOT, name: 'HubSpot deals', decimal: '.', createReps: 'when-none' },
    });
    expect(Date.parse(saved.updatedAt)).toBeGreaterThan(Date.now() - 60_000);

    const replaced = await put('HubSpot deals', { ...HUBSPOT, decimal: ',' });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json<SavedMapping>().mapping.decimal).toBe(',');
    expect(
      (await put('Zoho leads', { udnMapping: 1, table: 'leads', fields: { id: { column: 'Lead Id' } } }))
        .statusCode,
    ).toBe(201);

    const list = await t.getJson<SavedMapping[]>('/api/v1/mappings');
    expect(list.map((m) => [m.name, m.mapping.table])).toEqual([
      ['HubSpot deals', 'deals'],
      ['Zoho leads', 'leads'],
    ]);
    const one = await t.getJson<SavedMapping>('/api/v1/mappings/HubSpot%20deals');
    expect(one.mapping).toEqual({ ...HUBSPOT, name: 'HubSpot deals', decimal: ',', createReps: 'when-none' });

    const download = await t.app.inject({ url: '/api/v1/mappings/HubSpot%20deals?download=1' });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="HubSpot deals.udn-mapping.json"; filename*=UTF-8''HubSpot%20deals.udn-mapping.json`,
    );
    // The file is the document itself: what `udn import --mapping FILE` and PUT take back.
    expect(JSON.parse(download.body)).toEqual(one.mapping);
    expect((await put('Copy', JSON.parse(download.body))).statusCode).toBe(201);

    const deleted = await t.app.inject({ method: 'DELETE', url: '/api/v1/mappings/Copy' });
    expect(deleted.statusCode, deleted.body).toBe(204);
    const again = await t.app.inject({ method: 'DELETE', url: '/api/v1/mappings/Copy' });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({
      error: 'not_found',
      message: 'mapping Copy does not exist',
      field: 'name',
    });
    expect((await t.app.inject({ url: '/api/v1/mappings/Nope' })).statusCode).toBe(404);

    const audit = await t.getJson<AuditPage>('/api/v1/audit?kind=import&limit=50');
    const mappingEntries = audit.entries
      .filter((e) => e.subject?.startsWith('mapping:'))
      .map((e) => [e.action, e.subject, e.summary, e.actorUserId]);
    expect(mappingEntries).toEqual([
      ['deleted', 'mapping:Copy', 'deleted the column mapping "Copy"', t.owner.user.id],
      ['created', 'mapping:Copy', 'saved the column mapping "Copy" (deals)', t.owner.user.id],
      ['created', 'mapping:Zoho leads', 'saved the column mapping "Zoho leads" (leads)', t.owner.user.id],
      [
        'updated',
        'mapping:HubSpot deals',
        'changed the column mapping "HubSpot deals" (deals)',
        t.owner.user.id,
      ],
      [
        'created',
        'mapping:HubSpot deals',
        'saved the column mapping "HubSpot deals" (deals)',
        t.owner.user.id,
      ],
    ]);
  });

  it('refuses to delete a mapping a scheduled source imports through, naming the source', async () => {
    expect((await put('Nightly deals', HUBSPOT)).statusCode).toBe(201);
    const source = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      payload: {
        name: 'Nightly export',
        kind: 'url',
        location: 'https://files.example.com/deals.csv',
        schedule: '0 6 * * *',
        mappingName: 'Nightly deals',
      },
    });
    expect(source.statusCode, source.body).toBe(201);
    const refused = await t.app.inject({ method: 'DELETE', url: '/api/v1/mappings/Nightly%20deals' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ field: 'name' });
    expect(refused.json().message).toContain('"Nightly export"');
    expect((await t.getJson<SavedMapping[]>('/api/v1/mappings')).map((m) => m.name)).toContain(
      'Nightly deals',
    );
    const id = source.json<{ id: number }>().id;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/sources/${id}` })).statusCode).toBe(204);
    const deleted = await t.app.inject({ method: 'DELETE', url: '/api/v1/mappings/Nightly%20deals' });
    expect(deleted.statusCode).toBe(204);
  });

  it('refuses an invalid document naming the JSON path of what is wrong, and saves nothing', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ ...HUBSPOT, udnMapping: 2 }, 'udnMapping', /1/],
      [{ ...HUBSPOT, table: 'opportunities' }, 'table', /reps|deals/],
      [{ ...HUBSPOT, dates: 'DD/MM/YY' }, 'dates', /MM\/DD\/YYYY/],
      [
        { ...HUBSPOT, fields: { ...HUBSPOT.fields, colour: { column: 'Colour' } } },
        'fields.colour',
        /deals has no field colour/,
      ],
      [
        { ...HUBSPOT, fields: { id: { column: 'Record ID', constant: 'x' } } },
        'fields.id',
        /give either column or constant/,
      ],
      [
        { ...HUBSPOT, fields: { id: { column: 'Record ID', rep: 'phone' } } },
        'fields.id.rep',
        /id|name|email/,
      ],
      [{ ...HUBSPOT, colour: 'red' }, 'colour', /.+/],
      [{ ...HUBSPOT, fields: undefined }, 'fields', /.+/],
    ];
    for (const [body, field, message] of cases) {
      const response = await put('Broken', body);
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      const error = response.json<{ field: string; message: string }>();
      expect(error.field, response.body).toBe(field);
      expect(error.message).toMatch(message);
    }
    const badName = await put(' ', HUBSPOT);
    expect(badName.statusCode).toBe(400);
    expect(badName.json()).toMatchObject({ field: 'name', message: 'name: give the mapping a name' });
    const slash = await put('a\\b', HUBSPOT);
    expect(slash.json()).toMatchObject({ field: 'name' });
    expect((await t.getJson<SavedMapping[]>('/api/v1/mappings')).map((m) => m.name)).not.toContain('Broken');
  });

  it('lets members read mappings but only admins write them', async () => {
    await put('Shared', HUBSPOT);
    for (const person of [rep, viewer]) {
      const list = await t.app.inject({ url: '/api/v1/mappings', headers: person.headers });
      expect(list.statusCode).toBe(200);
      expect(list.json<SavedMapping[]>().map((m) => m.name)).toContain('Shared');
      const write = await put('Shared', { ...HUBSPOT, dates: 'iso' }, person.headers);
      expect(write.statusCode).toBe(403);
      const remove = await t.app.inject({
        method: 'DELETE',
        url: '/api/v1/mappings/Shared',
        headers: person.headers,
      });
      expect(remove.statusCode).toBe(403);
    }
    expect((await t.getJson<SavedMapping>('/api/v1/mappings/Shared')).mapping.dates).toBe('MM/DD/YYYY');
  });

  it('keeps each organisation to its own mappings', async () => {
    const { createOrg } = await import('../db/org-repo.ts');
    const other = await addTestPerson(
      t.store,
      await createOrg(t.store.db, { name: 'Other' }, 'other-org'),
      'owner',
    );
    const mine = await t.app.inject({ url: '/api/v1/mappings', headers: other.headers });
    expect(mine.json()).toEqual([]);
    expect((await t.app.inject({ url: '/api/v1/mappings/Shared', headers: other.headers })).statusCode).toBe(
      404,
    );
  });

  it('documents the routes in the OpenAPI description with examples', async () => {
    const doc = await t.getJson<{
      paths: Record<string, Record<string, { requestBody?: unknown; responses: unknown }>>;
    }>('/api/openapi.json');
    const paths = doc.paths;
    expect(Object.keys(paths['/api/v1/mappings/{name}'] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    expect(JSON.stringify(paths['/api/v1/mappings/{name}']?.put?.requestBody)).toContain('"Deal Stage"');
    expect(JSON.stringify(paths['/api/v1/mappings']?.get?.responses)).toContain('HubSpot deals');
    // The saved document is described field by field, as the PUT body is.
    expect(JSON.stringify(paths['/api/v1/mappings']?.get?.responses)).toContain(
      '"enum":["never","when-none","always"]',
    );
  });
});
