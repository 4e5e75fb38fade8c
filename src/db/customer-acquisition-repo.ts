import type { Kysely } from 'kysely';
import type { AccountFacts } from '../core/daily-facts.ts';
import { keysetPages, readAroundChange } from './keyset-pages.ts';
import type { Database } from './schema.ts';

/**
 * An account's acquisition as a customer (effective_acquired_at: acquired_at, else its first won
 * deal), derived by the importer inside its transaction, and the churns it makes impossible.
 */

const IN_CHUNK = 1000;

async function accountFacts(db: Kysely<Database>, orgId: number, ids: string[]): Promise<AccountFacts[]> {
  return db
    .selectFrom('accounts')
    .select(['owner_rep_id', 'effective_acquired_at', 'churned_at'])
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
}

/**
 * Recomputes effective_acquired_at (acquired_at, else the earliest won deal's close) of these
 * accounts; returns them as they were and as they are, so the daily rollup can move them.
 */
export async function refreshEffectiveAcquired(
  db: Kysely<Database>,
  orgId: number,
  accountIds: ReadonlySet<string>,
): Promise<{ before: AccountFacts[]; after: AccountFacts[] }> {
  return readAroundChange(
    [...accountIds],
    IN_CHUNK,
    (ids) => accountFacts(db, orgId, ids),
    (ids) =>
      db
        .updateTable('accounts')
        .set((eb) => ({
          effective_acquired_at: eb.fn.coalesce(
            'acquired_at',
            eb
              .selectFrom('deals as d')
              .select((s) => s.fn.min<number | null>('d.closed_at').as('first'))
              .whereRef('d.org_id', '=', 'accounts.org_id')
              .whereRef('d.account_id', '=', 'accounts.id')
              .where('d.status', '=', 'won'),
          ),
        }))
        .where('org_id', '=', orgId)
        .where('id', 'in', ids)
        .execute(),
  );
}

export interface ChurnViolation {
  id: string;
  import_id: number;
  source_line: number;
  churned_at: number;
  effective_acquired_at: number | null;
  /** Line in this import's deals.csv of a deal of the account, when the account itself was not imported. */
  deal_line: number | null;
}

/** Accounts whose churned_at is not after their effective acquisition (or that are not customers). */
export async function findChurnViolations(
  db: Kysely<Database>,
  orgId: number,
  importId: number,
): Promise<ChurnViolation[]> {
  const rows = await db
    .selectFrom('accounts as a')
    .select((eb) => [
      'a.id',
      'a.import_id',
      'a.source_line',
      'a.churned_at',
      'a.effective_acquired_at',
      eb
        .selectFrom('deals as d')
        .select((s) => s.fn.min<number>('d.source_line').as('line'))
        .whereRef('d.org_id', '=', 'a.org_id')
        .whereRef('d.account_id', '=', 'a.id')
        .where('d.import_id', '=', importId)
        .as('deal_line'),
    ])
    .where('a.org_id', '=', orgId)
    .where('a.churned_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('a.effective_acquired_at', 'is', null),
        eb('a.churned_at', '<=', eb.ref('a.effective_acquired_at')),
      ]),
    )
    .limit(200)
    .execute();
  return rows.map((row) => ({ ...row, churned_at: row.churned_at ?? 0, deal_line: row.deal_line ?? null }));
}

/**
 * After deals were loaded into an organisation that had none: sets every account's acquisition
 * from its won deals in one statement over the grouped deals, instead of batch by batch.
 */
export async function acquireAllAccountsFromDeals(db: Kysely<Database>, orgId: number): Promise<void> {
  const byAccount = db
    .selectFrom('deals')
    .select((eb) => ['account_id', eb.fn.min<number>('closed_at').as('first_won')])
    .where('org_id', '=', orgId)
    .where('status', '=', 'won')
    .where('account_id', 'is not', null)
    .groupBy('account_id');
  await db
    .updateTable('accounts')
    .from(byAccount.as('x'))
    .set((eb) => ({ effective_acquired_at: eb.fn.coalesce('accounts.acquired_at', 'x.first_won') }))
    .where('accounts.org_id', '=', orgId)
    .whereRef('accounts.id', '=', 'x.account_id')
    .execute();
}

/**
 * Sets the acquisition of the accounts this import wrote to their acquired_at: what
 * refreshEffectiveAcquired derives while the organisation has no deal.
 */
export async function acquireAccountsAsGiven(
  db: Kysely<Database>,
  orgId: number,
  importId: number,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set((eb) => ({ effective_acquired_at: eb.ref('acquired_at') }))
    .where('org_id', '=', orgId)
    .where('import_id', '=', importId)
    // A new account starts without; an updated one may have lost its acquired_at.
    .where((eb) => eb.or([eb('acquired_at', 'is not', null), eb('effective_acquired_at', 'is not', null)]))
    .execute();
}

/** Accounts whose acquisition comes from their won deals (no acquired_at), a page at a time. */
export function derivedCustomerPages(
  db: Kysely<Database>,
  orgId: number,
  pageSize = 20_000,
): AsyncGenerator<(AccountFacts & { id: string })[]> {
  return keysetPages(
    '',
    (row) => row.id,
    (after) =>
      db
        .selectFrom('accounts')
        .select(['id', 'owner_rep_id', 'effective_acquired_at', 'churned_at'])
        .where('org_id', '=', orgId)
        .where('acquired_at', 'is', null)
        .where('effective_acquired_at', 'is not', null)
        .where('id', '>', after)
        .orderBy('id')
        .limit(pageSize)
        .execute(),
  );
}
