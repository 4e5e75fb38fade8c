import type { Kysely } from 'kysely';

/**
 * Secondary indexes of the fact tables. The initial migration creates them from this list, and a
 * bulk import into an empty table drops and rebuilds them: building an index by sorting once is
 * several times faster than updating it for millions of rows in random order.
 *
 * Emails and leads have none on purpose: the KPI report reads them through the daily rollup, and
 * every index on a ten-million-row table costs seconds per import (docs/adr/0002-daily-rollup.md).
 */
export const FACT_INDEXES = [
  {
    // Owner first: the customer counts group by owner straight from the index, without a sort.
    name: 'accounts_customer_idx',
    table: 'accounts',
    columns: ['org_id', 'owner_rep_id', 'effective_acquired_at', 'churned_at'],
  },
  // Covering: won deals by close date answer revenue, units, cycle lengths and drill-downs from the index.
  {
    name: 'deals_closed_idx',
    table: 'deals',
    columns: ['org_id', 'status', 'closed_at', 'owner_rep_id', 'created_at', 'amount', 'units'],
  },
  // The importer itself reads these (a lead's conversion, an account's acquisition): never deferred.
  {
    name: 'deals_lead_idx',
    table: 'deals',
    columns: ['org_id', 'lead_id', 'status', 'closed_at'],
    usedByImport: true,
  },
  {
    name: 'deals_account_idx',
    table: 'deals',
    columns: ['org_id', 'account_id', 'status', 'closed_at'],
    usedByImport: true,
  },
] as const;

type FactIndex = { name: string; table: string; columns: readonly string[]; usedByImport?: boolean };

const deferrable = (index: FactIndex, table: string) => index.table === table && !index.usedByImport;

export async function createFactIndexes(db: Kysely<unknown>, table?: string): Promise<void> {
  for (const index of FACT_INDEXES as readonly FactIndex[]) {
    if (table !== undefined && !deferrable(index, table)) continue;
    await db.schema
      .createIndex(index.name)
      .ifNotExists()
      .on(index.table)
      .columns([...index.columns])
      .execute();
  }
}

/** Drops the indexes of a table that the import does not read itself. */
export async function dropFactIndexes(db: Kysely<unknown>, table: string): Promise<void> {
  for (const index of FACT_INDEXES as readonly FactIndex[]) {
    if (deferrable(index, table)) await db.schema.dropIndex(index.name).ifExists().execute();
  }
}
