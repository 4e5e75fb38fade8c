import { describe, expect, it } from 'vitest';
import { DEFAULT_ORG_SETTINGS } from '../org-settings.ts';
import { previousPeriod } from '../periods.ts';
import { buildReport, computeScopes, type PeriodFacts, type RepInfo, toReportScope } from './report.ts';
import { FACTS, measures, ORG, ORG_REVENUE_TARGET, quota, range } from './report-test-facts.ts';

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
    quotas: [quota('rep:r', 'revenue', '2026-01-01', '2026-01-31', 1000)],
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
