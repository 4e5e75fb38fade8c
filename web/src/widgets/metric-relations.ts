import type { MetricKey } from '../api/types.ts';

type TargetMetric = 'revenue' | 'units' | 'deals_won' | 'new_customers';
export const TARGET_METRICS_LIST: readonly TargetMetric[] = [
  'revenue',
  'units',
  'deals_won',
  'new_customers',
];

/** The actual, target and attainment keys of a metric that targets can be set on (KPI-SPEC §4 #1). */
export function targetOf(
  metric: MetricKey,
): { actual: TargetMetric; target: MetricKey; attainment: MetricKey } | null {
  const actual = TARGET_METRICS_LIST.find(
    (candidate) =>
      metric === candidate || metric === `attainment_${candidate}` || metric === `target_${candidate}`,
  );
  return actual ? { actual, target: `target_${actual}`, attainment: `attainment_${actual}` } : null;
}

/**
 * What a card shows under its headline so the value can be read and checked: the parts a ratio is
 * made of, or its closest companions. A display choice only; the values still come from the report.
 */
const SUPPORTING: Partial<Record<MetricKey, MetricKey[]>> = {
  attainment_revenue: ['revenue', 'target_revenue'],
  revenue_per_rep: ['revenue', 'rep_fte'],
  deals_won_per_rep: ['deals_won', 'rep_fte'],
  avg_sales_cycle_days: ['median_sales_cycle_days', 'deals_won'],
  median_sales_cycle_days: ['avg_sales_cycle_days', 'deals_won'],
  email_open_rate: ['emails_opened', 'emails_delivered'],
  new_leads_per_rep: ['new_leads', 'new_opportunities'],
  new_opportunities_per_rep: ['new_opportunities', 'new_leads'],
  lead_conversion_rate: ['lead_cohort_size', 'lead_to_opportunity_ratio'],
  lead_to_opportunity_ratio: ['lead_cohort_size', 'lead_conversion_rate'],
  sales_growth: ['revenue', 'previous_revenue'],
  customer_lifetime_value: ['arpa', 'churn_rate'],
  churn_rate: ['churned_customers', 'customers_start'],
  retention_rate: ['customers_end', 'customers_start'],
  customer_acquisition_cost: ['spend', 'new_customers'],
  revenue: ['deals_won', 'units'],
  new_customers: ['customers_end', 'churned_customers'],
};

export function supportingMetrics(metric: MetricKey): MetricKey[] {
  return SUPPORTING[metric] ?? [];
}
