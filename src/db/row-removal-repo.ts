import type { Transaction } from 'kysely';
import type { AnyTables } from './any-tables.ts';
import type { FactTable, StoredRow } from './bulk-writer.ts';
import type { Database } from './schema.ts';

/**
 * Removing stored fact rows inside an import's transaction: finding them, deleting them, and
 * finding the kept rows that still refer to them. What the removal moves (rollup, links) is the
 * importer's (src/importer/snapshot-removals.ts).
 */

const CHUNK = 500;

/** The composite key of a spend or targets row, as the importer's file specs key them. */
export const spendKey = (row: { date: string; category: string; note: string; seq: number }): string =>
  `${row.date}\u0000${row.category}\u0000${row.note}\u0000${row.seq}`;
export const targetKey = (row: {
  scope: string;
  metric: string;
  period_start: string;
  period_end: string;
}): string => `${row.scope}\u0000${row.metric}\u0000${row.period_start}\u0000${row.period_end}`;

export type IdTable = Exclude<FactTable, 'spend' | 'targets'>;
export const isIdTable = (table: FactTable): table is IdTable => table !== 'spend' && table !== 'targets';

/**
 * The keys of every row of the table the organisation's files could hold. A quota a goal wrote
 * (targets with import_id 0) belongs to that goal, not to any file (docs/adr/0008), so no
 * snapshot removes it.
 */
export async function storedKeys(
  trx: Transaction<Database>,
  orgId: number,
  table: FactTable,
): Promise<string[]> {
  if (table === 'spend') {
    const rows = await trx
      .selectFrom('spend')
      .select(['date', 'category', 'note', 'seq'])
      .where('org_id', '=', orgId)
      .execute();
    return rows.map((row) => spendKey({ ...row, seq: Number(row.seq) }));
  }
  if (table === 'targets') {
    const rows = await trx
      .selectFrom('targets')
      .select(['scope', 'metric', 'period_start', 'period_end'])
      .where('org_id', '=', orgId)
      .where('import_id', '<>', 0)
      .execute();
    return rows.map(targetKey);
  }
  const rows = await trx.selectFrom(table).select('id').where('org_id', '=', orgId).execute();
  return rows.map((row) => String(row.id));
}

/** Stored rows of the table for these keys (keys that name no row are left out). */
export async function rowsByKeys<T extends FactTable>(
  trx: Transaction<Database>,
  orgId: number,
  table: T,
  keys: readonly string[],
): Promise<StoredRow<T>[]> {
  if (keys.length === 0) return [];
  // Statements over a table chosen at run time, as the bulk writer builds them.
  const k = trx.withTables<AnyTables>();
  const name: string = table;
  if (!isIdTable(table)) {
    // Small tables: read whole and picked by key.
    const wanted = new Set(keys);
    const all = await k.selectFrom(name).selectAll().where('org_id', '=', orgId).execute();
    const keyOf = (row: AnyRow) =>
      table === 'spend'
        ? `${row.date}\u0000${row.category}\u0000${row.note}\u0000${Number(row.seq)}`
        : `${row.scope}\u0000${row.metric}\u0000${row.period_start}\u0000${row.period_end}`;
    // The table's own rows: StoredRow<T> is its row type (schema.test.ts).
    return all.filter((row) => wanted.has(keyOf(row))) as StoredRow<T>[];
  }
  const out: StoredRow<T>[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await k
      .selectFrom(name)
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', 'in', keys.slice(i, i + CHUNK) as string[])
      .execute();
    out.push(...(rows as StoredRow<T>[]));
  }
  return out;
}

type AnyRow = AnyTables[string];

