import type { Kysely } from 'kysely';
import { emptyMeasures, type Measures } from '../core/kpis/measures.ts';
import { NO_OWNER, type PeriodFacts, type RepInfo } from '../core/kpis/report.ts';
import type { TargetRow } from '../core/kpis/targets.ts';
import { type DayRange, previousPeriod, rangeInstants } from '../core/periods.ts';
import {
  customersByOwner,
  cycleDurationsByOwner,
  revenueByOwner,
  rollupByOwner,
  spendTotal,
} from './kpi-facts.ts';
import type { Database } from './schema.ts';

/**
 * The parts of a period's facts (core PeriodFacts) that are each one query. A time series loads
 * only the parts its metric is computed from, for every bucket; the rest stay empty.
 */
export const FACT_PARTS = ['rollup', 'customers', 'cycles', 'previousRevenue', 'targets', 'spend'] as const;
export type FactPart = (typeof FACT_PARTS)[number];

export interface SharedFacts {
  reps: readonly RepInfo[];
  /** Targets overlapping the whole series range: a superset is harmless, targets are prorated by overlap. */
  targets: readonly TargetRow[];
  /** Customers that can count in any bucket of the series (see loadCustomerSpans); else one query per bucket. */
  customers?: readonly CustomerSpan[];
}

/** A customer's owner and lifetime: what the churn and retention counts read. */
export interface CustomerSpan {
  owner: string;
  acquiredAt: number;
  churnedAt: number | null;
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
    .where('effective_acquired_at', 'is not', null)
    .where('effective_acquired_at', '<', end)
    .where((eb) => eb.or([eb('churned_at', 'is', null), eb('churned_at', '>=', start)]))
    .execute();
  return rows.map((row) => ({
    owner: row.owner_rep_id ?? NO_OWNER,
    acquiredAt: Number(row.effective_acquired_at),
    churnedAt: row.churned_at === null ? null : Number(row.churned_at),
  }));
}

/**
 * The counts customersByOwner makes in SQL, for one bucket, from spans read once. A chart of churn by
 * week would otherwise scan the accounts once per week. series-equals-report-per-bucket.test.ts
 * holds the two to the same numbers.
 */
export function countCustomers(spans: readonly CustomerSpan[], start: number, end: number): CustomerRow[] {
  const byOwner = new Map<string, CustomerRow>();
  const activeAt = (span: CustomerSpan, t: number) =>
    span.acquiredAt < t && (span.churnedAt === null || span.churnedAt >= t);
  for (const span of spans) {
    if (span.acquiredAt >= end || (span.churnedAt !== null && span.churnedAt < start)) continue;
    let row = byOwner.get(span.owner);
    if (!row) {
      row = {
        owner_rep_id: span.owner,
        customers_start: 0,
        customers_end: 0,
        new_customers: 0,
        churned_customers: 0,
      };
      byOwner.set(span.owner, row);
    }
    if (activeAt(span, start)) row.customers_start++;
    if (activeAt(span, end)) row.customers_end++;
    if (span.acquiredAt >= start) row.new_customers++;
    if (
      span.acquiredAt < start &&
      span.churnedAt !== null &&
      span.churnedAt >= start &&
      span.churnedAt < end
    ) {
      row.churned_customers++;
    }
  }
  return [...byOwner.values()];
}

type RollupRow = Awaited<ReturnType<typeof rollupByOwner>>[number];
type CustomerRow = Awaited<ReturnType<typeof customersByOwner>>[number];

// The same column-to-measure mapping as loadPeriodFacts; series-repo.test.ts checks they agree.
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

function addCustomers(m: Measures, row: CustomerRow): void {
  m.customersStart = Number(row.customers_start);
  m.customersEnd = Number(row.customers_end);
  m.newCustomers = Number(row.new_customers);
  m.churnedCustomers = Number(row.churned_customers);
}

/** PeriodFacts for one period with only `parts` loaded, by the same queries loadPeriodFacts runs. */
export async function loadSelectedFacts(
  db: Kysely<Database>,
  orgId: number,
  period: DayRange,
  timezone: string,
  parts: ReadonlySet<FactPart>,
  shared: SharedFacts,
): Promise<PeriodFacts> {
  const previous = previousPeriod(period);
  const { start, end } = rangeInstants(period, timezone);
  const [rollup, customers, cycles, previousRevenue, spend] = await Promise.all([
    parts.has('rollup') ? rollupByOwner(db, orgId, period) : [],
    !parts.has('customers')
      ? []
      : shared.customers
        ? countCustomers(shared.customers, start, end)
        : customersByOwner(db, orgId, start, end),
    parts.has('cycles') ? cycleDurationsByOwner(db, orgId, start, end) : new Map<string, number[]>(),
    parts.has('previousRevenue') ? revenueByOwner(db, orgId, previous) : new Map<string, number>(),
    parts.has('spend') ? spendTotal(db, orgId, period) : 0,
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
  for (const row of customers) addCustomers(measuresOf(row.owner_rep_id ?? NO_OWNER), row);
  return {
    period,
    previous,
    reps: shared.reps,
    current,
    previousRevenue,
    monthRevenue: new Map(),
    cycleDurations: cycles,
    targets: parts.has('targets') ? shared.targets : [],
    spend,
  };
}
