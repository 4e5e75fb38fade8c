import {
  type Expression,
  type ExpressionBuilder,
  type ExpressionWrapper,
  type Kysely,
  type OrderByItemBuilder,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';
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
  /**
   * Owners in scope and visible to the reader; null for the organisation seen whole (which also
   * counts records without an owner); empty: no record.
   */
  owners: readonly string[] | null;
  limit: number;
  offset: number;
  /** A column key of the rows (as the drill-down service names them); null: each list's default. */
  sort: DrillSort | null;
}

export interface DrillSort {
  key: string;
  descending: boolean;
}

/** The SQL a row column sorts by, per list: a column, or what a derived column is computed from. */
type SortColumns = Record<string, RawBuilder<unknown>>;

/** The owner's name (the rows show names, so they sort by them), read for each row by primary key. */
const ownerName = (table: 'deals' | 'leads' | 'accounts' | 'emails', column: string) =>
  sql`(select r.name from reps r where r.org_id = ${sql.ref(`${table}.org_id`)} and r.id = ${sql.ref(`${table}.${column}`)})`;

/**
 * The requested order (or the list's default): its column and direction. Text sorts ignore case;
 * empty values go last either way (SQLite and PostgreSQL disagree on where NULLs go unless told).
 * Each list adds its own tie-breakers after it, so that pages stay disjoint.
 */
function sortOf(
  columns: SortColumns,
  filter: DrillFilter,
  fallback: DrillSort,
): { column: RawBuilder<unknown>; direction: (order: OrderByItemBuilder) => OrderByItemBuilder } {
  const wanted = filter.sort ?? fallback;
  const column = columns[wanted.key];
  if (!column) throw new Error(`no sort column ${wanted.key}`);
  // Each default order is on a column its list never leaves empty, and stays exactly what it was,
  // so that the index on it can still deliver the first page without sorting the whole window.
  const direction = (order: OrderByItemBuilder) => (wanted.descending ? order.desc() : order.asc());
  return {
    column,
    direction: filter.sort ? (order) => direction(order).nullsLast() : direction,
  };
}

/** The tables whose rows belong to an owner (a rep). */
type OwnedTable = 'deals' | 'leads' | 'emails' | 'accounts';

/**
 * What every list is filtered by: the organisation, the owners in scope (all, for the organisation,
 * including rows without an owner) and, for facts dated by an instant, the window [start, end).
 */
function inScope(
  filter: DrillFilter,
  owner: 'owner_rep_id' | 'rep_id',
  dated: { column: 'closed_at' | 'created_at' | 'sent_at'; window: InstantWindow } | null,
) {
  return (eb: ExpressionBuilder<Database, OwnedTable>): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [eb('org_id', '=', filter.orgId)];
    if (dated) {
      conditions.push(eb(dated.column, '>=', dated.window.start), eb(dated.column, '<', dated.window.end));
    }
    if (filter.owners) {
      // No owner at all (a person who may see no rep's records) matches nothing; `in ()` is no SQL.
      conditions.push(filter.owners.length === 0 ? sql<SqlBool>`1 = 0` : eb(owner, 'in', filter.owners));
    }
    return eb.and(conditions);
  };
}

/** Case-insensitive text. */
const text = (ref: string) => sql`lower(${sql.ref(ref)})`;

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

const DEAL_SORTS: SortColumns = {
  id: sql.ref('deals.id'),
  name: text('deals.name'),
  owner: sql`lower(${ownerName('deals', 'owner_rep_id')})`,
  account_id: sql.ref('deals.account_id'),
  status: sql.ref('deals.status'),
  stage: text('deals.stage'),
  created_at: sql.ref('deals.created_at'),
  closed_at: sql.ref('deals.closed_at'),
  amount: sql.ref('deals.amount'),
  units: sql.ref('deals.units'),
  cycle_days: sql`${sql.ref('deals.closed_at')} - ${sql.ref('deals.created_at')}`,
};

/** Won deals closed in the window: revenue, units, deals won, sales cycle. */
export async function wonDealsClosed(
  db: Kysely<Database>,
  window: InstantWindow,
  filter: DrillFilter,
): Promise<Page<DealRow>> {
  const query = db
    .selectFrom('deals')
    .select(DEAL_COLUMNS)
    .where(inScope(filter, 'owner_rep_id', { column: 'closed_at', window }))
    .where('status', '=', 'won');
  const sort = sortOf(DEAL_SORTS, filter, { key: 'closed_at', descending: true });
  return paged(query, (q) => q.orderBy(sort.column, sort.direction).orderBy('id'), filter);
}

