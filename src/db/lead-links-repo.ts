import type { Kysely } from 'kysely';
import type { LeadFacts } from '../core/daily-facts.ts';
import { keysetPages, readAroundChange } from './keyset-pages.ts';
import type { Database } from './schema.ts';

/**
 * A lead's links to deals (has_deal, first_won_at), derived by the importer inside its
 * transaction for the leads a batch of deals touched (their new and old links).
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

/**
 * After deals were loaded into an organisation that had none: sets every linked lead's links in one
 * statement over the grouped deals, instead of batch by batch. Returns nothing: before this load no
 * lead had a deal, so the caller knows the old state.
 */
export async function linkAllLeadsFromDeals(db: Kysely<Database>, orgId: number): Promise<void> {
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
