import { type PeriodQuery, periodKey } from './period-query.ts';

/**
 * Every query key starts with its endpoint, so a live event can invalidate exactly the data it
 * changed: data-changed refreshes everything computed from sales data, dashboard-changed one dashboard.
 */
export const queryKeys = {
  org: () => ['org'] as const,
  definitions: () => ['definitions'] as const,
  kpis: (period: PeriodQuery) => ['kpis', periodKey(period)] as const,
  series: (metric: string, grain: string, scope: string, period: PeriodQuery) =>
    ['series', metric, grain, scope, periodKey(period)] as const,
  breakdown: (dimension: string, scope: string, period: PeriodQuery) =>
    ['breakdowns', dimension, scope, periodKey(period)] as const,
  drilldown: (metric: string, scope: string, period: PeriodQuery, page: number, pageSize: number) =>
    ['drilldown', metric, scope, periodKey(period), page, pageSize] as const,
  reps: () => ['reps'] as const,
  teams: () => ['teams'] as const,
  dashboards: () => ['dashboards'] as const,
  dashboard: (id: number) => ['dashboards', id] as const,
  imports: () => ['imports'] as const,
};

/** Queries whose answers depend on the sales data (not on dashboards or the catalogue). */
export const DATA_QUERY_ROOTS = [
  'org',
  'kpis',
  'series',
  'breakdowns',
  'drilldown',
  'reps',
  'teams',
  'imports',
];