/** Deals created in the window: new opportunities. */
export async function dealsCreated(
  db: Kysely<Database>,
  window: InstantWindow,
  filter: DrillFilter,
): Promise<Page<DealRow>> {
  const query = db
    .selectFrom('deals')
    .select(DEAL_COLUMNS)
    .where(inScope(filter, 'owner_rep_id', { column: 'created_at', window }));
  const sort = sortOf(DEAL_SORTS, filter, { key: 'created_at', descending: true });
  return paged(query, (q) => q.orderBy(sort.column, sort.direction).orderBy('id'), filter);
}

export interface LeadRow {
  id: string;
  owner_rep_id: string | null;
  source: string | null;
  created_at: number;
  has_deal: number;
  first_won_at: number | null;
}

const LEAD_SORTS: SortColumns = {
  id: sql.ref('leads.id'),
  owner: sql`lower(${ownerName('leads', 'owner_rep_id')})`,
  source: text('leads.source'),
  created_at: sql.ref('leads.created_at'),
  has_deal: sql.ref('leads.has_deal'),
  first_won_at: sql.ref('leads.first_won_at'),
  conversion_days: sql`${sql.ref('leads.first_won_at')} - ${sql.ref('leads.created_at')}`,
};

/** Leads created in the window: the lead cohort. */
export async function leadsCreated(
  db: Kysely<Database>,
  window: InstantWindow,
  filter: DrillFilter,
): Promise<Page<LeadRow>> {
  const query = db
    .selectFrom('leads')
    .select(['id', 'owner_rep_id', 'source', 'created_at', 'has_deal', 'first_won_at'])
    .where(inScope(filter, 'owner_rep_id', { column: 'created_at', window }));
  const sort = sortOf(LEAD_SORTS, filter, { key: 'created_at', descending: true });
  return paged(query, (q) => q.orderBy(sort.column, sort.direction).orderBy('id'), filter);
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

const EMAIL_SORTS: SortColumns = {
  id: sql.ref('emails.id'),
  owner: sql`lower(${ownerName('emails', 'rep_id')})`,
  campaign: text('emails.campaign'),
  sent_at: sql.ref('emails.sent_at'),
  bounced: sql.ref('emails.bounced'),
  opened_at: sql.ref('emails.opened_at'),
};

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
    .where(inScope(filter, 'rep_id', { column: 'sent_at', window }));
  if (which !== 'sent') query = query.where('bounced', '=', 0);
  if (which === 'opened') query = query.where('opened_at', 'is not', null);
  const sort = sortOf(EMAIL_SORTS, filter, { key: 'sent_at', descending: true });
  return paged(query, (q) => q.orderBy(sort.column, sort.direction).orderBy('id'), filter);
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
  const query = db
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
    .where(inScope(filter, 'owner_rep_id', null))
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
  const sorts: SortColumns = {
    id: sql.ref('accounts.id'),
    name: text('accounts.name'),
    owner: sql`lower(${ownerName('accounts', 'owner_rep_id')})`,
    acquired_at: sql.ref('accounts.effective_acquired_at'),
    churned_at: sql.ref('accounts.churned_at'),
    // The flags are expressions of the window, so they are sorted by the same expressions.
    active_at_start: sql`case when ${sql.ref('accounts.effective_acquired_at')} < ${start} and (${sql.ref('accounts.churned_at')} is null or ${sql.ref('accounts.churned_at')} >= ${start}) then 1 else 0 end`,
    active_at_end: sql`case when ${sql.ref('accounts.effective_acquired_at')} < ${end} and (${sql.ref('accounts.churned_at')} is null or ${sql.ref('accounts.churned_at')} >= ${end}) then 1 else 0 end`,
  };
  const sort = sortOf(sorts, filter, { key: 'acquired_at', descending: true });
  return paged(query, (q) => q.orderBy(sort.column, sort.direction).orderBy('id'), filter);
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
  const sorts: SortColumns = {
    date: sql.ref('spend.date'),
    category: text('spend.category'),
    note: text('spend.note'),
    amount: sql.ref('spend.amount'),
  };
  const sort = sortOf(sorts, filter, { key: 'date', descending: true });
  return paged(
    query,
    (q) =>
      q
        .orderBy(sort.column, sort.direction)
        .orderBy('date', 'desc')
        .orderBy('category')
        .orderBy('note')
        .orderBy('seq'),
    filter,
  );
}
