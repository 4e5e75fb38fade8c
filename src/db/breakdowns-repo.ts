import type { Kysely } from 'kysely';
import type { InstantWindow } from './drilldown-repo.ts';
import type { Database } from './schema.ts';

/** Owners in scope; null for the organisation (records without an owner included). */
type Owners = readonly string[] | null;

/** New leads (created in the window) per source; null source = none given. */
export async function leadsBySource(
  db: Kysely<Database>,
  orgId: number,
  window: InstantWindow,
  owners: Owners,
): Promise<{ key: string | null; count: number }[]> {
  let query = db
    .selectFrom('leads')
    .select((eb) => ['source', eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .where('created_at', '>=', window.start)
    .where('created_at', '<', window.end);
  if (owners) query = query.where('owner_rep_id', 'in', owners);
  const rows = await query.groupBy('source').execute();
  return rows.map((row) => ({ key: row.source, count: Number(row.n) }));
}

/** Spend dated in [from, to] per category, in minor units. */
export async function spendByCategory(
  db: Kysely<Database>,
  orgId: number,
  days: { from: string; to: string },
): Promise<{ key: string; amount: number }[]> {
  const rows = await db
    .selectFrom('spend')
    .select((eb) => ['category', eb.fn.sum<number>('amount').as('total')])
    .where('org_id', '=', orgId)
    .where('date', '>=', days.from)
    .where('date', '<=', days.to)
    .groupBy('category')
    .execute();
  return rows.map((row) => ({ key: row.category, amount: Number(row.total) }));
}

/** Deals open now that were created before `createdBefore`, per stage: count and Σ amount (minor units). */
export async function openDealsByStage(
  db: Kysely<Database>,
  orgId: number,
  createdBefore: number,
  owners: Owners,
): Promise<{ key: string | null; count: number; amount: number }[]> {
  let query = db
    .selectFrom('deals')
    .select((eb) => [
      'stage',
      eb.fn.countAll<number>().as('n'),
      eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total'),
    ])
    .where('org_id', '=', orgId)
    .where('status', '=', 'open')
    .where('created_at', '<', createdBefore);
  if (owners) query = query.where('owner_rep_id', 'in', owners);
  const rows = await query.groupBy('stage').execute();
  return rows.map((row) => ({ key: row.stage, count: Number(row.n), amount: Number(row.total) }));
}
