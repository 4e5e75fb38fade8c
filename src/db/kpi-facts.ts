import type { Kysely } from 'kysely';
import { parseIsoDate } from '../core/calendar-date.ts';
import type { TargetMetric } from '../core/kpis/definitions.ts';
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

/** Customer counts (KPI-SPEC §4 #9) per owner for the instants [start, end). */
export async function customersByOwner(db: Kysely<Database>, orgId: number, start: number, end: number) {
  // Only customers that can matter: acquired before the end and not churned before the start.
  return db
    .selectFrom('accounts')
    .select((eb) => [
      'owner_rep_id',
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb.and([
                eb('effective_acquired_at', '<', start),
                eb.or([eb('churned_at', 'is', null), eb('churned_at', '>=', start)]),
              ]),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('customers_start'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb.and([
                eb('effective_acquired_at', '<', end),
                eb.or([eb('churned_at', 'is', null), eb('churned_at', '>=', end)]),
              ]),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('customers_end'),
      eb.fn
        .sum<number>(eb.case().when('effective_acquired_at', '>=', start).then(1).else(0).end())
        .as('new_customers'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb.and([
                eb('effective_acquired_at', '<', start),
                eb('churned_at', '>=', start),
                eb('churned_at', '<', end),
              ]),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('churned_customers'),
    ])
    .where('org_id', '=', orgId)
    .where('effective_acquired_at', 'is not', null)
    .where('effective_acquired_at', '<', end)
    .where((eb) => eb.or([eb('churned_at', 'is', null), eb('churned_at', '>=', start)]))
    .groupBy('owner_rep_id')
    .execute();
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
    .select(['owner_rep_id', 'created_at', 'closed_at'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'won')
    .where('closed_at', '>=', start)
    .where('closed_at', '<', end)
    .execute();
  const out = new Map<string, number[]>();
  for (const row of rows) {
    const key = row.owner_rep_id ?? NO_OWNER;
    const list = out.get(key);
    const duration = (row.closed_at ?? 0) - row.created_at;
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

const toMeasures = (
  rollup: Awaited<ReturnType<typeof rollupByOwner>>[number] | undefined,
  customers: Awaited<ReturnType<typeof customersByOwner>>[number] | undefined,
): Measures => {
  const m = emptyMeasures();
  if (rollup) {
    m.revenue = Number(rollup.revenue);
    m.units = Number(rollup.units);
    m.dealsWon = Number(rollup.deals_won);
    m.cycleMs = Number(rollup.cycle_ms);
    m.emailsSent = Number(rollup.emails_sent);
    m.emailsDelivered = Number(rollup.emails_delivered);
    m.emailsOpened = Number(rollup.emails_opened);
    m.newLeads = Number(rollup.leads_created);
    m.newOpportunities = Number(rollup.deals_created);
    m.leadsWithDeal = Number(rollup.leads_with_deal);
    m.leadsWon = Number(rollup.leads_won);
    m.leadConversionMs = Number(rollup.lead_conversion_ms);
  }
  if (customers) {
    m.customersStart = Number(customers.customers_start);
    m.customersEnd = Number(customers.customers_end);
    m.newCustomers = Number(customers.new_customers);
    m.churnedCustomers = Number(customers.churned_customers);
  }
  return m;
};

/** Everything the KPI report of one period needs, aggregated close to the data. */
export async function loadPeriodFacts(
  db: Kysely<Database>,
  orgId: number,
  period: DayRange,
  timezone: string,
): Promise<PeriodFacts> {
  const previous = previousPeriod(period);
  const { start, end } = rangeInstants(period, timezone);
  const months = monthsTouched(period);
  const monthRanges = [monthOf(months[0]!.from - 1), ...months];
  const [reps, rollup, customers, cycles, previousRevenue, monthRevenues, targets, spend] = await Promise.all(
    [
      loadReps(db, orgId),
      rollupByOwner(db, orgId, period),
      customersByOwner(db, orgId, start, end),
      cycleDurationsByOwner(db, orgId, start, end),
      revenueByOwner(db, orgId, previous),
      Promise.all(monthRanges.map((month) => revenueByOwner(db, orgId, month))),
      loadTargets(db, orgId, period),
      spendTotal(db, orgId, period),
    ],
  );
  const rollupByKey = new Map(rollup.map((row) => [row.rep_id, row]));
  const customersByKey = new Map(customers.map((row) => [row.owner_rep_id ?? NO_OWNER, row]));
  const keys = new Set([...rollupByKey.keys(), ...customersByKey.keys()]);
  const current = new Map(
    [...keys].map((key) => [key, toMeasures(rollupByKey.get(key), customersByKey.get(key))]),
  );
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
