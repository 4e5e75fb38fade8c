import { expect } from 'vitest';
import type { Store } from '../../src/db/database.ts';
import { findDefaultOrg } from '../../src/db/org-repo.ts';
import { rebuildRollup } from '../../src/importer/rebuild-rollup.ts';

/** The daily rollup's rows, in order, as text: two stores' rollups compare with toEqual. */
export async function rollup(store: Store): Promise<string[]> {
  const rows = await store.db
    .selectFrom('daily_facts')
    .selectAll()
    .orderBy('day')
    .orderBy('rep_id')
    .execute();
  return rows.map((row) => JSON.stringify(row));
}

/** The invariant: the rollup kept row by row equals one rebuilt from scratch from the facts. */
export async function expectRollupMatchesRebuild(store: Store): Promise<void> {
  const kept = await rollup(store);
  const org = (await findDefaultOrg(store.db))!;
  await store.db.transaction().execute((trx) => rebuildRollup(trx, store, org.id, org.timezone));
  expect(kept.length).toBeGreaterThan(0);
  expect(await rollup(store)).toEqual(kept);
}
