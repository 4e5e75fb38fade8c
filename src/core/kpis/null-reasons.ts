import type { MetricKey } from './definitions.ts';

/**
 * Why a KPI has no value (null) for a scope and period, so every surface can say "— · no spend
 * recorded" instead of a zero that reads as a fact. Each reason is the input the formula lacks
 * (KPI-SPEC §4: a ratio over 0 is null; docs/kpis.md: spend with no record is unknown).
 */
export const NULL_REASONS = [
  'org_only',
  'no_spend',
  'no_new_customers',
  'no_active_reps',
  'no_deals_won',
  'no_emails_delivered',
  'no_new_leads',
  'no_converted_leads',
  'no_previous_revenue',
  'no_customers',
  'no_customers_at_start',
  'no_churn',
  'no_target',
  'zero_target',
] as const;

export type NullReason = (typeof NULL_REASONS)[number];

type Values = Partial<Record<MetricKey, number | null>>;

const isZero = (value: number | null | undefined) => value === 0;
const missing = (value: number | null | undefined) => value === null || value === undefined;

const ATTAINMENT_TARGET: Partial<Record<MetricKey, MetricKey>> = {
  attainment_revenue: 'target_revenue',
  attainment_units: 'target_units',
  attainment_deals_won: 'target_deals_won',
  attainment_new_customers: 'target_new_customers',
};

/** The reason `metric` is null in `values` (one scope of a report), or null when it has a value. */
export function nullReason(metric: MetricKey, values: Values, scope: string): NullReason | null {
  if (!missing(values[metric])) return null;
  if ((metric === 'spend' || metric === 'customer_acquisition_cost') && scope !== 'org') return 'org_only';
  switch (metric) {
    case 'spend':
      return 'no_spend';
    case 'customer_acquisition_cost':
      return missing(values.spend) ? 'no_spend' : isZero(values.new_customers) ? 'no_new_customers' : null;
    case 'revenue_per_rep':
    case 'deals_won_per_rep':
    case 'new_leads_per_rep':
    case 'new_opportunities_per_rep':
      return isZero(values.rep_fte) ? 'no_active_reps' : null;
    case 'avg_sales_cycle_days':
    case 'median_sales_cycle_days':
      return isZero(values.deals_won) ? 'no_deals_won' : null;
    case 'email_open_rate':
      return isZero(values.emails_delivered) ? 'no_emails_delivered' : null;
    case 'lead_to_opportunity_ratio':
    case 'lead_conversion_rate':
      return isZero(values.lead_cohort_size) ? 'no_new_leads' : null;
    case 'avg_lead_conversion_days':
      return isZero(values.lead_cohort_size)
        ? 'no_new_leads'
        : isZero(values.lead_conversion_rate)
          ? 'no_converted_leads'
          : null;
    case 'sales_growth':
      return isZero(values.previous_revenue) ? 'no_previous_revenue' : null;
    case 'arpa':
      return isZero(values.customers_start) && isZero(values.customers_end) ? 'no_customers' : null;
    case 'churn_rate':
    case 'retention_rate':
      return isZero(values.customers_start) ? 'no_customers_at_start' : null;
    case 'customer_lifetime_value':
      if (isZero(values.customers_start) && isZero(values.customers_end)) return 'no_customers';
      if (isZero(values.customers_start)) return 'no_customers_at_start';
      return isZero(values.churn_rate) ? 'no_churn' : null;
    case 'target_revenue':
    case 'target_units':
    case 'target_deals_won':
    case 'target_new_customers':
      return 'no_target';
    default: {
      const target = ATTAINMENT_TARGET[metric];
      if (target === undefined) return null;
      return missing(values[target]) ? 'no_target' : isZero(values[target]) ? 'zero_target' : null;
    }
  }
}
