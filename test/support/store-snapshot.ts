import type { Store } from '../../src/db/database.ts';

const TABLES = [
  'orgs',
  'reps',
  'accounts',
  'leads',
  'deals',
  'emails',
  'spend',
  'targets',
  'daily_facts',
] as const;

/** Every row of every data table, in a stable order: equal snapshots mean nothing was written. */
export async function snapshotStore(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await store.db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}
