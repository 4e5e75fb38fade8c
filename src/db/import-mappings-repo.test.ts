import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import { type Mapping, mappingSchema } from '../core/contracts/mapping.ts';
import {
  deleteSavedMapping,
  findSavedMapping,
  getSavedMapping,
  listSavedMappings,
  saveMapping,
} from './import-mappings-repo.ts';
import { createOrg } from './org-repo.ts';

const deals: Mapping = mappingSchema.parse({
  udnMapping: 1,
  table: 'deals',
  fields: {
    id: { column: 'Record ID' },
    created_at: { column: 'Create Date', format: 'MM/DD/YYYY' },
    status: {
      column: 'Deal Stage',
      values: { 'Closed Won': 'won', 'Closed Lost': 'lost' },
      otherwise: 'open',
    },
  },
});

describe.each(DIALECTS)('saved mappings on %s', (dialect) => {
  let store: TestStore;
  let orgA: number;
  let orgB: number;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    orgA = (await createOrg(store.db, { name: 'A' }, 'org-a')).id;
    orgB = (await createOrg(store.db, { name: 'B' }, 'org-b')).id;
  });
  afterAll(() => store.dispose());

  it('saves by organisation and name, replaces on a second save, lists by name and deletes', async () => {
    expect(await findSavedMapping(store.db, orgA, 'HubSpot deals')).toBeUndefined();
    const first = await saveMapping(store.db, orgA, 'HubSpot deals', deals, null, Date.UTC(2026, 11, 1));
    expect(first.before).toBeUndefined();
    expect(first.saved).toEqual({
      name: 'HubSpot deals',
      mapping: { ...deals, name: 'HubSpot deals' },
      updatedAt: '2026-12-01T00:00:00.000Z',
      updatedBy: null,
    });
    const changed: Mapping = { ...deals, decimal: ',' };
    const second = await saveMapping(store.db, orgA, 'HubSpot deals', changed, 'u1', Date.UTC(2026, 11, 2));
    expect(second.before).toEqual({ ...deals, name: 'HubSpot deals' });
    await saveMapping(store.db, orgA, 'Another', deals, 'u1');
    await saveMapping(store.db, orgB, 'HubSpot deals', deals, null);

    expect(await findSavedMapping(store.db, orgA, 'HubSpot deals')).toEqual({
      ...changed,
      name: 'HubSpot deals',
    });
    expect(await getSavedMapping(store.db, orgA, 'HubSpot deals')).toMatchObject({
      updatedAt: '2026-12-02T00:00:00.000Z',
      updatedBy: 'u1',
    });
    expect((await listSavedMappings(store.db, orgA)).map((m) => m.name)).toEqual([
      'Another',
      'HubSpot deals',
    ]);
    expect(await findSavedMapping(store.db, orgA, 'hubspot deals')).toBeUndefined();

    expect(await deleteSavedMapping(store.db, orgA, 'HubSpot deals')).toEqual({
      ...changed,
      name: 'HubSpot deals',
    });
    expect(await deleteSavedMapping(store.db, orgA, 'HubSpot deals')).toBeUndefined();
    expect((await listSavedMappings(store.db, orgA)).map((m) => m.name)).toEqual(['Another']);
    expect((await listSavedMappings(store.db, orgB)).map((m) => m.name)).toEqual(['HubSpot deals']);
  });
});
