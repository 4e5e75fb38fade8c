import { type Kysely, sql } from 'kysely';
import { parseIsoDate } from '../core/calendar-date.ts';
import type { TargetMetric } from '../core/kpis/definitions.ts';
import { FACT_PARTS, type FactPart } from '../core/kpis/fact-parts.ts';
import { emptyMeasures, type Measures } from '../core/kpis/measures.ts';
import { NO_OWNER, type PeriodFacts, type RepInfo } from '../core/kpis/report.ts';
import type { Quota } from '../core/kpis/targets.ts';
import {
  type DayRange,
  monthOf,
  monthsTouched,
  previousPeriod,
  rangeInstants,
  toPeriodText,
} from '../core/periods.ts';
import type { Database } from './schema.ts';

/** Sums of the daily rollup per owner over local days [from, to]. */
export async function rollupByOwner(db: Kysely<Database>, orgId: number, range: DayRange) {
  return db
    .selectFrom('daily_facts')
    .select((eb) => [
      'rep_id',
      eb.fn.sum<number>('deals_created').as('deals_created'),
      eb.fn.sum<number>('deals_won').as('deals_won'),
      eb.fn.sum<number>('revenue').as('revenue'),
      eb.fn.sum<number>('units').as('units'),
      eb.fn.sum<number>('cycle_ms').as('cycle_ms'),
      eb.fn.sum<number>('emails_sent').as('emails_sent'),
      eb.fn.sum<number>('emails_delivered').as('emails_delivered'),
      eb.fn.sum<number>('emails_opened').as('emails_opened'),
      eb.fn.sum<number>('leads_created').as('leads_created'),
      eb.fn.sum<number>('leads_with_deal').as('leads_with_deal'),
      eb.fn.sum<number>('leads_won').as('leads_won'),
      eb.fn.sum<number>('lead_conversion_ms').as('lead_conversion_ms'),
    ])
    .where('org_id', '=', orgId)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .groupBy('rep_id')
    .execute();
}

/** Revenue (minor units) per owner over local days [from, to]. */
export async function revenueByOwner(
  db: Kysely<Database>,
  orgId: number,
  range: DayRange,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('daily_facts')
    .select((eb) => ['rep_id', eb.fn.sum<number>('revenue').as('revenue')])
    .where('org_id', '=', orgId)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .groupBy('rep_id')
    .execute();
  return new Map(rows.map((row) => [row.rep_id, Number(row.revenue)]));
}

/** Customer counts of one owner (KPI-SPEC §4 #9). */
export interface CustomerCounts {
  owner_rep_id: string;
  customers_start: number;
  customers_end: number;
  new_customers: number;
  churned_customers: number;
}

/**
 * Each owner's customers active at the first instant of local day `day`: the running balance of
 * the daily rollup at the owner's last day before it (one index seek per owner).
 */
async function customerBalances(
  db: Kysely<Database>,
  orgId: number,
  day: number,
): Promise<Map<string, number>> {
  const { rows } = await sql<{ rep_id: string; active: number | string | null }>`
    SELECT o.rep_id, (
      SELECT f.customers_active FROM daily_facts f
      WHERE f.org_id = ${orgId} AND f.rep_id = o.rep_id AND f.day < ${day}
      ORDER BY f.day DESC LIMIT 1
    ) AS active
    FROM (SELECT id AS rep_id FROM reps WHERE org_id = ${orgId} UNION ALL SELECT '' AS rep_id) o
  `.execute(db);
  return new Map(rows.map((row) => [row.rep_id, Number(row.active ?? 0)]));
}

/**
 * Customer counts (KPI-SPEC §4 #9) per owner for the local days [from, to] = instants [start, end).
 * Active at an instant means acquired before it and not churned before it, and a churn always
 * follows its acquisition, so S and E are running balances of the daily rollup; N sums its
 * acquisitions; C — customers of S churned in P — counts the few churns of P acquired before it.
 */
