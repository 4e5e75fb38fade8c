import type { Kysely } from 'kysely';
import type { LeadFacts } from '../core/daily-facts.ts';
import type { Database } from './schema.ts';

/**
 * Derived columns kept current by the importer inside its transaction, for the rows a batch of
 * deals or accounts touched (their new and old links).
 */

const IN_CHUNK = 1000;

function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

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
  const before: LeadFacts[] = [];
  const after: LeadFacts[] = [];
  for (const ids of chunks([...leadIds])) {
    before.push(...(await leadFacts(db, orgId, ids)));
    await db
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
      .execute();
    after.push(...(await leadFacts(db, orgId, ids)));
  }
  return { before, after };
}

/** Recomputes effective_acquired_at (acquired_at, else the earliest won deal's close) of these accounts. */
export async function refreshEffectiveAcquired(
  db: Kysely<Database>,
  orgId: number,
  accountIds: ReadonlySet<string>,
): Promise<void> {
  for (const ids of chunks([...accountIds])) {
    await db
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
      .execute();
  }
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
