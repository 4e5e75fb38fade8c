import { z } from 'zod';

export type { KpiReport, ReportScope } from '../kpis/report.ts';
export type { ImportHistoryEntry, ImportResult } from './imports.ts';

import type { ErrorParams } from '../errors.ts';
import {
  type KpiDefinition,
  METRIC_KEYS,
  type MetricDefinition,
  type MetricKey,
} from '../kpis/definitions.ts';
import type { ImportJobProgress, ImportStatus } from './imports.ts';
import { scopeParamSchema, scopeSettingSchema } from './scope.ts';
import { lineText, longText } from './text-fields.ts';

/**
 * The HTTP contract shared by the server (validation, OpenAPI) and the web app (types).
 * Responses that are plain data types live here too so both sides agree on their shape.
 */

export const metricKeySchema = z.enum(METRIC_KEYS);

/** A period: a name (2026-Q1, FY2026, 2026-W05 …) or from/to dates. Resolved and checked by the server. */
export const periodQuerySchema = z.object({
  period: z.string().min(1).max(20).optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .optional(),
  /** Cuts a named period at this day: first day..asof, compared to date (KPI-SPEC §3). */
  asof: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .optional(),
});

export const seriesQuerySchema = periodQuerySchema.extend({
  metric: metricKeySchema,
  grain: z.enum(['day', 'week', 'month']).default('month'),
  scope: scopeParamSchema.prefault('org'),
});

export interface SeriesPoint {
  from: string;
  to: string;
  value: number | null;
}

export interface SeriesResponse {
  metric: string;
  grain: 'day' | 'week' | 'month';
  scope: string;
  points: SeriesPoint[];
}

export const BREAKDOWN_DIMENSIONS = ['lead_source', 'spend_category', 'deal_stage', 'funnel'] as const;
export const breakdownQuerySchema = periodQuerySchema.extend({
  scope: scopeParamSchema.prefault('org'),
});

export interface BreakdownResponse {
  dimension: (typeof BREAKDOWN_DIMENSIONS)[number];
  scope: string;
  unit: 'count' | 'money';
  /** `amount` (money, major units): Σ amount of the open deals of a stage, for deal_stage only. */
  items: { key: string; value: number; amount?: number }[];
}

export const drilldownQuerySchema = periodQuerySchema.extend({
  metric: metricKeySchema,
  scope: scopeParamSchema.prefault('org'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  /**
   * A column key of the metric's rows, ascending, or with a leading "-" descending (`-amount`);
   * absent: the list's own order (the newest first). A key the metric's rows lack is refused.
   */
  sort: z
    .string()
    .regex(
      /^-?[a-z][a-z_]{0,39}$/,
      'must be a column key, with a leading - to sort descending (e.g. -amount)',
    )
    .optional(),
});

export interface DrilldownColumn {
  key: string;
  label: { en: string; id: string };
  type: 'text' | 'instant' | 'date' | 'money' | 'count' | 'days' | 'boolean' | 'number';
}

export interface DrilldownResponse {
  metric: string;
  /** What the rows are, e.g. "won deals closed in the period". */
  title: { en: string; id: string };
  columns: DrilldownColumn[];
  rows: Record<string, string | number | boolean | null>[];
  total: number;
  page: number;
  pageSize: number;
  /** The order applied, as the `sort` parameter writes it (e.g. `-closed_at`). */
  sort: string;
}

export const WIDGET_TYPES = [
  'kpi_card',
  'line_chart',
  'bar_chart',
  'breakdown_bar',
  'pie_chart',
  'funnel',
  'team_table',
  'leaderboard',
  'text_note',
  'goal_progress',
  'target_leaderboard',
] as const;
export type WidgetType = (typeof WIDGET_TYPES)[number];

/** Columns of a team table besides its KPIs: the rep's team and their task counts. */
/**
 * The KPIs a new team table shows (the web's default and the server's default dashboard): what a
 * sales manager reads per rep, few enough that they, the rep, the team and the task counts fit a
 * full-width widget at 1440 px. Revenue per rep is left out: on a rep's row it repeats their revenue.
 */
export const DEFAULT_TABLE_METRICS: readonly MetricKey[] = [
  'revenue',
  'attainment_revenue',
  'deals_won',
  'avg_sales_cycle_days',
  'email_open_rate',
  'new_leads',
  'lead_conversion_rate',
];

export const TABLE_COLUMNS = ['team', 'tasks_completed', 'tasks_overdue'] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];

