import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from '../org-settings.ts';
import { type DayRange, previousPeriod } from '../periods.ts';
import type { MonthlyValue, ScopeValues } from './compute.ts';
import type { MetricKey, TargetMetric } from './definitions.ts';
import { emptyMeasures, type Measures } from './measures.ts';
import {
  buildReport,
  computeScopes,
  NO_OWNER,
  type PeriodFacts,
  type RepInfo,
  type ReportScope,
  repFte,
  teamNames,
  toReportScope,
} from './report.ts';
import type { Quota } from './targets.ts';

const DAY = 86_400_000;

const day = (text: string): number => {
  const d = parseIsoDate(text);
  if (d === undefined) throw new Error(`bad test date ${text}`);
  return d;
};
const range = (from: string, to: string): DayRange => ({ from: day(from), to: day(to) });
const measures = (m: Partial<Measures>): Measures => ({ ...emptyMeasures(), ...m });
const target = (scope: string, metric: TargetMetric, from: string, to: string, value: number): Quota => ({
  scope,
  metric,
  ...range(from, to),
  value,
});

/** The report's key order: KPI-SPEC §4, with `monthly` right after `sales_growth` (as examples/small). */
const REPORT_KEYS = [
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

type Expected = Record<MetricKey, number | null> & { monthly: MonthlyValue[] };

/** Every key present; nulls exactly where expected; numbers within 1e-12 relative (exact fractions on paper). */
function expectScope(actual: ReportScope | ScopeValues | undefined, expected: Expected): void {
  expect(actual).toBeDefined();
  if (!actual) return;
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const key of Object.keys(expected) as (keyof Expected)[]) {
    if (key === 'monthly') continue;
    const want = expected[key];
    const got = actual[key];
    if (want === null) expect(got, key).toBeNull();
    else {
      expect(got, key).not.toBeNull();
      expect(Math.abs((got as number) - want), `${key}: ${got} ≠ ${want}`).toBeLessThanOrEqual(
        1e-12 * Math.max(1, Math.abs(want)),
      );
    }
  }
  expect(actual.monthly.map((m) => m.month)).toEqual(expected.monthly.map((m) => m.month));
  actual.monthly.forEach((m, i) => {
    const want = expected.monthly[i]!;
    expect(m.revenue, `${m.month} revenue`).toBeCloseTo(want.revenue, 9);
    if (want.growth === null) expect(m.growth, `${m.month} growth`).toBeNull();
    else expect(m.growth, `${m.month} growth`).toBeCloseTo(want.growth, 12);
  });
}

// ---------------------------------------------------------------------------------------------
// A quarter of a small organisation, aggregated by hand.
//
// P = 2026-Q1 (90 days), previous = 2025-Q4. USD (2 digits), gross margin 0.8.
// Team Alpha: r1 (whole quarter → FTE 1), r2 (joined 15 Feb: 14 + 31 = 45 days → ½).
// Team Beta:  r3 (left 30 Jan: 30 days → ⅓).
// No team:    r4 (joins 1 Apr → FTE 0; still owns a sale: ownership ignores the dates).
// NO_OWNER:   records without an owner (organisation only).
// ---------------------------------------------------------------------------------------------

const ORG: OrgSettings = {
  name: 'Test org',
  timezone: 'Asia/Jakarta',
  currency: 'USD',
  fiscal_year_start_month: 1,
  gross_margin: 0.8,
};

const REPS: RepInfo[] = [
  { id: 'r1', name: 'Rep 1', team: 'Alpha', startedOn: null, endedOn: null },
  { id: 'r2', name: 'Rep 2', team: 'Alpha', startedOn: day('2026-02-15'), endedOn: null },
  { id: 'r3', name: 'Rep 3', team: 'Beta', startedOn: day('2025-06-01'), endedOn: day('2026-01-30') },
  { id: 'r4', name: 'Rep 4', team: null, startedOn: day('2026-04-01'), endedOn: null },
];

