import { parseIsoDate } from '../calendar-date.ts';
import type { OrgSettings } from '../org-settings.ts';
import { type DayRange, previousPeriod } from '../periods.ts';
import type { TargetMetric } from './definitions.ts';
import { emptyMeasures, type Measures } from './measures.ts';
import { NO_OWNER, type PeriodFacts, type RepInfo } from './report.ts';
import type { Quota } from './targets.ts';

/**
 * The report tests' facts: helpers to write them, and a quarter of a small organisation whose
 * every KPI was computed by hand (report-quarter.test.ts checks the report against those values).
 */

const DAY = 86_400_000;

export const day = (text: string): number => {
  const d = parseIsoDate(text);
  if (d === undefined) throw new Error(`bad test date ${text}`);
  return d;
};
export const range = (from: string, to: string): DayRange => ({ from: day(from), to: day(to) });
export const measures = (m: Partial<Measures>): Measures => ({ ...emptyMeasures(), ...m });
export const quota = (
  scope: string,
  metric: TargetMetric,
  from: string,
  to: string,
  value: number,
): Quota => ({
  scope,
  metric,
  ...range(from, to),
  value,
});

/** The report's key order: KPI-SPEC §4, with `monthly` right after `sales_growth` (as examples/small). */
export const REPORT_KEYS = [
  'revenue',
  'units',
  'deals_won',
  'target_revenue',
  'attainment_revenue',
  'target_units',
  'attainment_units',
  'target_deals_won',
  'attainment_deals_won',
  'target_new_customers',
  'attainment_new_customers',
  'rep_fte',
  'revenue_per_rep',
  'deals_won_per_rep',
  'avg_sales_cycle_days',
  'median_sales_cycle_days',
  'emails_sent',
  'emails_delivered',
  'emails_opened',
  'email_open_rate',
  'new_leads',
  'new_opportunities',
  'new_leads_per_rep',
  'new_opportunities_per_rep',
  'lead_cohort_size',
  'lead_to_opportunity_ratio',
  'lead_conversion_rate',
  'avg_lead_conversion_days',
  'previous_revenue',
  'sales_growth',
  'monthly',
  'customers_start',
  'customers_end',
  'new_customers',
  'churned_customers',
  'churn_rate',
  'retention_rate',
  'arpa',
  'customer_lifetime_value',
  'spend',
  'customer_acquisition_cost',
];

// ---------------------------------------------------------------------------------------------
// A quarter of a small organisation, aggregated by hand.
//
// P = 2026-Q1 (90 days), previous = 2025-Q4. USD (2 digits), gross margin 0.8.
// Team Alpha: r1 (whole quarter → FTE 1), r2 (joined 15 Feb: 14 + 31 = 45 days → ½).
// Team Beta:  r3 (left 30 Jan: 30 days → ⅓).
// No team:    r4 (joins 1 Apr → FTE 0; still owns a sale: ownership ignores the dates).
// NO_OWNER:   records without an owner (organisation only).
// ---------------------------------------------------------------------------------------------

export const ORG: OrgSettings = {
  name: 'Test org',
  timezone: 'Asia/Jakarta',
  currency: 'USD',
  fiscal_year_start_month: 1,
  gross_margin: 0.8,
};

export const REPS: RepInfo[] = [
  { id: 'r1', name: 'Rep 1', team: 'Alpha', startedOn: null, endedOn: null },
  { id: 'r2', name: 'Rep 2', team: 'Alpha', startedOn: day('2026-02-15'), endedOn: null },
  { id: 'r3', name: 'Rep 3', team: 'Beta', startedOn: day('2025-06-01'), endedOn: day('2026-01-30') },
  { id: 'r4', name: 'Rep 4', team: null, startedOn: day('2026-04-01'), endedOn: null },
];

export const Q1 = range('2026-01-01', '2026-03-31');

