import type { MetricKey, Widget } from '../../api/types.ts';

/**
 * "Sales KPIs": all ten KPIs at a glance (each family's headline metric), then the charts and the
 * team table. Used when an organisation has no dashboard yet; the server may seed its own.
 */
const HEADLINES: MetricKey[] = [
  'attainment_revenue',
  'revenue_per_rep',
  'avg_sales_cycle_days',
  'email_open_rate',
  'new_leads_per_rep',
  'lead_conversion_rate',
  'sales_growth',
  'customer_lifetime_value',
  'churn_rate',
  'customer_acquisition_cost',
];

export function defaultDashboardWidgets(): Widget[] {
  const cards: Widget[] = HEADLINES.map((metric, index) => ({
    id: `kpi-${metric}`,
    type: 'kpi_card',
    layout: { x: (index % 4) * 3, y: Math.floor(index / 4) * 5, w: 3, h: 5 },
    config: { metric },
  }));
  return [
    ...cards,
    { id: 'funnel', type: 'funnel', layout: { x: 6, y: 10, w: 6, h: 5 }, config: {} },
    {
      id: 'revenue-trend',
      type: 'line_chart',
      layout: { x: 0, y: 15, w: 8, h: 8 },
      config: { metric: 'revenue', chart: 'area' },
    },
    {
      id: 'leads-by-source',
      type: 'pie_chart',
      layout: { x: 8, y: 15, w: 4, h: 8 },
      config: { dimension: 'lead_source' },
    },
    { id: 'team-table', type: 'team_table', layout: { x: 0, y: 23, w: 12, h: 10 }, config: {} },
    {
      id: 'leaderboard',
      type: 'leaderboard',
      layout: { x: 0, y: 33, w: 4, h: 8 },
      config: { metric: 'revenue', by: 'rep', limit: 10 },
    },
    {
      id: 'revenue-by-team',
      type: 'breakdown_bar',
      layout: { x: 4, y: 33, w: 4, h: 8 },
      config: { metric: 'revenue', by: 'team' },
    },
    {
      id: 'spend-by-category',
      type: 'pie_chart',
      layout: { x: 8, y: 33, w: 4, h: 8 },
      config: { dimension: 'spend_category' },
    },
  ];
}
