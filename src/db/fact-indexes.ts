import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Secondary indexes of the fact tables. The initial migration created them (from its own frozen
 * copy of this list; schema.test.ts keeps the two equal), and a bulk import into an empty table
 * drops and rebuilds them: building an index by sorting once is several times faster than
 * updating it for millions of rows in random order. A change here needs a migration.
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
  // Customers who churned in a period: few, found by their churn instant.
  {
    name: 'accounts_churned_idx',
    table: 'accounts',
    columns: ['org_id', 'churned_at', 'effective_acquired_at', 'owner_rep_id'],
  },
  // Covering: won deals by close date answer revenue, units, cycle lengths and drill-downs from the index.
  {
    name: 'deals_closed_idx',
    table: 'deals',
    columns: ['org_id', 'status', 'closed_at', 'owner_rep_id', 'created_at', 'amount', 'units'],
  },
  // A lead's conversion and an account's acquisition are read through these.
  { name: 'deals_lead_idx', table: 'deals', columns: ['org_id', 'lead_id', 'status', 'closed_at'] },
  { name: 'deals_account_idx', table: 'deals', columns: ['org_id', 'account_id', 'status', 'closed_at'] },
] as const;

export async function createFactIndexes(db: Kysely<Database>, table?: string): Promise<void> {
  for (const index of FACT_INDEXES) {
    if (table !== undefined && index.table !== table) continue;
    await db.schema
      .createIndex(index.name)
      .ifNotExists()
      .on(index.table)
      .columns([...index.columns])
      .execute();
  }
}

/**
 * Drops a table's secondary indexes for a first load into it. Nothing reads them meanwhile: a first
 * load of deals links leads and accounts once afterwards, when the indexes are back.
 */
export async function dropFactIndexes(db: Kysely<Database>, table: string): Promise<void> {
  for (const index of FACT_INDEXES) {
    if (index.table === table) await db.schema.dropIndex(index.name).ifExists().execute();
  }
}
