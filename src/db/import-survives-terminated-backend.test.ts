import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBenchFiles } from '../../bench/generate-data.ts';
import { databaseOf, terminateBackends } from '../../test/support/pg-faults.ts';
import { expectRollupMatchesRebuild } from '../../test/support/rollup-check.ts';
import { snapshotStore } from '../../test/support/store-snapshot.ts';
import { createTestStore, type TestStore } from '../../test/support/test-stores.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { importFiles } from '../services/imports/import-files.ts';
import { isStoreUnavailable } from './store-faults.ts';

// An import is one transaction: a backend terminated in the middle of it must leave the store as
// it was (and the history saying so), and the next import must give the same store as ever.
describe('an import on PostgreSQL whose backend is terminated mid-way', () => {
  let store: TestStore | null = null;
  let dir: string | null = null;
  afterEach(async () => {
    await store?.dispose();
    store = null;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('fails cleanly, writes nothing, and a later import gives a consistent store', async () => {
    store = await createTestStore('postgres');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-cut-import-'));
    await writeBenchFiles(dir, { deals: 2000 });
    const files = filesInDirectory(dir).files;
    const before = await snapshotStore(store);

    let terminated: Promise<number> | null = null;
    const database = databaseOf(store);
    const outcome = await importFiles(store, files, {
      source: 'test',
      onProgress: (progress) => {
        // Deals are written after reps, accounts and leads: the transaction is well under way.
        if (progress.file === 'deals.csv' && terminated === null) terminated = terminateBackends(database);
      },
    }).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    expect(terminated).not.toBeNull();
    expect(await terminated).toBeGreaterThan(0);

    // The import's own statements were cut off: it fails with a store fault, nothing of it stays.
    expect(outcome).toHaveProperty('error');
    expect(isStoreUnavailable((outcome as { error: unknown }).error)).toBe(true);
    expect(await snapshotStore(store)).toEqual(before);
    const history = await store.db.selectFrom('imports').select(['status', 'errors']).execute();
    expect(history.map((row) => row.status)).toEqual(['failed']);

    // The same import again, undisturbed, and the rollup it kept equals one rebuilt from the facts.
    const again = await importFiles(store, files, { source: 'test' });
    expect(again.errors).toEqual([]);
    expect(again.ok).toBe(true);
    expect(
      await store.db
        .selectFrom('deals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst(),
    ).toEqual({ n: 2000 });
    await expectRollupMatchesRebuild(store);
  }, 120_000);
});