export const widgetSchema = z.object({
  id: z.string().min(1).max(64),
  type: z.enum(WIDGET_TYPES),
  title: lineText(120, { allowEmpty: true }).optional(),
  /** Grid cell units of a 12-column grid. */
  layout: z.object({
    x: z.number().int().min(0).max(11),
    y: z.number().int().min(0).max(10_000),
    w: z.number().int().min(1).max(12),
    h: z.number().int().min(1).max(40),
  }),
  config: z
    .object({
      metric: metricKeySchema.optional(),
      metrics: z.array(metricKeySchema).max(20).optional(),
      /** For team_table: which of TABLE_COLUMNS it shows (absent: all of them). */
      columns: z.array(z.enum(TABLE_COLUMNS)).max(TABLE_COLUMNS.length).optional(),
      scope: scopeSettingSchema.optional(),
      /** Overrides the dashboard's period, e.g. a fixed "2026" chart. */
      period: z.string().max(20).optional(),
      grain: z.enum(['day', 'week', 'month']).optional(),
      chart: z.enum(['line', 'bar', 'area']).optional(),
      /** For breakdown_bar and leaderboard: rank reps or teams. */
      by: z.enum(['rep', 'team']).optional(),
      dimension: z.enum(BREAKDOWN_DIMENSIONS).optional(),
      text: longText(5000).optional(),
      goalId: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(100).optional(),
    })
    .strict()
    .default({}),
});
export type Widget = z.infer<typeof widgetSchema>;

export const dashboardCreateSchema = z.object({
  name: lineText(120),
  widgets: z.array(widgetSchema).max(60).optional(),
});

export const dashboardUpdateSchema = z.object({
  name: lineText(120).optional(),
  widgets: z.array(widgetSchema).max(60).optional(),
  /** The version the client last saw; a stale save gets 409 instead of overwriting a teammate. */
  version: z.number().int().min(0),
});

/** Who besides its owner and the admins sees a dashboard: `org`, `team:NAME` or `user:USER_ID`. */
export const dashboardShareScopeSchema = z
  .string()
  .trim()
  .regex(/^(org|team:.+|user:.+)$/, 'must be org, team:<team name> or user:<user id>');

export const dashboardSharesSchema = z.strictObject({
  shares: z
    .array(z.strictObject({ scope: dashboardShareScopeSchema, canEdit: z.boolean().default(false) }))
    .max(200),
});

export interface DashboardShare {
  scope: string;
  canEdit: boolean;
}

export interface Dashboard {
  id: number;
  name: string;
  widgets: Widget[];
  version: number;
  isDefault: boolean;
  updatedAt: number;
  /** The member who made it; null for dashboards made before people existed (the admins own those). */
  ownerUserId: string | null;
  shares: DashboardShare[];
  /** Whether the caller may change it. */
  canEdit: boolean;
}

export interface OrgResponse {
  id: number;
  /** How people and the CLI name it (`--org SLUG`). */
  slug: string;
  name: string;
  /** Every member sees every rep's numbers. */
  openLeaderboard: boolean;
  timezone: string;
  currency: string;
  currencyDigits: number;
  fiscalYearStartMonth: number;
  grossMargin: number;
  dataVersion: number;
  hasData: boolean;
  /** Today in the organisation's zone, YYYY-MM-DD: the default period is computed from it. */
  today: string;
}

/** Server-sent events on /api/v1/events. */
export type LiveEvent =
  | { type: 'data-changed'; dataVersion: number }
  | { type: 'dashboard-changed'; dashboardId: number; version: number }
  | { type: 'goals-changed' }
  /** A running import's progress, at most a few a second. */
  | { type: 'import-progress'; importId: number; progress: ImportJobProgress }
  /** An import job ended; `changed` false when it wrote nothing (then no data-changed follows). */
  | {
      type: 'import-finished';
      importId: number;
      status: ImportStatus;
      changed: boolean;
      dataVersion: number | null;
    }
  /** This person's notifications changed (a new one, some read): the bell shows `unread`. Only to them. */
  | { type: 'notifications-changed'; unread: number };

/** Said on /events outside the events: the server is going away, connect again (its `retry:` later). */
export type StreamNotice = { type: 'reconnect' };

/** Error body of every 4xx/5xx: `field` names the offending input where there is one. */
export interface ApiError {
  error: string;
  message: string;
  field?: string;
  details?: { field: string; message: string }[];
  /** The values the message is made of (core/errors.ts), for clients that word it themselves. */
  params?: ErrorParams;
}

/** GET /api/v1/definitions: the KPI catalogue (widgets ask for values and definitions, never compute). */
export interface DefinitionsResponse {
  kpis: KpiDefinition[];
  metrics: Record<MetricKey, MetricDefinition>;
}

/** GET /api/v1/reps returns RepSummary[] (dates YYYY-MM-DD, null = unbounded). */
export interface RepSummary {
  id: string;
  name: string;
  email: string | null;
  team: string | null;
  startedOn: string | null;
  endedOn: string | null;
}

/** GET /api/v1/teams returns TeamSummary[]: every team named in reps.csv. */
export interface TeamSummary {
  name: string;
  repCount: number;
}
