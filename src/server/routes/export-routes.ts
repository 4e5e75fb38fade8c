import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseIsoDate } from '../../core/calendar-date.ts';
import {
  drilldownExportQuerySchema,
  kpiExportQuerySchema,
  listExportQuerySchema,
  type TableExportKind,
  type TableFormat,
  teamExportQuerySchema,
} from '../../core/contracts/exports.ts';
import type { ExportTable } from '../../core/exports/export-table.ts';
import { exportFileName, periodPart } from '../../core/exports/file-name.ts';
import type { Locale } from '../../core/kpis/definitions.ts';
import { toPeriodText } from '../../core/periods.ts';
import type { Scope } from '../../core/scope.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { drilldownExportTable } from '../../services/exports/drilldown-export.ts';
import type { ExportContext } from '../../services/exports/export-context.ts';
import { kpiExportTable, teamExportTable } from '../../services/exports/kpi-exports.ts';
import {
  goalsExportTable,
  importsExportTable,
  tasksExportTable,
} from '../../services/exports/list-exports.ts';
import { writeTable } from '../../services/exports/table-file.ts';
import { principalOf } from '../access/route-guard.ts';
import { apiErrorSchema } from '../openapi-schemas.ts';
import { periodOf } from '../request-period.ts';
import { requestVisibility } from '../request-visibility.ts';
import type { ServerContext } from '../server-context.ts';

const errors = { 400: apiErrorSchema, 403: apiErrorSchema };
const FILE = z.string().meta({ description: 'The file: CSV (UTF-8 with BOM) or XLSX' });
const PRODUCES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
const NOTE =
  '`format` is csv or xlsx; `lang` (en, id) words the headers. Money is in major units with the currency in its header, rates are fractions (XLSX shows them as %), times are the organisation’s local time. Text cells starting with =, +, -, @, tab or CR are prefixed with an apostrophe against formula injection. Rows obey the access policy: what the caller may not see is left out.';
const PERIOD_NOTE =
  'Give `period` (2026, 2026-Q1, 2026-03 …) or `from` and `to`; `asof` cuts a named period to date.';

/** Sends an export as an attachment named for what it holds. */
async function sendTable(
  reply: FastifyReply,
  table: ExportTable,
  format: TableFormat,
  name: { kind: TableExportKind; metric?: string; period?: string; scope?: Scope },
) {
  const file = await writeTable(table, format);
  return reply
    .type(file.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${exportFileName({ ...name, extension: file.extension })}"`,
    )
    .header('cache-control', 'no-store')
    .send(file.body);
}

/** The lists that export as they are listed, whatever the period: each as the caller may see it. */
const LIST_EXPORTS: readonly {
  kind: Extract<TableExportKind, 'goals' | 'tasks' | 'imports'>;
  access: 'read' | 'admin';
  summary: string;
  description: string;
  table(context: ExportContext, today?: number): Promise<ExportTable>;
}[] = [
  {
    kind: 'goals',
    access: 'read',
    summary: 'Goals with their targets, progress and pacing as CSV or XLSX',
    description: 'One row per target, as GET /goals lists them for the caller.',
    table: goalsExportTable,
  },
  {
    kind: 'tasks',
    access: 'read',
    summary: 'Tasks as CSV or XLSX',
    description: 'The tasks GET /tasks lists for the caller, open first then by due date (at most 5,000).',
    table: tasksExportTable,
  },
  {
    kind: 'imports',
    access: 'admin',
    summary: 'The import history as CSV or XLSX (admins)',
    description:
      "Newest first, at most 5,000 imports, with each one's counts of rows inserted, updated, unchanged and removed.",
    table: (context) => importsExportTable(context),
  },
];

/** The tables as files: the KPI report, a drill-down, the team table, goals, tasks, imports (issue 14). */
export function exportRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  const contextOf = async (
    request: FastifyRequest,
    org: OrgRecord,
    lang: Locale,
  ): Promise<ExportContext> => ({
    store: ctx.store,
    org,
    principal: principalOf(request),
    visibility: await requestVisibility(ctx, request, org),
    lang,
  });
  const todayOf = (text: string | undefined) => (text === undefined ? undefined : parseIsoDate(text));

  return async (app) => {
    app.get(
      '/exports/kpis',
      {
        config: { access: 'read' },
        schema: {
          tags: ['exports'],
          summary: 'The KPI report of a period for a scope as CSV or XLSX, one row per metric',
          description: `${PERIOD_NOTE} Each metric's value, the previous period's value and the change (relative; in percentage points for rates) — the figures of GET /kpis. ${NOTE}`,
          querystring: kpiExportQuerySchema,
          produces: PRODUCES,
          response: { 200: FILE, ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const { format, lang, scope, ...asked } = request.query;
        const period = periodOf(asked, org);
        const table = await kpiExportTable(await contextOf(request, org, lang), period, scope);
        return sendTable(reply, table, format, {
          kind: 'kpis',
          period: periodPart(asked, toPeriodText(period.range)),
          scope,
        });
      },
    );

    app.get(
      '/exports/team',
      {
        config: { access: 'read' },
        schema: {
          tags: ['exports'],
          summary: 'The team performance table (per rep, team and organisation totals) as CSV or XLSX',
          description: `${PERIOD_NOTE} \`metrics\`: metric keys separated by commas (default: the team table's). Totals are the report's team and organisation values; a rep sees only their own rep row. ${NOTE}`,
          querystring: teamExportQuerySchema,
          produces: PRODUCES,
          response: { 200: FILE, ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const { format, lang, scope, metrics, ...asked } = request.query;
        const period = periodOf(asked, org);
        const table = await teamExportTable(await contextOf(request, org, lang), period, scope, metrics);
        return sendTable(reply, table, format, {
          kind: 'team',
          period: periodPart(asked, toPeriodText(period.range)),
          scope,
        });
      },
    );

    app.get(
      '/exports/drilldown',
      {
        config: { access: 'read' },
        schema: {
          tags: ['exports'],
          summary: 'Every record behind a metric as CSV or XLSX',
          description: `${PERIOD_NOTE} All the drill-down's rows (not paged), in its order or \`sort\`; a rep gets only their own records. ${NOTE}`,
          querystring: drilldownExportQuerySchema,
          produces: PRODUCES,
          response: { 200: FILE, ...errors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const { format, lang, scope, metric, sort, ...asked } = request.query;
        const period = periodOf(asked, org);
        const table = await drilldownExportTable(await contextOf(request, org, lang), period, {
          metric,
          scope,
          sort: sort ?? null,
        });
        return sendTable(reply, table, format, {
          kind: 'drilldown',
          metric,
          period: periodPart(asked, toPeriodText(period.range)),
          scope,
        });
      },
    );

    for (const list of LIST_EXPORTS) {
      app.get(
        `/exports/${list.kind}`,
        {
          config: { access: list.access },
          schema: {
            tags: ['exports'],
            summary: list.summary,
            description: `${list.description} ${NOTE}`,
            querystring: listExportQuerySchema,
            produces: PRODUCES,
            response: { 200: FILE, ...errors },
          },
        },
        async (request, reply) => {
          const org = await ctx.org(request);
          const { format, lang, today } = request.query;
          const table = await list.table(await contextOf(request, org, lang), todayOf(today));
          return sendTable(reply, table, format, { kind: list.kind });
        },
      );
    }
  };
}
