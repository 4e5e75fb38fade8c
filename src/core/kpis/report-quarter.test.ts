import { describe, expect, it } from 'vitest';
import type { MonthlyValue, ScopeValues } from './compute.ts';
import type { MetricKey } from './definitions.ts';
import { buildReport, type ReportScope } from './report.ts';
import { ALPHA_REVENUE_TARGET, FACTS, ORG, ORG_REVENUE_TARGET, REPORT_KEYS } from './report-test-facts.ts';

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
