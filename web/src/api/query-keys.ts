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
  drilldown: (
    metric: string,
    scope: string,
    period: PeriodQuery,
    page: number,
    pageSize: number,
    sort: string | null,
  ) => ['drilldown', metric, scope, periodKey(period), page, pageSize, sort] as const,
  reps: () => ['reps'] as const,
  teams: () => ['teams'] as const,
  dashboards: () => ['dashboards'] as const,
  dashboard: (id: number) => ['dashboards', id] as const,
  imports: () => ['imports'] as const,
  goalFolders: () => ['goal-folders'] as const,
  goals: (folder: GoalFolderFilter) => ['goals', 'list', folder] as const,
  goal: (id: number) => ['goals', 'detail', id] as const,
  goalMap: () => ['goals', 'map'] as const,
  goalLeaderboard: (period: PeriodQuery, limit: number) =>
    ['goals', 'leaderboard', periodKey(period), limit] as const,
  targetUpdates: (targetId: number) => ['goals', 'updates', targetId] as const,
  tasks: (filter: Record<string, string | number | boolean | undefined>) =>
    ['tasks', 'list', filter] as const,
  taskStats: (period: PeriodQuery) => ['tasks', 'stats', periodKey(period)] as const,
  // Issue 14: alerts, the notification centre and their settings (one root each, refreshed together).
  alertRules: () => ['alerts', 'rules'] as const,
  alertEvents: () => ['alerts', 'events'] as const,
  notifications: (unreadOnly: boolean) => ['notifications', 'list', unreadOnly] as const,
  notificationSettings: () => ['notifications', 'settings'] as const,
  notificationDeliveries: () => ['notifications', 'deliveries'] as const,
  smtpSettings: () => ['notifications', 'smtp'] as const,
  webhooks: () => ['webhooks', 'list'] as const,
  webhookDeliveries: (id: number) => ['webhooks', 'deliveries', id] as const,
  digests: () => ['digests', 'list'] as const,
};

/** Goals of one folder (its id), of none (`none`) or of every folder (`all`). */
export type GoalFolderFilter = number | 'none' | 'all';

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
  // Alerts are evaluated after each data change: what fired, and the bell that tells of it.
  'alerts',
  'notifications',
];

/**
 * Queries of goals, targets and tasks. A goal, target or task write sends goals-changed; an import
 * sends data-changed only, yet KPI targets move with the data — so both events refresh these.
 */
export const GOAL_QUERY_ROOTS = ['goal-folders', 'goals', 'tasks'];