export const FACTS: PeriodFacts = {
  period: Q1,
  previous: previousPeriod(Q1),
  reps: REPS,
  current: new Map([
    [
      'r1',
      measures({
        revenue: 1_000_000,
        units: 12,
        dealsWon: 3,
        cycleMs: 34.5 * DAY, // 10 + 20.5 + 4
        emailsSent: 40,
        emailsDelivered: 36,
        emailsOpened: 9,
        newLeads: 10,
        newOpportunities: 6,
        leadsWithDeal: 4,
        leadsWon: 2,
        leadConversionMs: 9 * DAY, // 3 + 6
        customersStart: 8,
        customersEnd: 9,
        newCustomers: 2,
        churnedCustomers: 1,
      }),
    ],
    [
      'r2',
      measures({
        revenue: 333_333,
        units: 1,
        dealsWon: 1,
        cycleMs: 7.25 * DAY,
        emailsSent: 10,
        emailsDelivered: 10,
        emailsOpened: 5,
        newLeads: 4,
        newOpportunities: 2,
        leadsWithDeal: 1,
        customersEnd: 1,
        newCustomers: 1,
      }),
    ],
    [
      'r3',
      measures({
        revenue: 250_001,
        units: 5,
        dealsWon: 2,
        cycleMs: 3 * DAY, // 1 + 2
        emailsSent: 5, // all bounced
        customersStart: 3,
        customersEnd: 2,
        churnedCustomers: 1,
      }),
    ],
    [
      'r4',
      measures({
        revenue: 100_000,
        units: 1,
        dealsWon: 1,
        cycleMs: 0.5 * DAY,
        newLeads: 2,
        newOpportunities: 1,
        leadsWithDeal: 2,
        leadsWon: 1,
        leadConversionMs: 1.5 * DAY,
        customersStart: 2,
        customersEnd: 2,
      }),
    ],
    [
      NO_OWNER,
      measures({
        revenue: 50_000,
        units: 2,
        dealsWon: 1,
        cycleMs: 3 * DAY,
        emailsSent: 4,
        emailsDelivered: 3,
        emailsOpened: 1,
        newLeads: 5,
        newOpportunities: 3,
        leadsWithDeal: 1,
        leadsWon: 1,
        leadConversionMs: 2 * DAY,
        customersStart: 1,
        customersEnd: 1,
        newCustomers: 1,
        churnedCustomers: 1,
      }),
    ],
  ]),
  previousRevenue: new Map([
    ['r1', 800_000],
    ['r3', 500_002],
    [NO_OWNER, 100_000],
  ]),
  monthRevenue: new Map([
    [
      '2025-12',
      new Map([
        ['r1', 200_000],
        ['r3', 100_000],
      ]),
    ],
    [
      '2026-01',
      new Map([
        ['r1', 300_000],
        ['r3', 250_001],
        [NO_OWNER, 50_000],
      ]),
    ],
    [
      '2026-02',
      new Map([
        ['r1', 300_000],
        ['r4', 100_000],
      ]),
    ],
    [
      '2026-03',
      new Map([
        ['r1', 400_000],
        ['r2', 333_333],
      ]),
    ],
  ]),
  cycleDurations: new Map([
    ['r1', [10 * DAY, 20.5 * DAY, 4 * DAY]],
    ['r2', [7.25 * DAY]],
    ['r3', [1 * DAY, 2 * DAY]],
    ['r4', [0.5 * DAY]],
    [NO_OWNER, [3 * DAY]],
  ]),
  quotas: [
    quota('rep:r1', 'revenue', '2026-01-01', '2026-03-31', 9000), // all 90 days → 9000
    quota('rep:r2', 'revenue', '2026-03-15', '2026-04-14', 1000), // 17 of 31 days → 548.387…
    quota('rep:r3', 'revenue', '2025-12-01', '2026-01-31', 3100), // 31 of 62 days → 1550
    quota('team:Beta', 'revenue', '2026-02-01', '2026-02-28', 700), // Beta's own, Feb only → 700
    quota('rep:r4', 'revenue', '2026-04-01', '2026-04-30', 999), // after P → none
    quota('rep:r1', 'units', '2026-01-01', '2026-06-30', 100), // 90 of 181 days → 9000/181
    quota('org', 'deals_won', '2026-01-01', '2026-12-31', 73), // 90 of 365 days → 18
    quota('team:Alpha', 'new_customers', '2026-01-01', '2026-03-31', 6),
    quota('rep:r1', 'new_customers', '2026-01-01', '2026-03-31', 100),
  ],
  spend: 500_002,
};

// Revenue targets in dollars: Alpha (no own) = 9000 + 17000/31 = 296 000/31; Beta (own) = 700
// (r3's 1550 is not added); org (no own) = 296 000/31 + 700 = 317 700/31.
export const ALPHA_REVENUE_TARGET = 296_000 / 31; // 9548.387…
export const ORG_REVENUE_TARGET = 317_700 / 31; // 10 248.387…
