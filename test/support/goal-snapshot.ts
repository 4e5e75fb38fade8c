import type { Store } from '../../src/db/database.ts';

const TABLES = [
  'goal_folders',
  'goals',
  'goal_shares',
  'goal_targets',
  'target_updates',
  'quota_changes',
  'tasks',
] as const;

/**
 * Every row of the goal tables, the quotas (`targets`) and the organisations, in a stable order:
 * equal snapshots mean a refused request wrote nothing (and did not bump the data version).
 */
export async function snapshotGoals(store: Store): Promise<Record<string, string[]>> {
  const db = store.db;
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  out.targets = (await store.db.selectFrom('targets').selectAll().execute())
    .map((row) => JSON.stringify(row))
    .sort();
  out.orgs = (await store.db.selectFrom('orgs').selectAll().execute())
    .map((row) => JSON.stringify(row))
    .sort();
  return out;
}