/** Deletes the rows of these keys; returns how many were deleted. */
export async function deleteByKeys(
  trx: Transaction<Database>,
  orgId: number,
  table: FactTable,
  keys: readonly string[],
): Promise<number> {
  let deleted = 0;
  if (table === 'spend' || table === 'targets') {
    for (const key of keys) {
      const [a, b, c, d] = key.split('\u0000') as [string, string, string, string];
      const result =
        table === 'spend'
          ? await trx
              .deleteFrom('spend')
              .where('org_id', '=', orgId)
              .where('date', '=', a)
              .where('category', '=', b)
              .where('note', '=', c)
              .where('seq', '=', Number(d))
              .executeTakeFirst()
          : await trx
              .deleteFrom('targets')
              .where('org_id', '=', orgId)
              .where('scope', '=', a)
              .where('metric', '=', b)
              .where('period_start', '=', c)
              .where('period_end', '=', d)
              .executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
    return deleted;
  }
  for (let i = 0; i < keys.length; i += CHUNK) {
    const result = await trx
      .deleteFrom(table)
      .where('org_id', '=', orgId)
      .where('id', 'in', keys.slice(i, i + CHUNK) as string[])
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

/** A kept row that names a row being removed. */
export interface Referrer {
  /** The id of the removed row it names. */
  id: string;
  /** A fact table, or what else names a rep: members, tasks, goal_targets. */
  table: FactTable | 'members' | 'tasks' | 'goal_targets';
  column: string;
  /** The referring row: its id, or a target's scope and period. */
  by: string;
}

/** Where each table's rows are named by other tables' rows. */
const REFERRED_BY: Partial<Record<FactTable, readonly { table: IdTable; column: string }[]>> = {
  reps: [
    { table: 'accounts', column: 'owner_rep_id' },
    { table: 'leads', column: 'owner_rep_id' },
    { table: 'deals', column: 'owner_rep_id' },
    { table: 'emails', column: 'rep_id' },
  ],
  accounts: [{ table: 'deals', column: 'account_id' }],
  leads: [{ table: 'deals', column: 'lead_id' }],
};

/**
 * Rows still stored (run after the removals of the same import) that name one of these removed
 * ids of `table`; at most `limit` per referring column.
 */
export async function findReferrers(
  trx: Transaction<Database>,
  orgId: number,
  table: FactTable,
  ids: readonly string[],
  limit = 20,
): Promise<Referrer[]> {
  const out: Referrer[] = [];
  if (ids.length === 0) return out;
  const k = trx.withTables<AnyTables>();
  for (const ref of REFERRED_BY[table] ?? []) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const from: string = ref.table;
      const rows = await k
        .selectFrom(from)
        .select(['id', `${ref.column} as ref`])
        .where('org_id', '=', orgId)
        .where(ref.column, 'in', ids.slice(i, i + CHUNK) as string[])
        .orderBy('id')
        .limit(limit)
        .execute();
      for (const row of rows)
        out.push({ id: String(row.ref), table: ref.table, column: ref.column, by: String(row.id) });
    }
  }
  if (table === 'reps') {
    // A quota of a rep (scope rep:<id>) names the rep too.
    const scopes = ids.map((id) => `rep:${id}`);
    for (let i = 0; i < scopes.length; i += CHUNK) {
      const rows = await trx
        .selectFrom('targets')
        .select(['scope', 'metric', 'period_start', 'period_end'])
        .where('org_id', '=', orgId)
        .where('scope', 'in', scopes.slice(i, i + CHUNK))
        .limit(limit)
        .execute();
      for (const row of rows)
        out.push({
          id: row.scope.slice(4),
          table: 'targets',
          column: 'scope',
          by: `${row.metric} ${row.period_start}..${row.period_end}`,
        });
      // A member who is the rep, a task assigned to the rep, a goal target on the rep: people's
      // records, which an import does not remove.
      const slice = ids.slice(i, i + CHUNK) as string[];
      for (const row of await trx
        .selectFrom('members')
        .innerJoin('user', 'user.id', 'members.user_id')
        .select(['members.rep_id', 'user.email'])
        .where('members.org_id', '=', orgId)
        .where('members.rep_id', 'in', slice)
        .limit(limit)
        .execute())
        out.push({ id: String(row.rep_id), table: 'members', column: 'rep_id', by: row.email });
      for (const row of await trx
        .selectFrom('tasks')
        .select(['id', 'assignee_rep_id'])
        .where('org_id', '=', orgId)
        .where('assignee_rep_id', 'in', slice)
        .limit(limit)
        .execute())
        out.push({
          id: String(row.assignee_rep_id),
          table: 'tasks',
          column: 'assignee_rep_id',
          by: String(row.id),
        });
      for (const row of await trx
        .selectFrom('goal_targets')
        .select(['id', 'scope'])
        .where('org_id', '=', orgId)
        .where('scope', 'in', scopes.slice(i, i + CHUNK))
        .limit(limit)
        .execute())
        out.push({
          id: String(row.scope).slice(4),
          table: 'goal_targets',
          column: 'scope',
          by: String(row.id),
        });
    }
  }
  return out;
}
