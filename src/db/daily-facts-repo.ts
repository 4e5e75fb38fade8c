import { type Kysely, sql } from 'kysely';
import {
  type AccountFacts,
  DAILY_FACT_COLUMNS,
  type DailyFactsRow,
  type DealFacts,
  type EmailFacts,
  type LeadFacts,
} from '../core/daily-facts.ts';
import type { AnyTables } from './any-tables.ts';
import { keysetPages } from './keyset-pages.ts';
import type { Database } from './schema.ts';
import type { StatementRunner } from './statement-runner.ts';

const BATCH = 500;

/** INSERT … ON CONFLICT DO UPDATE adding the new values: the SQL depends only on the row count. */
function addSql(db: Kysely<Database>, count: number): string {
  const template = {
    org_id: 0,
    day: 0,
    rep_id: '',
    ...Object.fromEntries(DAILY_FACT_COLUMNS.map((c) => [c, 0])),
  };
  return db
    .insertInto('daily_facts')
    .values(Array.from({ length: count }, () => template) as never)
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'day', 'rep_id'])
        .doUpdateSet(
          Object.fromEntries(
            DAILY_FACT_COLUMNS.map((column) => [
              column,
              sql`daily_facts.${sql.ref(column)} + excluded.${sql.ref(column)}`,
            ]),
          ),
        ),
    )
    .compile().sql;
}

/** Adds signed contributions to the daily rollup (a cell is created at its first contribution). */
export async function applyDailyFactsDelta(
  db: Kysely<Database>,
  runner: StatementRunner,
  orgId: number,
  rows: readonly DailyFactsRow[],
): Promise<void> {
  // PostgreSQL: hundreds of thousands of cells at 1M deals, in one COPY and one merge.
  if (runner.copyMerge && rows.length > 0) {
    const columns = ['org_id', 'day', 'rep_id', ...DAILY_FACT_COLUMNS];
    const values: (string | number)[] = [];
    for (const row of rows) values.push(orgId, row.day, row.repId, ...row.values);
    const names = columns.map((c) => `"${c}"`).join(', ');
    await runner.copyMerge('daily_facts', { columns, values, count: rows.length }, (stage) =>
      [
        `insert into daily_facts (${names}) select ${names} from ${stage}`,
        `on conflict (org_id, day, rep_id) do update set`,
        DAILY_FACT_COLUMNS.map((c) => `"${c}" = daily_facts."${c}" + excluded."${c}"`).join(', '),
      ].join(' '),
    );
  }
  // Two statement texts at most: full batches and the last one.
  const sqlBySize = new Map<number, string>();
  for (let i = 0; !runner.copyMerge && i < rows.length; i += BATCH) {
    const slice = rows.slice(i, i + BATCH);
    const params: unknown[] = [];
    for (const row of slice) params.push(orgId, row.day, row.repId, ...row.values);
    let text = sqlBySize.get(slice.length);
    if (!text) {
      text = addSql(db, slice.length);
      sqlBySize.set(slice.length, text);
    }
    await runner.run(text, params);
  }
  // Cells whose contributions all cancelled out (moved or removed facts) are dropped.
  await db
    .deleteFrom('daily_facts')
    .where('org_id', '=', orgId)
    .where((eb) => eb.and(DAILY_FACT_COLUMNS.map((column) => eb(column, '=', 0))))
    .execute();
}

export async function clearDailyFacts(db: Kysely<Database>, orgId: number): Promise<void> {
  await db.deleteFrom('daily_facts').where('org_id', '=', orgId).execute();
}

/** What the daily rollup reads of a stored fact, by table. */
interface RollupFacts {
  deals: DealFacts;
  emails: EmailFacts;
  leads: LeadFacts;
  accounts: AccountFacts;
}

export type RollupTable = keyof RollupFacts;

type FactColumns<T extends RollupTable> = RollupFacts[T] & { id: string };

/** A stored fact as the rollup reads it, with its id (the page key). */
export type FactRow<T extends RollupTable> = { [C in keyof FactColumns<T>]: FactColumns<T>[C] };

const FACT_COLUMNS: { [T in RollupTable]: readonly (keyof FactColumns<T> & string)[] } = {
  deals: ['id', 'owner_rep_id', 'created_at', 'closed_at', 'status', 'amount', 'units'],
  emails: ['id', 'rep_id', 'sent_at', 'bounced', 'opened_at'],
  leads: ['id', 'owner_rep_id', 'created_at', 'has_deal', 'first_won_at'],
  accounts: ['id', 'owner_rep_id', 'effective_acquired_at', 'churned_at'],
};

/** Every stored fact of a table in id order, a page at a time, for a rebuild of the rollup. */
export function factPages<T extends RollupTable>(
  db: Kysely<Database>,
  orgId: number,
  table: T,
  pageSize = 20_000,
): AsyncGenerator<FactRow<T>[]> {
  const name: string = table;
  return keysetPages(
    '',
    (row: FactRow<T>): string => row.id,
    async (after) =>
      // The columns of FACT_COLUMNS[table]: the fact's row as the rollup reads it.
      (await db
        .withTables<AnyTables>()
        .selectFrom(name)
        .select(FACT_COLUMNS[table])
        .where('org_id', '=', orgId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(pageSize)
        .execute()) as FactRow<T>[],
  );
}

/**
 * Recomputes the running customer balance (customers_active) of these owners' days: Σ acquired −
 * churned up to and including each day, one window function per batch of owners.
 */
export async function refreshCustomerBalances(
  db: Kysely<Database>,
  orgId: number,
  owners: ReadonlySet<string>,
): Promise<void> {
  const all = [...owners];
  for (let i = 0; i < all.length; i += BATCH) {
    const slice = all.slice(i, i + BATCH);
    await sql`
      UPDATE daily_facts SET customers_active = x.running
      FROM (
        SELECT rep_id, day, sum(customers_acquired - customers_churned)
          OVER (PARTITION BY rep_id ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
        FROM daily_facts
        WHERE org_id = ${orgId} AND rep_id IN (${sql.join(slice)})
      ) AS x
      WHERE daily_facts.org_id = ${orgId} AND daily_facts.rep_id = x.rep_id AND daily_facts.day = x.day
        AND daily_facts.customers_active <> x.running
    `.execute(db);
  }
}