const Q1 = range('2026-01-01', '2026-03-31');

const FACTS: PeriodFacts = {
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
    target('rep:r1', 'revenue', '2026-01-01', '2026-03-31', 9000), // all 90 days → 9000
    target('rep:r2', 'revenue', '2026-03-15', '2026-04-14', 1000), // 17 of 31 days → 548.387…
    target('rep:r3', 'revenue', '2025-12-01', '2026-01-31', 3100), // 31 of 62 days → 1550
    target('team:Beta', 'revenue', '2026-02-01', '2026-02-28', 700), // Beta's own, Feb only → 700
    target('rep:r4', 'revenue', '2026-04-01', '2026-04-30', 999), // after P → none
    target('rep:r1', 'units', '2026-01-01', '2026-06-30', 100), // 90 of 181 days → 9000/181
    target('org', 'deals_won', '2026-01-01', '2026-12-31', 73), // 90 of 365 days → 18
    target('team:Alpha', 'new_customers', '2026-01-01', '2026-03-31', 6),
    target('rep:r1', 'new_customers', '2026-01-01', '2026-03-31', 100),
  ],
  spend: 500_002,
};

// Revenue targets in dollars: Alpha (no own) = 9000 + 17000/31 = 296 000/31; Beta (own) = 700
// (r3's 1550 is not added); org (no own) = 296 000/31 + 700 = 317 700/31.
const ALPHA_REVENUE_TARGET = 296_000 / 31; // 9548.387…
const ORG_REVENUE_TARGET = 317_700 / 31; // 10 248.387…

describe('repFte: days of P active ÷ days of P', () => {
  it('counts whole, partial and no presence', () => {
    expect(repFte(REPS[0]!, Q1)).toBe(1);
    expect(repFte(REPS[1]!, Q1)).toBe(0.5); // 45 / 90
    expect(repFte(REPS[2]!, Q1)).toBe(1 / 3); // 30 / 90
    expect(repFte(REPS[3]!, Q1)).toBe(0); // starts after P
  });

  it('counts a rep who started and left inside P, and one who left before it', () => {
    const inside: RepInfo = { ...REPS[0]!, startedOn: day('2026-01-10'), endedOn: day('2026-01-18') };
    expect(repFte(inside, Q1)).toBe(0.1); // 9 / 90
    const gone: RepInfo = { ...REPS[0]!, startedOn: null, endedOn: day('2025-12-31') };
    expect(repFte(gone, Q1)).toBe(0);
    const oneDay: RepInfo = { ...REPS[0]!, startedOn: day('2026-03-31'), endedOn: day('2026-03-31') };
    expect(repFte(oneDay, Q1)).toBe(1 / 90);
  });
});

describe('teamNames', () => {
  it('lists every non-empty team once, sorted', () => {
    const reps: RepInfo[] = [
      { id: 'a', name: 'A', team: 'Surabaya', startedOn: null, endedOn: null },
      { id: 'b', name: 'B', team: null, startedOn: null, endedOn: null },
      { id: 'c', name: 'C', team: 'Bandung', startedOn: null, endedOn: null },
      { id: 'd', name: 'D', team: '', startedOn: null, endedOn: null },
      { id: 'e', name: 'E', team: 'Surabaya', startedOn: null, endedOn: null },
    ];
    expect(teamNames(reps)).toEqual(['Bandung', 'Surabaya']);
  });
});

