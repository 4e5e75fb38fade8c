import { type Kysely, sql } from 'kysely';

/**
 * Imports run as background jobs (issue 10): each `running` row names the process that runs it
 * (host name and pid), so a server starting after a crash can tell its own dead jobs from a live
 * `udn import` in a terminal; and at most one import per organisation runs at a time, enforced by a
 * partial unique index so two processes cannot both start one. A first import has no organisation
 * yet (org_id null): it counts as organisation 0, so two first imports exclude each other too.
 *
 * Frozen: this migration imports nothing from the app.
 */

const INTERRUPTED =
  'interrupted: the process running it stopped before it finished; nothing of it was written';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration does not follow the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('imports').addColumn('owner_host', 'text').execute();
  await db.schema.alterTable('imports').addColumn('owner_pid', 'integer').execute();

  // Rows left `running` by killed processes before this version would break the unique index: all
  // but the newest of an organisation cannot still be running (imports were already one at a time).
  const running: { id: number; org_id: number | null }[] = await db
    .selectFrom('imports')
    .select(['id', 'org_id'])
    .where('status', '=', 'running')
    .orderBy('id', 'desc')
    .execute();
  const seen = new Set<number>();
  const stale: number[] = [];
  for (const row of running) {
    const org = row.org_id ?? 0;
    if (seen.has(org)) stale.push(row.id);
    seen.add(org);
  }
  if (stale.length > 0) {
    const errors = JSON.stringify([{ file: '(import)', line: 0, column: null, message: INTERRUPTED }]);
    await db
      .updateTable('imports')
      .set({ status: 'interrupted', finished_at: Date.now(), errors, error_count: 0 })
      .where('id', 'in', stale)
      .execute();
  }

  await db.schema
    .createIndex('imports_one_running_idx')
    .on('imports')
    .unique()
    .expression(sql`coalesce(org_id, 0)`)
    .where(sql.ref('status'), '=', 'running')
    .execute();
}
