import type { Widget } from '../../core/contracts/api.ts';
import { KPIS } from '../../core/kpis/definitions.ts';

export const DEFAULT_DASHBOARD_NAME = 'Sales KPIs';

/**
 * The dashboard an organisation starts with: a card per KPI (its headline metric), revenue by
 * month, the team table and the rep leaderboard. Cards are 3 columns wide, four to a row; the two
 * of the last row share it.
 */
export function defaultWidgets(): Widget[] {
  const cards: Widget[] = KPIS.map((kpi, index) => {
    const lastRow = index >= 8;
    return {
      id: `kpi-${kpi.key}`,
      type: 'kpi_card',
      layout: {
        x: lastRow ? (index - 8) * 6 : (index % 4) * 3,
        y: Math.floor(index / 4) * 2,
        w: lastRow ? 6 : 3,
        h: 2,
      },
      config: { metric: kpi.headline },
    };
  });
  return [
    ...cards,
    {
      id: 'revenue-by-month',
      type: 'line_chart',
      title: 'Revenue by month',
      layout: { x: 0, y: 6, w: 8, h: 6 },
      config: { metric: 'revenue', grain: 'month', chart: 'line' },
    },
    {
      id: 'rep-leaderboard',
      type: 'leaderboard',
      title: 'Top reps by revenue',
      layout: { x: 8, y: 6, w: 4, h: 6 },
      config: { metric: 'revenue', by: 'rep', limit: 10 },
    },
    {
      id: 'team-table',
      type: 'team_table',
      title: 'Teams',
      layout: { x: 0, y: 12, w: 12, h: 6 },
      config: {
        metrics: [
          'revenue',
          'attainment_revenue',
          'deals_won',
          'revenue_per_rep',
          'avg_sales_cycle_days',
          'email_open_rate',
          'new_leads',
          'lead_conversion_rate',
        ],
      },
    },
  ];
}
