import { DEFAULT_TABLE_METRICS, type Widget } from '../../core/contracts/api.ts';
import { KPIS } from '../../core/kpis/definitions.ts';

export const DEFAULT_DASHBOARD_NAME = 'Sales KPIs';

/** Grid rows of a KPI card (the web grid's rows are 40 px; a card with its sparkline needs five). */
const CARD_ROWS = 5;

/**
 * The dashboard an organisation starts with: a card per KPI (its headline metric), the funnel,
 * the revenue trend, leads by source, the team table, the rep leaderboard, revenue by team and
 * spend by category. Cards are 3 of 12 columns wide, four to a row.
 */
export function defaultWidgets(): Widget[] {
  const cards: Widget[] = KPIS.map((kpi, index) => ({
    id: `kpi-${kpi.key}`,
    type: 'kpi_card',
    layout: { x: (index % 4) * 3, y: Math.floor(index / 4) * CARD_ROWS, w: 3, h: CARD_ROWS },
    config: { metric: kpi.headline },
  }));
  const below = Math.ceil(KPIS.length / 4) * CARD_ROWS;
  return [
    ...cards,
    // Beside the two cards of the last row.
    { id: 'funnel', type: 'funnel', layout: { x: 6, y: below - CARD_ROWS, w: 6, h: CARD_ROWS }, config: {} },
    {
      id: 'revenue-trend',
      type: 'line_chart',
      layout: { x: 0, y: below, w: 8, h: 8 },
      config: { metric: 'revenue', grain: 'month', chart: 'area' },
    },
    {
      id: 'leads-by-source',
      type: 'pie_chart',
      layout: { x: 8, y: below, w: 4, h: 8 },
      config: { dimension: 'lead_source' },
    },
    {
      id: 'team-table',
      type: 'team_table',
      layout: { x: 0, y: below + 8, w: 12, h: 10 },
      config: { metrics: [...DEFAULT_TABLE_METRICS] },
    },
    {
      id: 'leaderboard',
      type: 'leaderboard',
      layout: { x: 0, y: below + 18, w: 4, h: 8 },
      config: { metric: 'revenue', by: 'rep', limit: 10 },
    },
    {
      id: 'revenue-by-team',
      type: 'breakdown_bar',
      layout: { x: 4, y: below + 18, w: 4, h: 8 },
      config: { metric: 'revenue', by: 'team' },
    },
    {
      id: 'spend-by-category',
      type: 'pie_chart',
      layout: { x: 8, y: below + 18, w: 4, h: 8 },
      config: { dimension: 'spend_category' },
    },
  ];
}