describe('buildReport: a hand-computed quarter (KPI-SPEC §4, §5)', () => {
  const report = buildReport(FACTS, ORG);

  it('describes the period, its previous period, the zone and the currency', () => {
    expect(report.period).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
      timezone: 'Asia/Jakarta',
      previous: { from: '2025-10-01', to: '2025-12-31' },
    });
    expect(report.currency).toBe('USD');
    expect(Object.keys(report)).toEqual(['period', 'currency', 'org', 'teams', 'reps']);
  });

  it('has every non-empty team and every rep, including a rep without a team or FTE', () => {
    expect(Object.keys(report.teams)).toEqual(['Alpha', 'Beta']);
    expect(Object.keys(report.reps)).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('prints every key of §4 in order in every scope, with monthly after sales_growth', () => {
    for (const scope of [report.org, ...Object.values(report.teams), ...Object.values(report.reps)]) {
      expect(Object.keys(scope)).toEqual(REPORT_KEYS);
      for (const month of scope.monthly) expect(Object.keys(month)).toEqual(['month', 'revenue', 'growth']);
    }
  });

  it('survives JSON with every key present and nulls as null', () => {
    const json = JSON.parse(JSON.stringify(report)) as typeof report;
    expect(json).toEqual(report);
    expect(json.reps.r4?.revenue_per_rep).toBeNull();
  });

  it('computes the organisation, including records without an owner', () => {
    expectScope(report.org, {
      // 1 000 000 + 333 333 + 250 001 + 100 000 + 50 000 cents
      revenue: 17_333.34,
      units: 21, // 12 + 1 + 5 + 1 + 2
      deals_won: 8, // 3 + 1 + 2 + 1 + 1
      target_revenue: 10_248.39, // 317 700/31 = 10 248.387…
      attainment_revenue: 1_733_334 / (ORG_REVENUE_TARGET * 100), // by the unrounded target
      target_units: 9000 / 181, // Alpha's r1 only; Beta and r4 have none
      attainment_units: 21 / (9000 / 181),
      target_deals_won: 18, // org's own: 73 × 90 / 365
      attainment_deals_won: 8 / 18,
      target_new_customers: 6, // Alpha's own 6; r1's 100 is not rolled up past it
      attainment_new_customers: 4 / 6,
      rep_fte: 11 / 6, // 1 + ½ + ⅓ + 0
      revenue_per_rep: 9454.55, // 1 733 334 × 6 / 11 = 945 454.909… cents
      deals_won_per_rep: 48 / 11,
      avg_sales_cycle_days: 6.03125, // (10 + 20.5 + 4 + 7.25 + 1 + 2 + 0.5 + 3) / 8 = 48.25 / 8
      median_sales_cycle_days: 3.5, // 0.5 1 2 3 | 4 7.25 10 20.5 → (3 + 4) / 2
      emails_sent: 59,
      emails_delivered: 49,
      emails_opened: 15,
      email_open_rate: 15 / 49,
      new_leads: 21,
      new_opportunities: 12,
      new_leads_per_rep: 126 / 11,
      new_opportunities_per_rep: 72 / 11,
      lead_cohort_size: 21,
      lead_to_opportunity_ratio: 8 / 21,
      lead_conversion_rate: 4 / 21,
      avg_lead_conversion_days: 3.125, // (9 + 1.5 + 2) / 4
      previous_revenue: 14_000.02, // 800 000 + 500 002 + 100 000 cents
      sales_growth: 333_332 / 1_400_002,
      monthly: [
        { month: '2026-01', revenue: 6000.01, growth: 300_001 / 300_000 }, // vs Dec 2025: 300 000
        { month: '2026-02', revenue: 4000, growth: -200_001 / 600_001 },
        { month: '2026-03', revenue: 7333.33, growth: 333_333 / 400_000 },
      ],
      customers_start: 14, // 8 + 0 + 3 + 2 + 1
      customers_end: 15, // 9 + 1 + 2 + 2 + 1
      new_customers: 4, // 2 + 1 + 0 + 0 + 1
      churned_customers: 3, // 1 + 0 + 1 + 0 + 1
      churn_rate: 3 / 14,
      retention_rate: 11 / 14, // (15 − 4) / 14
      arpa: 1195.4, // 1 733 334 / 14.5 = 119 540.28 cents
      customer_lifetime_value: 4462.84, // 119 540.2759 × 0.8 × 14 / 3 = 446 283.697 cents
      spend: 5000.02,
      customer_acquisition_cost: 1250.01, // 500 002 / 4 = 125 000.5 cents → half away from zero
    });
  });

  it('computes team Alpha (no revenue target of its own: the sum of its reps’)', () => {
    expectScope(report.teams.Alpha, {
      revenue: 13_333.33,
      units: 13,
      deals_won: 4,
      target_revenue: 9548.39, // 9000 + 548.387…
      attainment_revenue: 1_333_333 / (ALPHA_REVENUE_TARGET * 100), // 41 333 323 / 29 600 000
      target_units: 9000 / 181,
      attainment_units: 13 / (9000 / 181),
      target_deals_won: null, // the org's own target does not flow down
      attainment_deals_won: null,
      target_new_customers: 6,
      attainment_new_customers: 0.5, // 3 / 6
      rep_fte: 1.5,
      revenue_per_rep: 8888.89, // 1 333 333 / 1.5 = 888 888.67 cents
      deals_won_per_rep: 8 / 3,
      avg_sales_cycle_days: 10.4375, // 41.75 / 4
      median_sales_cycle_days: 8.625, // (7.25 + 10) / 2
      emails_sent: 50,
      emails_delivered: 46,
      emails_opened: 14,
      email_open_rate: 14 / 46,
      new_leads: 14,
      new_opportunities: 8,
      new_leads_per_rep: 28 / 3,
      new_opportunities_per_rep: 16 / 3,
      lead_cohort_size: 14,
      lead_to_opportunity_ratio: 5 / 14,
      lead_conversion_rate: 2 / 14,
      avg_lead_conversion_days: 4.5, // 9 / 2
      previous_revenue: 8000,
      sales_growth: 533_333 / 800_000,
      monthly: [
        { month: '2026-01', revenue: 3000, growth: 0.5 }, // vs Dec 200 000
        { month: '2026-02', revenue: 3000, growth: 0 },
        { month: '2026-03', revenue: 7333.33, growth: 433_333 / 300_000 },
      ],
      customers_start: 8,
      customers_end: 10,
      new_customers: 3,
      churned_customers: 1,
      churn_rate: 1 / 8,
      retention_rate: 7 / 8, // (10 − 3) / 8
      arpa: 1481.48, // 1 333 333 / 9 = 148 148.11 cents
      customer_lifetime_value: 9481.48, // 1 333 333 × 0.8 × 8 / 9 = 948 147.91 cents
      spend: null,
      customer_acquisition_cost: null,
    });
  });

  it('computes team Beta (its own revenue target covers only February: it alone counts)', () => {
    expectScope(report.teams.Beta, {
      revenue: 2500.01,
      units: 5,
      deals_won: 2,
      target_revenue: 700, // not 700 + r3's 1550
      attainment_revenue: 250_001 / 70_000,
      target_units: null,
      attainment_units: null,
      target_deals_won: null,
      attainment_deals_won: null,
      target_new_customers: null,
      attainment_new_customers: null,
      rep_fte: 1 / 3,
      revenue_per_rep: 7500.03, // 250 001 × 3 cents
      deals_won_per_rep: 6,
      avg_sales_cycle_days: 1.5,
      median_sales_cycle_days: 1.5, // (1 + 2) / 2
      emails_sent: 5,
      emails_delivered: 0,
      emails_opened: 0,
      email_open_rate: null, // nothing delivered
      new_leads: 0,
      new_opportunities: 0,
      new_leads_per_rep: 0,
      new_opportunities_per_rep: 0,
      lead_cohort_size: 0,
      lead_to_opportunity_ratio: null,
      lead_conversion_rate: null,
      avg_lead_conversion_days: null,
      previous_revenue: 5000.02,
      sales_growth: -0.5,
      monthly: [
        { month: '2026-01', revenue: 2500.01, growth: 1.50001 }, // vs Dec 100 000
        { month: '2026-02', revenue: 0, growth: -1 },
        { month: '2026-03', revenue: 0, growth: null }, // February had nothing
      ],
      customers_start: 3,
      customers_end: 2,
      new_customers: 0,
      churned_customers: 1,
      churn_rate: 1 / 3,
      retention_rate: 2 / 3,
      arpa: 1000, // 250 001 / 2.5 = 100 000.4 cents
      // from the unrounded ARPA: 100 000.4 × 0.8 × 3 = 240 000.96 cents (rounded ARPA would give 2400.00)
      customer_lifetime_value: 2400.01,
      spend: null,
      customer_acquisition_cost: null,
    });
  });

  it('computes rep r1 (whole quarter)', () => {
    expectScope(report.reps.r1, {
      revenue: 10_000,
      units: 12,
      deals_won: 3,
      target_revenue: 9000,
      attainment_revenue: 10 / 9,
      target_units: 9000 / 181,
      attainment_units: (12 * 181) / 9000,
      target_deals_won: null,
      attainment_deals_won: null,
      target_new_customers: 100,
      attainment_new_customers: 0.02,
      rep_fte: 1,
      revenue_per_rep: 10_000,
      deals_won_per_rep: 3,
      avg_sales_cycle_days: 11.5,
      median_sales_cycle_days: 10,
      emails_sent: 40,
      emails_delivered: 36,
      emails_opened: 9,
      email_open_rate: 0.25,
      new_leads: 10,
      new_opportunities: 6,
      new_leads_per_rep: 10,
      new_opportunities_per_rep: 6,
      lead_cohort_size: 10,
      lead_to_opportunity_ratio: 0.4,
      lead_conversion_rate: 0.2,
      avg_lead_conversion_days: 4.5,
      previous_revenue: 8000,
      sales_growth: 0.25,
      monthly: [
        { month: '2026-01', revenue: 3000, growth: 0.5 },
        { month: '2026-02', revenue: 3000, growth: 0 },
        { month: '2026-03', revenue: 4000, growth: 1 / 3 },
      ],
      customers_start: 8,
      customers_end: 9,
      new_customers: 2,
      churned_customers: 1,
      churn_rate: 0.125,
      retention_rate: 0.875,
      arpa: 1176.47, // 1 000 000 / 8.5 = 117 647.06 cents
      customer_lifetime_value: 7529.41, // 1 000 000 × 0.8 × 8 / 8.5 = 752 941.18 cents
      spend: null,
      customer_acquisition_cost: null,
    });
  });

  it('computes rep r2 (half the quarter; a target straddling the period end; no customers at start)', () => {
    expectScope(report.reps.r2, {
      revenue: 3333.33,
      units: 1,
      deals_won: 1,
      target_revenue: 548.39, // 1000 × 17 / 31
      attainment_revenue: 10_333_323 / 1_700_000, // 6.078425…, not 333 333 / 54 839 = 6.078356…
      target_units: null,
      attainment_units: null,
      target_deals_won: null,
      attainment_deals_won: null,
      target_new_customers: null, // Alpha's own target is not pushed down to reps
      attainment_new_customers: null,
      rep_fte: 0.5,
      revenue_per_rep: 6666.66,
      deals_won_per_rep: 2,
      avg_sales_cycle_days: 7.25,
      median_sales_cycle_days: 7.25,
      emails_sent: 10,
      emails_delivered: 10,
      emails_opened: 5,
      email_open_rate: 0.5,
      new_leads: 4,
      new_opportunities: 2,
      new_leads_per_rep: 8,
      new_opportunities_per_rep: 4,
      lead_cohort_size: 4,
      lead_to_opportunity_ratio: 0.25,
      lead_conversion_rate: 0,
      avg_lead_conversion_days: null, // no converted lead
      previous_revenue: 0,
      sales_growth: null,
      monthly: [
        { month: '2026-01', revenue: 0, growth: null },
        { month: '2026-02', revenue: 0, growth: null },
        { month: '2026-03', revenue: 3333.33, growth: null },
      ],
      customers_start: 0,
      customers_end: 1,
      new_customers: 1,
      churned_customers: 0,
      churn_rate: null,
      retention_rate: null,
      arpa: 6666.66, // 333 333 / 0.5
      customer_lifetime_value: null,
      spend: null,
      customer_acquisition_cost: null,
    });
  });

  it('computes rep r3 (a third of the quarter; its own target not used by its team)', () => {
    const r3 = report.reps.r3;
    expect(r3?.target_revenue).toBe(1550);
    expect(r3?.attainment_revenue).toBeCloseTo(250_001 / 155_000, 12);
    expect(r3?.rep_fte).toBeCloseTo(1 / 3, 15);
    expect(r3?.revenue_per_rep).toBe(7500.03);
  });

  it('computes rep r4 (team-less, FTE 0, churn 0)', () => {
    expectScope(report.reps.r4, {
      revenue: 1000,
      units: 1,
      deals_won: 1,
      target_revenue: null,
      attainment_revenue: null,
      target_units: null,
      attainment_units: null,
      target_deals_won: null,
      attainment_deals_won: null,
      target_new_customers: null,
      attainment_new_customers: null,
      rep_fte: 0,
      revenue_per_rep: null,
      deals_won_per_rep: null,
      avg_sales_cycle_days: 0.5,
      median_sales_cycle_days: 0.5,
      emails_sent: 0,
      emails_delivered: 0,
      emails_opened: 0,
      email_open_rate: null,
      new_leads: 2,
      new_opportunities: 1,
      new_leads_per_rep: null,
      new_opportunities_per_rep: null,
      lead_cohort_size: 2,
      lead_to_opportunity_ratio: 1,
      lead_conversion_rate: 0.5,
      avg_lead_conversion_days: 1.5,
      previous_revenue: 0,
      sales_growth: null,
      monthly: [
        { month: '2026-01', revenue: 0, growth: null },
        { month: '2026-02', revenue: 1000, growth: null },
        { month: '2026-03', revenue: 0, growth: -1 },
      ],
      customers_start: 2,
      customers_end: 2,
      new_customers: 0,
      churned_customers: 0,
      churn_rate: 0,
      retention_rate: 1,
      arpa: 500,
      customer_lifetime_value: null, // churn 0
      spend: null,
      customer_acquisition_cost: null,
    });
  });
});

