import type { Kysely } from 'kysely';
import type { AccountFacts, LeadFacts } from '../core/daily-facts.ts';
import { keysetPages, readAroundChange } from './keyset-pages.ts';
import type { Database } from './schema.ts';

/**
 * Derived columns kept current by the importer inside its transaction, for the rows a batch of
 * deals or accounts touched (their new and old links).
 */

const IN_CHUNK = 1000;

async function leadFacts(db: Kysely<Database>, orgId: number, ids: string[]): Promise<LeadFacts[]> {
  return db
    .selectFrom('leads')
    .select(['owner_rep_id', 'created_at', 'has_deal', 'first_won_at'])
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
}

/**
 * Recomputes has_deal and first_won_at of these leads from their deals; returns the leads as
 * they were and as they are, so the daily rollup can move their contribution.
 */
export async function refreshLeadLinks(
  db: Kysely<Database>,
  orgId: number,
  leadIds: ReadonlySet<string>,
): Promise<{ before: LeadFacts[]; after: LeadFacts[] }> {
  return readAroundChange(
    [...leadIds],
    IN_CHUNK,
    (ids) => leadFacts(db, orgId, ids),
    (ids) =>
      db
        .updateTable('leads')
        .set((eb) => ({
          has_deal: eb
            .case()
            .when(
              eb.exists(
                eb
                  .selectFrom('deals as d')
                  .select('d.id')
                  .whereRef('d.org_id', '=', 'leads.org_id')
                  .whereRef('d.lead_id', '=', 'leads.id'),
              ),
            )
            .then(1)
            .else(0)
            .end(),
          first_won_at: eb
            .selectFrom('deals as d')
            .select((s) => s.fn.min<number | null>('d.closed_at').as('first'))
            .whereRef('d.org_id', '=', 'leads.org_id')
            .whereRef('d.lead_id', '=', 'leads.id')
            .where('d.status', '=', 'won'),
        }))
        .where('org_id', '=', orgId)
        .where('id', 'in', ids)
        .execute(),
  );
}

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
 * After deals were loaded into an organisation that had none: sets every linked lead's links and
 * every linked account's acquisition in two statements over the grouped deals, instead of batch by
 * batch. Returns nothing: before this load no lead had a deal, so the caller knows the old state.
 */
export async function linkAllFromDeals(db: Kysely<Database>, orgId: number): Promise<void> {
  const byLead = db
    .selectFrom('deals')
    .select((eb) => [
      'lead_id',
      eb.fn
        .min<number | null>(eb.case().when('status', '=', 'won').then(eb.ref('closed_at')).end())
        .as('first_won'),
    ])
    .where('org_id', '=', orgId)
    .where('lead_id', 'is not', null)
    .groupBy('lead_id');
  await db
    .updateTable('leads')
    .from(byLead.as('x'))
    .set((eb) => ({ has_deal: 1, first_won_at: eb.ref('x.first_won') }))
    .where('leads.org_id', '=', orgId)
    .whereRef('leads.id', '=', 'x.lead_id')
    .execute();
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

/** Leads that some deal links to, a page at a time (id order), as the rollup sees them. */
export function linkedLeadPages(
  db: Kysely<Database>,
  orgId: number,
  pageSize = 20_000,
): AsyncGenerator<(LeadFacts & { id: string })[]> {
  return keysetPages(
    '',
    (row) => row.id,
    (after) =>
      db
        .selectFrom('leads')
        .select(['id', 'owner_rep_id', 'created_at', 'has_deal', 'first_won_at'])
        .where('org_id', '=', orgId)
        .where('has_deal', '=', 1)
        .where('id', '>', after)
        .orderBy('id')
        .limit(pageSize)
        .execute(),
  );
}

/**
 * Deals of this import whose account or lead exists neither stored nor in the import: one anti-join
 * after a first load of deals instead of a look-up per row. Pages in line order.
 */
export async function* missingDealReferences(
  db: Kysely<Database>,
  orgId: number,
  importId: number,
  column: 'account_id' | 'lead_id',
  pageSize = 10_000,
): AsyncGenerator<{ source_line: number; id: string }[]> {
  // Both tables are keyed (org_id, id); typed as one of them for the builder.
  const target = (column === 'account_id' ? 'accounts' : 'leads') as 'leads';
  const pages = keysetPages(
    0,
    (row: { source_line: number; id: string | null }) => row.source_line,
    (afterLine) =>
      db
        .selectFrom('deals as d')
        .select(['d.source_line', `d.${column} as id`])
        .where('d.org_id', '=', orgId)
        .where('d.import_id', '=', importId)
        .where(`d.${column}`, 'is not', null)
        .where('d.source_line', '>', afterLine)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom(`${target} as t`)
                .select('t.id')
                .whereRef('t.org_id', '=', 'd.org_id')
                .whereRef('t.id', '=', `d.${column}`),
            ),
          ),
        )
        .orderBy('d.source_line')
        .limit(pageSize)
        .execute(),
  );
  for await (const page of pages)
    yield page.map((row) => ({ source_line: row.source_line, id: String(row.id) }));
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
