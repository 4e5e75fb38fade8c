import { describe, expect, it } from 'vitest';
import { computeScope, type ScopeFacts } from './compute.ts';
import { METRIC_KEYS } from './definitions.ts';
import { emptyMeasures, type Measures } from './measures.ts';

const DAY = 86_400_000;

const facts = (measures: Partial<Measures>, rest: Partial<ScopeFacts> = {}): ScopeFacts => ({
  measures: { ...emptyMeasures(), ...measures },
  cycleDurationsMs: [],
  previousRevenue: 0,
  monthly: [],
  repFte: 1,
  targets: { revenue: null, units: null, deals_won: null, new_customers: null },
  spend: null,
  ...rest,
});

/** |actual − expected| within 1e-12 relative: for values that are exact fractions on paper. */
const expectClose = (actual: number | null | undefined, expected: number): void => {
  expect(actual).not.toBeNull();
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    1e-12 * Math.max(1, Math.abs(expected)),
  );
};

describe('computeScope: zero denominators give null, never 0, ∞ or NaN', () => {
  const v = computeScope(facts({}, { repFte: 0 }), 0.8);

  it('gives null for every ratio of an empty scope', () => {
    for (const key of [
      'attainment_revenue',
      'attainment_units',
      'attainment_deals_won',
      'attainment_new_customers',
      'revenue_per_rep',
      'deals_won_per_rep',
      'avg_sales_cycle_days',
      'median_sales_cycle_days',
      'email_open_rate',
      'new_leads_per_rep',
      'new_opportunities_per_rep',
      'lead_to_opportunity_ratio',
      'lead_conversion_rate',
      'avg_lead_conversion_days',
      'sales_growth',
      'churn_rate',
      'retention_rate',
      'arpa',
      'customer_lifetime_value',
      'spend',
      'customer_acquisition_cost',
    ] as const) {
      expect(v[key], key).toBeNull();
    }
  });

  it('gives 0 for the counts and sums of an empty scope', () => {
    for (const key of [
      'revenue',
      'units',
      'deals_won',
      'rep_fte',
      'emails_sent',
      'emails_delivered',
      'emails_opened',
      'new_leads',
      'new_opportunities',
      'lead_cohort_size',
      'previous_revenue',
      'customers_start',
      'customers_end',
      'new_customers',
      'churned_customers',
    ] as const) {
      expect(v[key], key).toBe(0);
    }
  });

  it('has every key of KPI-SPEC §4', () => {
    expect(Object.keys(v).sort()).toEqual([...METRIC_KEYS, 'monthly'].sort());
    for (const value of Object.values(v))
      if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
  });

  it('gives a null open rate when every email bounced', () => {
    const r = computeScope(facts({ emailsSent: 5, emailsDelivered: 0, emailsOpened: 0 }), 1);
    expect(r.emails_sent).toBe(5);
    expect(r.email_open_rate).toBeNull();
  });

  it('gives null per-rep values when no rep was active, even with sales', () => {
    const r = computeScope(
      facts({ revenue: 100_000, dealsWon: 1, newLeads: 2, newOpportunities: 1 }, { repFte: 0 }),
      1,
    );
    expect(r.revenue).toBe(100_000);
    expect(r.revenue_per_rep).toBeNull();
    expect(r.deals_won_per_rep).toBeNull();
    expect(r.new_leads_per_rep).toBeNull();
    expect(r.new_opportunities_per_rep).toBeNull();
  });

  it('gives null growth when there was no previous revenue', () => {
    const r = computeScope(facts({ revenue: 100 }, { previousRevenue: 0 }), 1);
    expect(r.previous_revenue).toBe(0);
    expect(r.sales_growth).toBeNull();
  });

  it('gives null churn, retention and CLV without customers at the start', () => {
    // S = 0, E = 1 (one new customer): ARPA is defined, the rest is not
    const r = computeScope(
      facts({ revenue: 333_333, customersStart: 0, customersEnd: 1, newCustomers: 1 }),
      1,
    );
    expect(r.churn_rate).toBeNull();
    expect(r.retention_rate).toBeNull();
    expect(r.arpa).toBe(666_666); // 333 333 / ((0 + 1) / 2)
    expect(r.customer_lifetime_value).toBeNull();
  });

  it('gives null CLV when churn is 0 (an infinite lifetime)', () => {
    const r = computeScope(facts({ revenue: 100_000, customersStart: 2, customersEnd: 2 }), 0.8);
    expect(r.churn_rate).toBe(0);
    expect(r.retention_rate).toBe(1);
    expect(r.arpa).toBe(50_000);
    expect(r.customer_lifetime_value).toBeNull();
  });
});

