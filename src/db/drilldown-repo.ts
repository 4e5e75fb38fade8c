import type { ExpressionBuilder, ExpressionWrapper, Kysely, SelectQueryBuilder, SqlBool } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The records behind a KPI value, paged. Each query selects exactly the rows a KPI counts (the
 * same conditions as kpi-facts.ts), so a count KPI equals the `total` here.
 */

export interface InstantWindow {
  start: number;
  end: number;
}

export interface DrillFilter {
  orgId: number;
  /** Owners in scope; null for the organisation (which also counts records without an owner). */
  owners: readonly string[] | null;
  limit: number;
  offset: number;
}

export interface Page<T> {
  rows: T[];
  total: number;
}

async function paged<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  order: (q: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, O>,
  filter: DrillFilter,
): Promise<Page<O>> {
  const [rows, count] = await Promise.all([
    order(query).limit(filter.limit).offset(filter.offset).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst() as Promise<{ n: number | string } | undefined>,
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

export interface DealRow {
  id: string;
  name: string | null;
  owner_rep_id: string | null;
  account_id: string | null;
  lead_id: string | null;
  status: string;
  stage: string | null;
  created_at: number;
  closed_at: number | null;
  amount: number | null;
  units: number;
}

const DEAL_COLUMNS = [
  'id',
  'name',
  'owner_rep_id',
  'account_id',
  'lead_id',
  'status',
  'stage',
  'created_at',
  'closed_at',
  'amount',
  'units',
] as const;

/** Won deals closed in the window: revenue, units, deals won, sales cycle. */
export async function wonDealsClosed(
  db: Kysely<Database>,
  window: InstantWindow,
  filter: DrillFilter,
): Promise<Page<DealRow>> {
  let query = db
    .selectFrom('deals')
    .select(DEAL_COLUMNS)
    .where('org_id', '=', filter.orgId)
    .where('status', '=', 'won')
    .where('closed_at', '>=', window.start)
    .where('closed_at', '<', window.end);
  if (filter.owners) query = query.where('owner_rep_id', 'in', filter.owners);
  return paged(query, (q) => q.orderBy('closed_at', 'desc').orderBy('id'), filter);
}

/** Deals created in the window: new opportunities. */
export async function dealsCreated(
  db: Kysely<Database>,
  window: InstantWindow,
  filter: DrillFilter,
): Promise<Page<DealRow>> {
  let query = db
    .selectFrom('deals')
    .select(DEAL_COLUMNS)
    .where('org_id', '=', filter.orgId)
    .where('created_at', '>=', window.start)
    .where('created_at', '<', window.end);
  if (filter.owners) query = query.where('owner_rep_id', 'in', filter.owners);
  return paged(query, (q) => q.orderBy('created_at', 'desc').orderBy('id'), filter);
}

export interface LeadRow {
  id: string;
  owner_rep_id: string | null;
  source: string | null;
  created_at: number;
  has_deal: number;
  first_won_at: number | null;
}

/** Leads created in the window: the lead cohort. */
export async function leadsCreated(
  db: Kysely<Database>,
  window: InstantWindow,
  filter: DrillFilter,
): Promise<Page<LeadRow>> {
  let query = db
    .selectFrom('leads')
    .select(['id', 'owner_rep_id', 'source', 'created_at', 'has_deal', 'first_won_at'])
    .where('org_id', '=', filter.orgId)
    .where('created_at', '>=', window.start)
    .where('created_at', '<', window.end);
  if (filter.owners) query = query.where('owner_rep_id', 'in', filter.owners);
  return paged(query, (q) => q.orderBy('created_at', 'desc').orderBy('id'), filter);
}

export interface EmailRow {
  id: string;
  rep_id: string | null;
  campaign: string | null;
  sent_at: number;
  bounced: number;
  opened_at: number | null;
}

export type EmailFilter = 'sent' | 'delivered' | 'opened';

/** Emails sent in the window; delivered = not bounced; opened = delivered with opened_at. */
export async function emailsSent(
  db: Kysely<Database>,
  window: InstantWindow,
  which: EmailFilter,
  filter: DrillFilter,
): Promise<Page<EmailRow>> {
  let query = db
    .selectFrom('emails')
    .select(['id', 'rep_id', 'campaign', 'sent_at', 'bounced', 'opened_at'])
    .where('org_id', '=', filter.orgId)
    .where('sent_at', '>=', window.start)
    .where('sent_at', '<', window.end);
  if (which !== 'sent') query = query.where('bounced', '=', 0);
  if (which === 'opened') query = query.where('opened_at', 'is not', null);
  if (filter.owners) query = query.where('rep_id', 'in', filter.owners);
  return paged(query, (q) => q.orderBy('sent_at', 'desc').orderBy('id'), filter);
}

export interface AccountRow {
  id: string;
  name: string;
  owner_rep_id: string | null;
  effective_acquired_at: number | null;
  churned_at: number | null;
  /** 1 when the customer was active at the window's start (end): the S and E of KPI-SPEC §4 #9. */
  active_at_start: number;
  active_at_end: number;
}

/** Which customers: active at the start or end, acquired in, churned in, or active at start or end. */
export type CustomerSet = 'start' | 'end' | 'new' | 'churned' | 'start_or_end';

/** Customers (KPI-SPEC §4 #9) by the conditions customersByOwner counts. */
export async function customers(
  db: Kysely<Database>,
  window: InstantWindow,
  which: CustomerSet,
  filter: DrillFilter,
): Promise<Page<AccountRow>> {
  const { start, end } = window;
  const activeAt = (
    eb: ExpressionBuilder<Database, 'accounts'>,
    t: number,
  ): ExpressionWrapper<Database, 'accounts', SqlBool> =>
    eb.and([
      eb('effective_acquired_at', '<', t),
      eb.or([eb('churned_at', 'is', null), eb('churned_at', '>=', t)]),
    ]);
  const flag = (eb: ExpressionBuilder<Database, 'accounts'>, t: number) =>
    eb.case().when(activeAt(eb, t)).then(1).else(0).end();
  let query = db
    .selectFrom('accounts')
    .select((eb) => [
      'id',
      'name',
      'owner_rep_id',
      'effective_acquired_at',
      'churned_at',
      flag(eb, start).as('active_at_start'),
      flag(eb, end).as('active_at_end'),
    ])
    .where('org_id', '=', filter.orgId)
    .where('effective_acquired_at', 'is not', null)
    .where((eb) => {
      switch (which) {
        case 'start':
          return activeAt(eb, start);
        case 'end':
          return activeAt(eb, end);
        case 'new':
          return eb.and([eb('effective_acquired_at', '>=', start), eb('effective_acquired_at', '<', end)]);
        case 'churned':
          return eb.and([
            eb('effective_acquired_at', '<', start),
            eb('churned_at', '>=', start),
            eb('churned_at', '<', end),
          ]);
        default:
          return eb.or([activeAt(eb, start), activeAt(eb, end)]);
      }
    });
  if (filter.owners) query = query.where('owner_rep_id', 'in', filter.owners);
  return paged(query, (q) => q.orderBy('effective_acquired_at', 'desc').orderBy('id'), filter);
}

export interface SpendRow {
  date: string;
  category: string;
  note: string;
  amount: number;
}

/** Spend dated in [from, to] (YYYY-MM-DD, inclusive): it belongs to the organisation only. */
export async function spendRows(
  db: Kysely<Database>,
  days: { from: string; to: string },
  filter: DrillFilter,
): Promise<Page<SpendRow>> {
  const query = db
    .selectFrom('spend')
    .select(['date', 'category', 'note', 'amount'])
    .where('org_id', '=', filter.orgId)
    .where('date', '>=', days.from)
    .where('date', '<=', days.to);
  return paged(
    query,
    (q) => q.orderBy('date', 'desc').orderBy('category').orderBy('note').orderBy('seq'),
    filter,
  );
}