describe('computeScopes: money stays unrounded minor units until printed', () => {
  const scopes = computeScopes(FACTS, ORG);

  it('keeps fractions of a cent in the computed values', () => {
    expect(scopes.org.revenue).toBe(1_733_334);
    expect(scopes.org.revenue_per_rep).toBeCloseTo((1_733_334 * 6) / 11, 6); // 945 454.909…
    expect(scopes.org.target_revenue).toBeCloseTo(ORG_REVENUE_TARGET * 100, 6); // 1 024 838.709…
    expect(scopes.org.customer_acquisition_cost).toBe(125_000.5);
    expect(scopes.teams.get('Beta')?.arpa).toBeCloseTo(100_000.4, 8);
    expect(scopes.teams.get('Beta')?.customer_lifetime_value).toBeCloseTo(240_000.96, 6);
  });

  it('rounds only money keys, half away from zero, when printed', () => {
    const printed = toReportScope(scopes.org, 2);
    expect(printed.customer_acquisition_cost).toBe(1250.01); // 125 000.5 cents
    expect(printed.revenue_per_rep).toBe(9454.55);
    expect(printed.target_revenue).toBe(10_248.39);
    // not money: unrounded
    expect(printed.target_units).toBe(scopes.org.target_units);
    expect(printed.rep_fte).toBe(scopes.org.rep_fte);
    expect(printed.attainment_revenue).toBe(scopes.org.attainment_revenue);
    expect(printed.avg_sales_cycle_days).toBe(6.03125);
  });

  it('returns a map entry for every team and rep', () => {
    expect([...scopes.teams.keys()]).toEqual(['Alpha', 'Beta']);
    expect([...scopes.reps.keys()]).toEqual(['r1', 'r2', 'r3', 'r4']);
  });
});

