import type { Expression, Kysely, SqlBool } from 'kysely';
import { parseIsoDate } from '../core/calendar-date.ts';
import { type CustomerCounts, type CustomerSpan, countCustomers } from '../core/kpis/customers.ts';
import type { TargetMetric } from '../core/kpis/definitions.ts';
import { FACT_PARTS, type FactPart } from '../core/kpis/fact-parts.ts';
import { emptyMeasures, type Measures } from '../core/kpis/measures.ts';
import { NO_OWNER, type PeriodFacts, type RepInfo } from '../core/kpis/report.ts';
import type { TargetRow } from '../core/kpis/targets.ts';
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

/**
 * Customer counts (KPI-SPEC §4 #9) per owner for the instants [start, end). Only customers acquired
 * before the end and not churned before the start can count, which simplifies each condition: S is
 * "acquired before the start", E "not churned before the end", C "acquired before the start and
 * churned before the end". The owner-first index serves the grouping without a sort.
 */
export async function customersByOwner(
  db: Kysely<Database>,
  orgId: number,
  start: number,
  end: number,
): Promise<CustomerCounts[]> {
  const rows = await db
    .selectFrom('accounts')
    .select((eb) => {
      const count = (condition: Expression<SqlBool>) =>
        eb.fn.sum<number>(eb.case().when(condition).then(1).else(0).end());
      return [
        'owner_rep_id',
        count(eb('effective_acquired_at', '<', start)).as('customers_start'),
        count(eb.or([eb('churned_at', 'is', null), eb('churned_at', '>=', end)])).as('customers_end'),
        count(eb('effective_acquired_at', '>=', start)).as('new_customers'),
        count(eb.and([eb('effective_acquired_at', '<', start), eb('churned_at', '<', end)])).as(
          'churned_customers',
        ),
      ];
    })
    .where('org_id', '=', orgId)
    .where('effective_acquired_at', '<', end)
    .where((eb) => eb.or([eb('churned_at', 'is', null), eb('churned_at', '>=', start)]))
    .groupBy('owner_rep_id')
    .execute();
  return rows.map((row) => ({
    owner_rep_id: row.owner_rep_id ?? NO_OWNER,
    customers_start: Number(row.customers_start),
    customers_end: Number(row.customers_end),
    new_customers: Number(row.new_customers),
    churned_customers: Number(row.churned_customers),
  }));
}

/** Every customer acquired before `end` and not churned before `start`: one read for a whole series. */
export async function loadCustomerSpans(
  db: Kysely<Database>,
  orgId: number,
  start: number,
  end: number,
): Promise<CustomerSpan[]> {
  const rows = await db
    .selectFrom('accounts')
    .select(['owner_rep_id', 'effective_acquired_at', 'churned_at'])
    .where('org_id', '=', orgId)
    .where('effective_acquired_at', '<', end)
    .where((eb) => eb.or([eb('churned_at', 'is', null), eb('churned_at', '>=', start)]))
    .execute();
  return rows.map((row) => ({
    owner: row.owner_rep_id ?? NO_OWNER,
    acquiredAt: Number(row.effective_acquired_at),
    churnedAt: row.churned_at === null ? null : Number(row.churned_at),
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

export async function spendTotal(db: Kysely<Database>, orgId: number, range: DayRange): Promise<number> {
  const { from, to } = toPeriodText(range);
  const row = await db
    .selectFrom('spend')
    .select((eb) => eb.fn.sum<number>('amount').as('total'))
    .where('org_id', '=', orgId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
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

export async function loadTargets(
  db: Kysely<Database>,
  orgId: number,
  range?: DayRange,
): Promise<TargetRow[]> {
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
  /** Targets overlapping a range that covers the period: extra rows are harmless, targets are prorated. */
  targets?: readonly TargetRow[];
  /** Customer spans read once for a whole series (see loadCustomerSpans). */
  customers?: readonly CustomerSpan[];
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
 * for the report, or only `parts` (with reps, targets and customer spans shared across the buckets
 * of a time series). Parts not loaded stay empty.
 */
export async function loadPeriodFacts(
  db: Kysely<Database>,
  orgId: number,
  period: DayRange,
  timezone: string,
  options: { parts?: ReadonlySet<FactPart>; shared?: SharedFacts } = {},
): Promise<PeriodFacts> {
  const parts = options.parts ?? ALL_PARTS;
  const shared = options.shared;
  const previous = previousPeriod(period);
  const { start, end } = rangeInstants(period, timezone);
  const months = monthsTouched(period);
  const monthRanges = parts.has('monthly') ? [monthOf(months[0]!.from - 1), ...months] : [];
  const [reps, rollup, customers, cycles, previousRevenue, monthRevenues, targets, spend] = await Promise.all(
    [
      shared ? shared.reps : loadReps(db, orgId),
      parts.has('rollup') ? rollupByOwner(db, orgId, period) : [],
      !parts.has('customers')
        ? []
        : shared?.customers
          ? countCustomers(shared.customers, start, end)
          : customersByOwner(db, orgId, start, end),
      parts.has('cycles') ? cycleDurationsByOwner(db, orgId, start, end) : new Map<string, number[]>(),
      parts.has('previousRevenue') ? revenueByOwner(db, orgId, previous) : new Map<string, number>(),
      Promise.all(monthRanges.map((month) => revenueByOwner(db, orgId, month))),
      !parts.has('targets') ? [] : (shared?.targets ?? loadTargets(db, orgId, period)),
      parts.has('spend') ? spendTotal(db, orgId, period) : 0,
    ],
  );
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
    targets,
    spend,
  };
}
