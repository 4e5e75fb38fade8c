import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { findDefaultOrg } from '../../db/org-repo.ts';
import { hasAnyData } from '../../db/reference-repo.ts';
import { prepareFirstRun } from './serve-command.ts';

// `npm start` on a new database must open on the demo organisation, or on an empty one when asked.
describe.each(DIALECTS)('udn serve, first run, on %s', (dialect) => {
  let store: TestStore | null = null;
  afterEach(async () => {
    await store?.dispose();
    store = null;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

  it('--empty creates an organisation without data, once', async () => {
    store = await createTestStore(dialect);
    await prepareFirstRun(store, true);
    const org = await findDefaultOrg(store.db);
    expect(org).toBeDefined();
    expect(await hasAnyData(store.db, org!.id)).toBe(false);
    await prepareFirstRun(store, false);
    expect((await findDefaultOrg(store.db))?.id).toBe(org!.id);
    expect(await hasAnyData(store.db, org!.id)).toBe(false);
  });

  it.runIf(dialect === 'sqlite')('otherwise loads the demo organisation', async () => {
    store = await createTestStore(dialect);
    await prepareFirstRun(store, false);
    const org = await findDefaultOrg(store.db);
    expect(await hasAnyData(store.db, org!.id)).toBe(true);
    expect(org!.data_version).toBeGreaterThan(0);
  });
});
