import { MS_PER_DAY } from '../calendar-date.ts';
import type { MetricKey, TargetMetric } from './definitions.ts';
import type { Measures } from './measures.ts';
import { median, ratio } from './stats.ts';

export interface MonthFacts {
  /** `YYYY-MM` */
  month: string;
  /** Minor units. */
  revenue: number;
  /** Revenue of the month before, minor units. */
  previousRevenue: number;
}

/** Everything one scope's KPIs are computed from, for one period. Money in minor units. */
export interface ScopeFacts {
  measures: Measures;
  cycleDurationsMs: readonly number[];
  previousRevenue: number;
  monthly: readonly MonthFacts[];
  repFte: number;
  /** Revenue targets in minor units; null where the scope has no target. */
  targets: Record<TargetMetric, number | null>;
  /** Minor units; null outside the organisation scope. */
  spend: number | null;
}

export interface MonthlyValue {
  month: string;
  revenue: number;
  growth: number | null;
}

/** One scope's KPI values: money in minor units and unrounded, ratios as fractions, null where undefined. */
export type ScopeValues = Record<MetricKey, number | null> & { monthly: MonthlyValue[] };

const days = (ms: number | null): number | null => (ms === null ? null : ms / MS_PER_DAY);

export function computeScope(f: ScopeFacts, grossMargin: number): ScopeValues {
  const m = f.measures;
  const churnRate = ratio(m.churnedCustomers, m.customersStart);
  const arpa = ratio(m.revenue, (m.customersStart + m.customersEnd) / 2);
  const clvDenominator = churnRate === 0 ? null : churnRate;
  const attainment = (actual: number, target: number | null) => ratio(actual, target);
  return {
    revenue: m.revenue,
    units: m.units,
    deals_won: m.dealsWon,
    target_revenue: f.targets.revenue,
    attainment_revenue: attainment(m.revenue, f.targets.revenue),
    target_units: f.targets.units,
    attainment_units: attainment(m.units, f.targets.units),
    target_deals_won: f.targets.deals_won,
    attainment_deals_won: attainment(m.dealsWon, f.targets.deals_won),
    target_new_customers: f.targets.new_customers,
    attainment_new_customers: attainment(m.newCustomers, f.targets.new_customers),
    rep_fte: f.repFte,
    revenue_per_rep: ratio(m.revenue, f.repFte),
    deals_won_per_rep: ratio(m.dealsWon, f.repFte),
    avg_sales_cycle_days: days(ratio(m.cycleMs, m.dealsWon)),
    median_sales_cycle_days: days(median(f.cycleDurationsMs)),
    emails_sent: m.emailsSent,
    emails_delivered: m.emailsDelivered,
    emails_opened: m.emailsOpened,
    email_open_rate: ratio(m.emailsOpened, m.emailsDelivered),
    new_leads: m.newLeads,
    new_opportunities: m.newOpportunities,
    new_leads_per_rep: ratio(m.newLeads, f.repFte),
    new_opportunities_per_rep: ratio(m.newOpportunities, f.repFte),
    lead_cohort_size: m.newLeads,
    lead_to_opportunity_ratio: ratio(m.leadsWithDeal, m.newLeads),
    lead_conversion_rate: ratio(m.leadsWon, m.newLeads),
    avg_lead_conversion_days: days(ratio(m.leadConversionMs, m.leadsWon)),
    previous_revenue: f.previousRevenue,
    sales_growth: ratio(m.revenue - f.previousRevenue, f.previousRevenue),
    monthly: f.monthly.map((month) => ({
      month: month.month,
      revenue: month.revenue,
      growth: ratio(month.revenue - month.previousRevenue, month.previousRevenue),
    })),
    customers_start: m.customersStart,
    customers_end: m.customersEnd,
    new_customers: m.newCustomers,
    churned_customers: m.churnedCustomers,
    churn_rate: churnRate,
    retention_rate: ratio(m.customersEnd - m.newCustomers, m.customersStart),
    arpa,
    customer_lifetime_value: arpa === null ? null : ratio(arpa * grossMargin, clvDenominator),
    spend: f.spend,
    customer_acquisition_cost: f.spend === null ? null : ratio(f.spend, m.newCustomers),
  };
}