export async function customersByOwner(
  db: Kysely<Database>,
  orgId: number,
  period: DayRange,
  start: number,
  end: number,
): Promise<CustomerCounts[]> {
  const [atStart, atEnd, acquired, churned] = await Promise.all([
    customerBalances(db, orgId, period.from),
    customerBalances(db, orgId, period.to + 1),
    db
      .selectFrom('daily_facts')
      .select((eb) => ['rep_id', eb.fn.sum<number>('customers_acquired').as('n')])
      .where('org_id', '=', orgId)
      .where('day', '>=', period.from)
      .where('day', '<=', period.to)
      .groupBy('rep_id')
      .execute(),
    db
      .selectFrom('accounts')
      .select((eb) => ['owner_rep_id', eb.fn.countAll<number>().as('n')])
      .where('org_id', '=', orgId)
      .where('churned_at', '>=', start)
      .where('churned_at', '<', end)
      .where('effective_acquired_at', '<', start)
      .groupBy('owner_rep_id')
      .execute(),
  ]);
  const newByOwner = new Map(acquired.map((row) => [row.rep_id, Number(row.n)]));
  const churnedByOwner = new Map(churned.map((row) => [row.owner_rep_id ?? NO_OWNER, Number(row.n)]));
  const owners = new Set([
    ...atStart.keys(),
    ...atEnd.keys(),
    ...newByOwner.keys(),
    ...churnedByOwner.keys(),
  ]);
  return [...owners].map((owner) => ({
    owner_rep_id: owner,
    customers_start: atStart.get(owner) ?? 0,
    customers_end: atEnd.get(owner) ?? 0,
    new_customers: newByOwner.get(owner) ?? 0,
    churned_customers: churnedByOwner.get(owner) ?? 0,
  }));
}

/** Sales-cycle lengths (ms) of won deals closed in [start, end), per owner. */
export async function cycleDurationsByOwner(
  db: Kysely<Database>,
  orgId: number,
  start: number,
  end: number,
): Promise<Map<string, number[]>> {
  const rows = await db
    .selectFrom('deals')
    .select((eb) => ['owner_rep_id', eb('closed_at', '-', eb.ref('created_at')).as('duration')])
    .where('org_id', '=', orgId)
    .where('status', '=', 'won')
    .where('closed_at', '>=', start)
    .where('closed_at', '<', end)
    .execute();
  const out = new Map<string, number[]>();
  for (const row of rows) {
    const key = row.owner_rep_id ?? NO_OWNER;
    const list = out.get(key);
    const duration = Number(row.duration);
    if (list) list.push(duration);
    else out.set(key, [duration]);
  }
  return out;
}

