/* Exports (issue 14): the formats each kind of export comes in, and the query of each table export. */

import { z } from 'zod';
import { drilldownQuerySchema, metricKeySchema, periodQuerySchema } from './api.ts';
import { scopeParamSchema } from './scope.ts';

export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];
export const PAPER_SIZES = ['a4', 'letter'] as const;

/** The tables that can be exported, each named in its file name (`udn-<kind>-…`). */
export const TABLE_EXPORTS = ['kpis', 'drilldown', 'team', 'goals', 'tasks', 'imports'] as const;
export type TableExportKind = (typeof TABLE_EXPORTS)[number];

export const EXPORT_LANGUAGES = ['en', 'id'] as const;

/** What every table export is asked with: the file format and the language of its headers. */
const formatFields = {
  format: z.enum(TABLE_FORMATS, { error: 'must be csv or xlsx' }),
  lang: z.enum(EXPORT_LANGUAGES).default('en'),
};

/** GET /exports/kpis: the KPI report of a period for a scope, one row per metric. */
export const kpiExportQuerySchema = periodQuerySchema.extend({
  scope: scopeParamSchema.prefault('org'),
  ...formatFields,
});

/** GET /exports/team: per rep, then team and organisation totals, as the team table widget shows them. */
export const teamExportQuerySchema = periodQuerySchema.extend({
  scope: scopeParamSchema.prefault('org'),
  /** Comma-separated metric keys; absent: the team table's default KPIs. */
  metrics: z
    .string()
    .max(1000)
    .optional()
    .transform((text, context) => {
      if (text === undefined || text.trim() === '') return undefined;
      const keys = text.split(',').map((key) => key.trim());
      const parsed = z.array(metricKeySchema).max(40).safeParse(keys);
      if (!parsed.success) {
        context.addIssue({ code: 'custom', message: 'must be metric keys separated by commas' });
        return z.NEVER;
      }
      return parsed.data;
    }),
  ...formatFields,
});

/** GET /exports/drilldown: every record behind a metric (not paged; the drill-down's sort applies). */
export const drilldownExportQuerySchema = drilldownQuerySchema
  .omit({ page: true, pageSize: true })
  .extend(formatFields);

/** GET /exports/goals, /exports/tasks, /exports/imports. */
export const listExportQuerySchema = z.object({
  ...formatFields,
  /** Pacing judged as of this day (YYYY-MM-DD), as on GET /goals; default today in the org's zone. */
  today: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .optional(),
});