describe('computeScope: formulas of KPI-SPEC §4', () => {
  it('divides per-rep values by fractional FTE', () => {
    // 1 + ½ + ⅓ = 11/6 reps
    const r = computeScope(
      facts({ revenue: 1_733_334, dealsWon: 8, newLeads: 21, newOpportunities: 12 }, { repFte: 11 / 6 }),
      1,
    );
    expectClose(r.revenue_per_rep, (1_733_334 * 6) / 11); // 945 454.909…
    expectClose(r.deals_won_per_rep, 48 / 11);
    expectClose(r.new_leads_per_rep, 126 / 11);
    expectClose(r.new_opportunities_per_rep, 72 / 11);
  });

  it('measures sales cycles in fractional days: mean of the sum, median of an even count', () => {
    const durations = [10 * DAY, 20.5 * DAY, 4 * DAY, 7.25 * DAY];
    const r = computeScope(facts({ dealsWon: 4, cycleMs: 41.75 * DAY }, { cycleDurationsMs: durations }), 1);
    expect(r.avg_sales_cycle_days).toBe(10.4375); // 41.75 / 4
    expect(r.median_sales_cycle_days).toBe(8.625); // sorted 4, 7.25 | 10, 20.5 → (7.25 + 10) / 2
  });

  it('keeps sub-day precision of a cycle (ms / 86 400 000)', () => {
    // 25 h + 1 ms = 1.041 666 678 days
    const ms = 25 * 3_600_000 + 1;
    const r = computeScope(facts({ dealsWon: 1, cycleMs: ms }, { cycleDurationsMs: [ms] }), 1);
    expectClose(r.avg_sales_cycle_days, 90_000_001 / 86_400_000);
    expectClose(r.median_sales_cycle_days, 90_000_001 / 86_400_000);
  });

  it('takes the middle value of an odd count', () => {
    const r = computeScope(
      facts({ dealsWon: 3, cycleMs: 34.5 * DAY }, { cycleDurationsMs: [10 * DAY, 20.5 * DAY, 4 * DAY] }),
      1,
    );
    expect(r.avg_sales_cycle_days).toBe(11.5);
    expect(r.median_sales_cycle_days).toBe(10);
  });

  it('computes email open rate over delivered emails', () => {
    const r = computeScope(facts({ emailsSent: 59, emailsDelivered: 49, emailsOpened: 15 }), 1);
    expectClose(r.email_open_rate, 15 / 49);
  });

  it('computes lead conversion over the cohort of new leads', () => {
    const r = computeScope(
      facts({ newLeads: 21, leadsWithDeal: 8, leadsWon: 4, leadConversionMs: 12.5 * DAY }),
      1,
    );
    expect(r.lead_cohort_size).toBe(21);
    expectClose(r.lead_to_opportunity_ratio, 8 / 21);
    expectClose(r.lead_conversion_rate, 4 / 21);
    expect(r.avg_lead_conversion_days).toBe(3.125); // 12.5 days / 4
  });

  it('gives a null conversion time when no cohort lead was won', () => {
    const r = computeScope(facts({ newLeads: 4, leadsWithDeal: 1, leadsWon: 0 }), 1);
    expect(r.lead_conversion_rate).toBe(0);
    expect(r.avg_lead_conversion_days).toBeNull();
  });

  it('computes growth against the previous period, negative too', () => {
    expect(computeScope(facts({ revenue: 250_001 }, { previousRevenue: 500_002 }), 1).sales_growth).toBe(
      -0.5,
    );
    expectClose(
      computeScope(facts({ revenue: 1_333_333 }, { previousRevenue: 800_000 }), 1).sales_growth,
      0.66666625,
    );
  });

  it('computes monthly growth from each month and the month before it', () => {
    const r = computeScope(
      facts(
        {},
        {
          monthly: [
            { month: '2026-01', revenue: 250_001, previousRevenue: 100_000 },
            { month: '2026-02', revenue: 0, previousRevenue: 250_001 },
            { month: '2026-03', revenue: 0, previousRevenue: 0 },
          ],
        },
      ),
      1,
    );
    expect(r.monthly).toEqual([
      { month: '2026-01', revenue: 250_001, growth: 1.50001 },
      { month: '2026-02', revenue: 0, growth: -1 },
      { month: '2026-03', revenue: 0, growth: null },
    ]);
  });

  it('computes churn, and retention as (E − N) / S, which differs from 1 − churn', () => {
    // 10 at start, 2 of them churn; 3 new, 1 of which also churns inside P → E = 10 − 2 + 3 − 1 = 10
    const r = computeScope(
      facts({ customersStart: 10, customersEnd: 10, newCustomers: 3, churnedCustomers: 2 }),
      1,
    );
    expect(r.churn_rate).toBe(0.2);
    expect(r.retention_rate).toBe(0.7); // not 1 − 0.2
  });

  it('computes ARPA over the average of S and E, and CLV = ARPA × margin / churn from the unrounded ARPA', () => {
    // ARPA = 250 001 / ((3 + 2) / 2) = 100 000.4; CLV = 100 000.4 × 0.8 / (1/3) = 240 000.96
    const r = computeScope(
      facts({ revenue: 250_001, customersStart: 3, customersEnd: 2, churnedCustomers: 1 }),
      0.8,
    );
    expectClose(r.arpa, 100_000.4);
    expectClose(r.customer_lifetime_value, 240_000.96);
  });

  it('divides attainment by the unrounded target', () => {
    // target 1000 × 17/31 days = 548.387… → 54 838.709… cents; rounding first would give 6.07837…
    const target = 1_700_000 / 31;
    const r = computeScope(
      facts(
        { revenue: 333_333, units: 12, dealsWon: 8, newCustomers: 4 },
        { targets: { revenue: target, units: 9000 / 181, deals_won: 18, new_customers: 6 } },
      ),
      1,
    );
    expect(r.target_revenue).toBe(target);
    expectClose(r.attainment_revenue, 10_333_323 / 1_700_000); // 333 333 × 31 / 1 700 000 = 6.078425…
    expectClose(r.attainment_units, (12 * 181) / 9000);
    expectClose(r.attainment_deals_won, 4 / 9);
    expectClose(r.attainment_new_customers, 4 / 6);
  });

  it('gives a null attainment without a target and 0 attainment for 0 sales', () => {
    const r = computeScope(
      facts({}, { targets: { revenue: 100, units: null, deals_won: 0, new_customers: null } }),
      1,
    );
    expect(r.attainment_revenue).toBe(0);
    expect(r.attainment_units).toBeNull();
    expect(r.attainment_deals_won).toBeNull(); // a target of 0 is a zero denominator
  });

  it('computes CAC only where spend is given (the organisation)', () => {
    expect(computeScope(facts({ newCustomers: 4 }, { spend: 500_002 }), 1).customer_acquisition_cost).toBe(
      125_000.5,
    );
    expect(computeScope(facts({ newCustomers: 4 }, { spend: 0 }), 1).customer_acquisition_cost).toBe(0);
    expect(computeScope(facts({ newCustomers: 0 }, { spend: 500 }), 1).customer_acquisition_cost).toBeNull();
    const team = computeScope(facts({ newCustomers: 4 }, { spend: null }), 1);
    expect(team.spend).toBeNull();
    expect(team.customer_acquisition_cost).toBeNull();
  });
});