/** Spend dated in the range, minor units; null when none is recorded (unknown is not zero). */
export async function spendTotal(
  db: Kysely<Database>,
  orgId: number,
  range: DayRange,
): Promise<number | null> {
  const { from, to } = toPeriodText(range);
  const row = await db
    .selectFrom('spend')
    .select((eb) => [eb.fn.sum<number>('amount').as('total'), eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .executeTakeFirst();
  return Number(row?.n ?? 0) === 0 ? null : Number(row?.total ?? 0);
}

export async function loadReps(db: Kysely<Database>, orgId: number): Promise<RepInfo[]> {
  const rows = await db
    .selectFrom('reps')
    .select(['id', 'name', 'team', 'started_on', 'ended_on'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    team: row.team,
    startedOn: row.started_on === null ? null : (parseIsoDate(row.started_on) ?? null),
    endedOn: row.ended_on === null ? null : (parseIsoDate(row.ended_on) ?? null),
  }));
}

export async function loadQuotas(db: Kysely<Database>, orgId: number, range?: DayRange): Promise<Quota[]> {
  let query = db
    .selectFrom('targets')
    .select(['scope', 'metric', 'period_start', 'period_end', 'value'])
    .where('org_id', '=', orgId);
  if (range) {
    const { from, to } = toPeriodText(range);
    query = query.where('period_start', '<=', to).where('period_end', '>=', from);
  }
  const rows = await query.orderBy('period_start').execute();
  return rows.map((row) => ({
    scope: row.scope,
    metric: row.metric as TargetMetric,
    from: parseIsoDate(row.period_start) ?? 0,
    to: parseIsoDate(row.period_end) ?? 0,
    value: row.value,
  }));
}

export { FACT_PARTS, type FactPart };

const ALL_PARTS: ReadonlySet<FactPart> = new Set(FACT_PARTS);

export interface SharedFacts {
  reps: readonly RepInfo[];
  /** Quotas overlapping a range that covers the period: extra rows are harmless, quotas are prorated. */
  quotas?: readonly Quota[];
}

type RollupRow = Awaited<ReturnType<typeof rollupByOwner>>[number];

function addRollup(m: Measures, row: RollupRow): void {
  m.revenue = Number(row.revenue);
  m.units = Number(row.units);
  m.dealsWon = Number(row.deals_won);
  m.cycleMs = Number(row.cycle_ms);
  m.emailsSent = Number(row.emails_sent);
  m.emailsDelivered = Number(row.emails_delivered);
  m.emailsOpened = Number(row.emails_opened);
  m.newLeads = Number(row.leads_created);
  m.newOpportunities = Number(row.deals_created);
  m.leadsWithDeal = Number(row.leads_with_deal);
  m.leadsWon = Number(row.leads_won);
  m.leadConversionMs = Number(row.lead_conversion_ms);
}

function addCustomers(m: Measures, row: CustomerCounts): void {
  m.customersStart = row.customers_start;
  m.customersEnd = row.customers_end;
  m.newCustomers = row.new_customers;
  m.churnedCustomers = row.churned_customers;
}

/**
 * The facts of one period the KPI engine computes from, aggregated close to the data: all of them
 * for the report, or only `parts` (with reps, quotas and customer spans shared across the buckets
 * of a time series). Parts not loaded stay empty.
 */
export async function loadPeriodFacts(
  db: Kysely<Database>,
  orgId: number,
  period: DayRange,
  timezone: string,
  options: { parts?: ReadonlySet<FactPart>; shared?: SharedFacts; previous?: DayRange } = {},
): Promise<PeriodFacts> {
  const parts = options.parts ?? ALL_PARTS;
  const shared = options.shared;
  // A named period to date is compared with a cut previous period (KPI-SPEC §3), not the default one.
  const previous = options.previous ?? previousPeriod(period);
  const { start, end } = rangeInstants(period, timezone);
  const months = monthsTouched(period);
  const monthRanges = parts.has('monthly') ? [monthOf(months[0]!.from - 1), ...months] : [];
  const [reps, rollup, customers, cycles, previousRevenue, monthRevenues, quotas, spend] = await Promise.all([
    shared ? shared.reps : loadReps(db, orgId),
    parts.has('rollup') ? rollupByOwner(db, orgId, period) : [],
    parts.has('customers') ? customersByOwner(db, orgId, period, start, end) : [],
    parts.has('cycles') ? cycleDurationsByOwner(db, orgId, start, end) : new Map<string, number[]>(),
    parts.has('previousRevenue') ? revenueByOwner(db, orgId, previous) : new Map<string, number>(),
    Promise.all(monthRanges.map((month) => revenueByOwner(db, orgId, month))),
    !parts.has('quotas') ? [] : (shared?.quotas ?? loadQuotas(db, orgId, period)),
    parts.has('spend') ? spendTotal(db, orgId, period) : null,
  ]);
  const current = new Map<string, Measures>();
  const measuresOf = (key: string): Measures => {
    let m = current.get(key);
    if (!m) {
      m = emptyMeasures();
      current.set(key, m);
    }
    return m;
  };
  for (const row of rollup) addRollup(measuresOf(row.rep_id), row);
  for (const row of customers) addCustomers(measuresOf(row.owner_rep_id), row);
  return {
    period,
    previous,
    reps,
    current,
    previousRevenue,
    monthRevenue: new Map(monthRanges.map((month, index) => [month.month, monthRevenues[index]!])),
    cycleDurations: cycles,
    quotas,
    spend,
  };
}