describe('buildReport: currency digits', () => {
  // One rep, January 2026; 1 234 567 minor units of revenue; S = 2, E = 2, C = 1 → churn ½;
  // spend 5 minor units for 2 new customers → 2.5.
  const reps: RepInfo[] = [{ id: 'r', name: 'R', team: null, startedOn: null, endedOn: null }];
  const january = range('2026-01-01', '2026-01-31');
  const facts: PeriodFacts = {
    period: january,
    previous: previousPeriod(january),
    reps,
    current: new Map([
      [
        'r',
        measures({
          revenue: 1_234_567,
          customersStart: 2,
          customersEnd: 2,
          newCustomers: 2,
          churnedCustomers: 1,
        }),
      ],
    ]),
    previousRevenue: new Map(),
    monthRevenue: new Map([['2026-01', new Map([['r', 1_234_567]])]]),
    cycleDurations: new Map(),
    quotas: [target('rep:r', 'revenue', '2026-01-01', '2026-01-31', 1000)],
    spend: 5,
  };

  it('prints IDR with 2 decimals (ISO 4217), rounding half away from zero', () => {
    const report = buildReport(facts, { ...DEFAULT_ORG_SETTINGS, currency: 'IDR', gross_margin: 1 });
    expect(report.currency).toBe('IDR');
    expect(report.org.revenue).toBe(12_345.67);
    expect(report.org.target_revenue).toBe(1000); // a target is in major units: 1000 Rp = 100 000 sen
    expect(report.org.attainment_revenue).toBeCloseTo(12.34567, 12);
    expect(report.org.arpa).toBe(6172.84); // 1 234 567 / 2 = 617 283.5 sen → 617 284
    expect(report.org.customer_lifetime_value).toBe(12_345.67); // 617 283.5 × 1 / ½
    expect(report.org.customer_acquisition_cost).toBe(0.03); // 2.5 sen → 3
    expect(report.org.spend).toBe(0.05);
    expect(report.org.monthly).toEqual([{ month: '2026-01', revenue: 12_345.67, growth: null }]);
  });

  it('prints JPY without decimals, minor unit = yen', () => {
    const report = buildReport(facts, { ...DEFAULT_ORG_SETTINGS, currency: 'JPY', gross_margin: 1 });
    expect(report.org.revenue).toBe(1_234_567);
    expect(report.org.target_revenue).toBe(1000);
    expect(report.org.attainment_revenue).toBeCloseTo(1234.567, 9);
    expect(report.org.arpa).toBe(617_284); // 617 283.5 → half away from zero
    expect(report.org.customer_acquisition_cost).toBe(3); // 2.5 yen → 3
    expect(report.org.spend).toBe(5);
    expect(report.reps.r?.revenue_per_rep).toBe(1_234_567);
  });
});

