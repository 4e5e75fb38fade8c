import { describe, expect, it } from 'vitest';
import { computeScope, type ScopeFacts } from './compute.ts';
import { METRIC_KEYS, METRICS } from './definitions.ts';
import { emptyMeasures } from './measures.ts';
import { nullReason } from './null-reasons.ts';

const NO_TARGETS = { revenue: null, units: null, deals_won: null, new_customers: null };

const facts = (overrides: Partial<ScopeFacts> = {}): ScopeFacts => ({
  measures: emptyMeasures(),
  cycleDurationsMs: [],
  previousRevenue: 0,
  monthly: [],
  repFte: 0,
  targets: NO_TARGETS,
  spend: null,
  ...overrides,
});

describe('why a KPI has no value', () => {
  it('names a reason for every metric that is null on a scope with no data at all', () => {
    const values = computeScope(facts(), 1);
    const nulls = METRIC_KEYS.filter((key) => values[key] === null);
    expect(nulls.length).toBeGreaterThan(15);
    for (const key of nulls) expect(nullReason(key, values, 'org'), key).not.toBeNull();
    // Counts and sums of records are facts even when zero.
    expect(values.revenue).toBe(0);
    expect(nullReason('revenue', values, 'org')).toBeNull();
  });

  it('CAC: no spend recorded is not zero spend; with spend but no new customer it is the customers', () => {
    const noSpend = computeScope(facts({ measures: { ...emptyMeasures(), newCustomers: 4 } }), 1);
    expect(noSpend.spend).toBeNull();
    expect(noSpend.customer_acquisition_cost).toBeNull();
    expect(nullReason('customer_acquisition_cost', noSpend, 'org')).toBe('no_spend');
    expect(nullReason('spend', noSpend, 'org')).toBe('no_spend');

    const noCustomers = computeScope(facts({ spend: 150_000 }), 1);
    expect(noCustomers.customer_acquisition_cost).toBeNull();
    expect(nullReason('customer_acquisition_cost', noCustomers, 'org')).toBe('no_new_customers');

    const both = computeScope(
      facts({ spend: 150_000, measures: { ...emptyMeasures(), newCustomers: 3 } }),
      1,
    );
    expect(both.customer_acquisition_cost).toBe(50_000);
    expect(nullReason('customer_acquisition_cost', both, 'org')).toBeNull();
    expect(nullReason('customer_acquisition_cost', { customer_acquisition_cost: null }, 'team:Jakarta')).toBe(
      'org_only',
    );
  });

  it('names the missing input of each ratio', () => {
    const values = computeScope(
      facts({
        repFte: 2,
        measures: { ...emptyMeasures(), newLeads: 10, customersStart: 5, customersEnd: 5, revenue: 1000 },
        targets: { ...NO_TARGETS, revenue: 0 },
      }),
      1,
    );
    expect(nullReason('email_open_rate', values, 'org')).toBe('no_emails_delivered');
    expect(nullReason('avg_sales_cycle_days', values, 'org')).toBe('no_deals_won');
    expect(nullReason('avg_lead_conversion_days', values, 'org')).toBe('no_converted_leads');
    expect(nullReason('sales_growth', values, 'org')).toBe('no_previous_revenue');
    expect(nullReason('customer_lifetime_value', values, 'org')).toBe('no_churn');
    expect(nullReason('attainment_revenue', values, 'org')).toBe('zero_target');
    expect(nullReason('attainment_units', values, 'org')).toBe('no_target');
    expect(nullReason('revenue_per_rep', values, 'org')).toBeNull();
    expect(values.revenue_per_rep).toBe(500);
  });

  it('is defined for every metric of the catalogue', () => {
    for (const key of METRIC_KEYS) {
      expect(METRICS[key]).toBeDefined();
      expect(() => nullReason(key, {}, 'org')).not.toThrow();
    }
  });
});
