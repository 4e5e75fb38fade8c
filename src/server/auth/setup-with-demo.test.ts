import { afterAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../../../test/support/test-stores.ts';
import { findOrgBySlug } from '../../db/org-repo.ts';
import { buildApp } from '../app.ts';

describe('first-run setup with the demo (sqlite)', () => {
  let store: TestStore;
  let close = async () => {};
  afterAll(async () => {
    await close();
    await store?.dispose();
  });

  it("loads the demo into the owner's organisation", { timeout: 120_000 }, async () => {
    store = await createTestStore('sqlite');
    const app = await buildApp({ store, webDist: null });
    close = () => app.close();
    const made = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: {
        name: 'Budi',
        email: 'budi@example.test',
        password: 'a long passphrase',
        orgName: 'Demo Sales',
        demo: true,
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const org = (await findOrgBySlug(store.db, made.json<{ orgSlug: string }>().orgSlug))!;
    expect(org.name).toBe('Demo Sales');
    const reps = await store.db.selectFrom('reps').select('id').where('org_id', '=', org.id).execute();
    expect(reps.length).toBeGreaterThan(5);
    const orgs = await store.db.selectFrom('orgs').select('id').execute();
    expect(orgs).toEqual([{ id: org.id }]);
  });
});