describe('buildReport: edge shapes', () => {
  it('lists a team whose reps have no records, with zeros and nulls, and ignores an empty team name', () => {
    const january = range('2026-01-01', '2026-01-31');
    const reps: RepInfo[] = [
      { id: 'g1', name: 'G', team: 'Gamma', startedOn: null, endedOn: day('2025-12-31') },
      { id: 'e1', name: 'E', team: '', startedOn: null, endedOn: null },
    ];
    const report = buildReport(
      {
        period: january,
        previous: previousPeriod(january),
        reps,
        current: new Map([[NO_OWNER, measures({ revenue: 100, dealsWon: 1 })]]),
        previousRevenue: new Map(),
        monthRevenue: new Map(),
        cycleDurations: new Map(),
        quotas: [],
        spend: 0,
      },
      DEFAULT_ORG_SETTINGS,
    );
    expect(Object.keys(report.teams)).toEqual(['Gamma']);
    expect(Object.keys(report.reps)).toEqual(['g1', 'e1']);
    const gamma = report.teams.Gamma;
    expect(gamma?.revenue).toBe(0);
    expect(gamma?.rep_fte).toBe(0);
    expect(gamma?.revenue_per_rep).toBeNull();
    expect(gamma?.avg_sales_cycle_days).toBeNull();
    expect(gamma?.median_sales_cycle_days).toBeNull();
    expect(gamma?.monthly).toEqual([{ month: '2026-01', revenue: 0, growth: null }]);
    // the organisation has the unowned sale, e1's full month, and spend 0 over no new customers
    expect(report.org.revenue).toBe(1);
    expect(report.org.rep_fte).toBe(1);
    expect(report.org.spend).toBe(0);
    expect(report.org.customer_acquisition_cost).toBeNull();
  });

  it('counts unowned revenue of the previous period and months even when P has no unowned record', () => {
    const january = range('2026-01-01', '2026-01-31');
    const reps: RepInfo[] = [{ id: 'r', name: 'R', team: 'T', startedOn: null, endedOn: null }];
    const report = buildReport(
      {
        period: january,
        previous: previousPeriod(january),
        reps,
        current: new Map([['r', measures({ revenue: 300 })]]), // no NO_OWNER entry
        previousRevenue: new Map([
          ['r', 100],
          [NO_OWNER, 100],
        ]),
        monthRevenue: new Map([
          ['2025-12', new Map([[NO_OWNER, 100]])],
          ['2026-01', new Map([['r', 300]])],
        ]),
        cycleDurations: new Map(),
        quotas: [],
        spend: 0,
      },
      DEFAULT_ORG_SETTINGS,
    );
    expect(report.org.previous_revenue).toBe(2); // 100 + 100 cents
    expect(report.org.sales_growth).toBe(0.5); // (300 − 200) / 200
    expect(report.org.monthly).toEqual([{ month: '2026-01', revenue: 3, growth: 2 }]); // vs December's 100
    expect(report.teams.T?.previous_revenue).toBe(1);
    expect(report.teams.T?.monthly).toEqual([{ month: '2026-01', revenue: 3, growth: null }]);
  });

  it('gives monthly values for the whole months a partial period touches, the first vs the month before', () => {
    // 15 Jan … 10 Feb 2026 (27 days) → previous 19 Dec … 14 Jan; months Jan and Feb as whole months
    const p = range('2026-01-15', '2026-02-10');
    const reps: RepInfo[] = [{ id: 'r', name: 'R', team: 'T', startedOn: null, endedOn: null }];
    const report = buildReport(
      {
        period: p,
        previous: previousPeriod(p),
        reps,
        current: new Map([['r', measures({ revenue: 500 })]]),
        previousRevenue: new Map([['r', 250]]),
        monthRevenue: new Map([
          ['2025-12', new Map([['r', 400]])],
          ['2026-01', new Map([['r', 1000]])],
          ['2026-02', new Map([['r', 300]])],
        ]),
        cycleDurations: new Map(),
        quotas: [],
        spend: 0,
      },
      DEFAULT_ORG_SETTINGS,
    );
    expect(report.period.previous).toEqual({ from: '2025-12-19', to: '2026-01-14' });
    expect(report.org.sales_growth).toBe(1); // (500 − 250) / 250
    const expected = [
      { month: '2026-01', revenue: 10, growth: 1.5 }, // (1000 − 400) / 400
      { month: '2026-02', revenue: 3, growth: -0.7 }, // (300 − 1000) / 1000
    ];
    expect(report.org.monthly).toEqual(expected);
    expect(report.teams.T?.monthly).toEqual(expected);
    expect(report.reps.r?.monthly).toEqual(expected);
  });
});
