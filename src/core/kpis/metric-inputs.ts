import type { MetricKey } from './definitions.ts';
import type { FactPart } from './fact-parts.ts';

/**
 * Which parts of a period's facts each metric's formula (core compute.ts) reads. A time series loads
 * only these for every bucket. metric-inputs.test.ts computes every metric from only its parts and
 * from the full facts and requires the same value, so a formula change cannot silently break this.
 */
const INPUTS: Record<MetricKey, readonly FactPart[]> = {
  revenue: ['rollup'],
  units: ['rollup'],
  deals_won: ['rollup'],
  target_revenue: ['quotas'],
  attainment_revenue: ['rollup', 'quotas'],
  target_units: ['quotas'],
  attainment_units: ['rollup', 'quotas'],
  target_deals_won: ['quotas'],
  attainment_deals_won: ['rollup', 'quotas'],
  target_new_customers: ['quotas'],
  attainment_new_customers: ['customers', 'quotas'],
  rep_fte: [],
  revenue_per_rep: ['rollup'],
  deals_won_per_rep: ['rollup'],
  avg_sales_cycle_days: ['rollup'],
  median_sales_cycle_days: ['cycles'],
  emails_sent: ['rollup'],
  emails_delivered: ['rollup'],
  emails_opened: ['rollup'],
  email_open_rate: ['rollup'],
  new_leads: ['rollup'],
  new_opportunities: ['rollup'],
  new_leads_per_rep: ['rollup'],
  new_opportunities_per_rep: ['rollup'],
  lead_cohort_size: ['rollup'],
  lead_to_opportunity_ratio: ['rollup'],
  lead_conversion_rate: ['rollup'],
  avg_lead_conversion_days: ['rollup'],
  previous_revenue: ['previousRevenue'],
  sales_growth: ['rollup', 'previousRevenue'],
  customers_start: ['customers'],
  customers_end: ['customers'],
  new_customers: ['customers'],
  churned_customers: ['customers'],
  churn_rate: ['customers'],
  retention_rate: ['customers'],
  arpa: ['rollup', 'customers'],
  customer_lifetime_value: ['rollup', 'customers'],
  spend: ['spend'],
  customer_acquisition_cost: ['spend', 'customers'],
};

export const factPartsFor = (metric: MetricKey): ReadonlySet<FactPart> => new Set(INPUTS[metric]);
