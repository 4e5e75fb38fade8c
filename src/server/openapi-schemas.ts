import { z } from 'zod';
import { BREAKDOWN_DIMENSIONS, WIDGET_TYPES, widgetSchema } from '../core/contracts/api.ts';
import { IMPORT_STATUSES, type ImportStatus } from '../core/contracts/imports.ts';
import { mappingSchema } from '../core/contracts/mapping.ts';

/**
 * Response shapes for the OpenAPI description at /api/docs. They document the TypeScript
 * interfaces of core/contracts/api.ts; responses are not re-validated on the way out.
 */

export const apiErrorSchema = z
  .object({
    error: z.string(),
    message: z.string(),
    field: z.string().optional(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .describe('Every 4xx/5xx body; `field` names the offending input (e.g. `from`, `widgets.0.layout.w`)');

/** The refusals of a route that takes an input and names a record: a 400 naming the field, a 404. */
export const inputErrors = { 400: apiErrorSchema, 404: apiErrorSchema };

const localized = z.object({ en: z.string(), id: z.string() });
const metricValues = z.record(z.string(), z.number().nullable().or(z.array(z.unknown())));

export const kpiReportSchema = z
  .object({
    period: z.object({
      from: z.string(),
      to: z.string(),
      timezone: z.string(),
      to_date: z.literal(true).optional().describe('true for a named period cut at `asof`; absent otherwise'),
      previous: z.object({ from: z.string(), to: z.string() }),
    }),
    currency: z.string(),
    org: metricValues,
    teams: z.record(z.string(), metricValues),
    reps: z.record(z.string(), metricValues),
  })
  .describe('The KPI report of KPI-SPEC §5, the same JSON as `udn kpi --json`');

export const orgSchema = z.object({
  id: z.number(),
  slug: z.string(),
  name: z.string(),
  openLeaderboard: z.boolean(),
  timezone: z.string(),
  currency: z.string(),
  currencyDigits: z.number(),
  fiscalYearStartMonth: z.number(),
  grossMargin: z.number(),
  dataVersion: z.number(),
  hasData: z.boolean(),
  today: z.string(),
});

export const definitionsSchema = z.object({
  kpis: z.array(
    z.object({
      key: z.string(),
      number: z.number(),
      label: localized,
      description: localized,
      headline: z.string(),
      metrics: z.array(z.string()),
    }),
  ),
  metrics: z.record(
    z.string(),
    z.object({
      key: z.string(),
      family: z.string(),
      unit: z.string(),
      direction: z.string(),
      label: localized,
      formula: localized,
      ratioOf: z.object({ numerator: z.string(), denominator: z.string() }).optional(),
      orgOnly: z.boolean().optional(),
    }),
  ),
});

export const seriesSchema = z.object({
  metric: z.string(),
  grain: z.enum(['day', 'week', 'month']),
  scope: z.string(),
  points: z.array(z.object({ from: z.string(), to: z.string(), value: z.number().nullable() })),
});

export const breakdownSchema = z.object({
  dimension: z.enum(BREAKDOWN_DIMENSIONS),
  scope: z.string(),
  unit: z.enum(['count', 'money']),
  items: z.array(z.object({ key: z.string(), value: z.number(), amount: z.number().optional() })),
});

export const drilldownSchema = z.object({
  metric: z.string(),
  title: localized,
  columns: z.array(
    z.object({
      key: z.string(),
      label: localized,
      type: z.enum(['text', 'instant', 'date', 'money', 'count', 'days', 'boolean', 'number']),
    }),
  ),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  sort: z.string(),
});

export const dashboardSchema = z.object({
  id: z.number(),
  name: z.string(),
  widgets: z.array(widgetSchema),
  version: z.number(),
  isDefault: z.boolean(),
  updatedAt: z.number(),
  ownerUserId: z.string().nullable(),
  shares: z.array(z.object({ scope: z.string(), canEdit: z.boolean() })),
  canEdit: z.boolean(),
});

export const repSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  team: z.string().nullable(),
  startedOn: z.string().nullable(),
  endedOn: z.string().nullable(),
});

export const teamSchema = z.object({ name: z.string(), repCount: z.number() });

const issueSchema = z.object({
  file: z.string(),
  line: z.number(),
  column: z.string().nullable(),
  message: z.string(),
});

const fileSummarySchema = z.object({
  file: z.string(),
  rows: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  removed: z
    .number()
    .optional()
    .describe(
      "Stored rows removed (absent from a snapshot file, or a push's delete); only for tables removed from",
    ),
});

const errorGroupSchema = z
  .object({
    file: z.string(),
    column: z.string().nullable(),
    reason: z.string(),
    count: z.number(),
    examples: z.array(z.object({ line: z.number(), message: z.string() })),
  })
  .describe(
    'Errors of one cause (file, column, reason with per-row values as "…"), counted exactly over the whole import; its first 20 lines',
  );

export const importResultSchema = z.object({
  ok: z.boolean(),
  importId: z.number(),
  orgId: z.number().nullable(),
  files: z
    .array(fileSummarySchema)
    .describe('Rows read per file; a refused import wrote nothing (all counts 0)'),
  errors: z.array(issueSchema).describe('The first 100 errors, in file then line order'),
  errorCount: z.number(),
  errorGroups: z.array(errorGroupSchema),
  warnings: z.array(issueSchema),
  changed: z.boolean().describe('false when the import found nothing to change (data version unchanged)'),
  dataVersion: z.number(),
  durationMs: z.number(),
  phases: z.record(z.string(), z.number()).optional(),
  dryRun: z
    .literal(true)
    .optional()
    .describe('A dry run: counted, then rolled back; nothing written and no history entry'),
  removed: z.record(z.string(), z.number()).optional().describe('Rows removed per table'),
  massDelete: z
    .array(z.object({ table: z.string(), stored: z.number(), removing: z.number() }))
    .optional()
    .describe('Snapshots refused for removing more than half of a table: confirm with allowMassDelete'),
});

const importStatusSchema = z
  .enum(IMPORT_STATUSES as [ImportStatus, ...ImportStatus[]])
  .describe('cancelled and interrupted (its process stopped) imports wrote nothing');

export const importHistorySchema = z.object({
  id: z.number(),
  source: z.string(),
  status: importStatusSchema,
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  errorCount: z.number(),
  fileNames: z.array(z.string()).describe('Every file given, org.json included'),
  files: z.array(fileSummarySchema).describe('A refused or running import reports nothing written'),
  warnings: z.array(issueSchema),
  errors: z.array(issueSchema),
  errorGroups: z.array(errorGroupSchema),
  changed: z.boolean(),
});

export const importJobSchema = z.object({
  id: z.number().describe('The import history id'),
  source: z.string(),
  status: importStatusSchema,
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  progress: z
    .object({ file: z.string(), bytes: z.number(), totalBytes: z.number(), rows: z.number() })
    .nullable()
    .describe('The file being imported, bytes read of it and rows so far; null before the first batch'),
  result: importResultSchema
    .nullable()
    .describe('Once finished in this server; null for imports of another process (see the history)'),
});

export const importFormatSchema = z.object({
  file: z.string(),
  columns: z.array(z.object({ name: z.string(), required: z.boolean() })),
  template: z.string(),
});

const dataCountsSchema = z.object({
  reps: z.number(),
  accounts: z.number(),
  leads: z.number(),
  deals: z.number(),
  emails: z.number(),
  spend: z.number(),
  targets: z.number(),
  goals: z.number(),
  tasks: z.number(),
  dashboards: z.number(),
  imports: z.number(),
});

export const orgDataSummarySchema = z.object({
  counts: dataCountsSchema,
  demoOnly: z.boolean(),
  importRunning: z.boolean(),
  dataVersion: z.number(),
});

export const orgResetResultSchema = z.object({ deleted: dataCountsSchema, dataVersion: z.number() });

export const widgetTypesNote = `Widget types: ${WIDGET_TYPES.join(', ')}`;

export const quotaNote =
  'A goal’s targets hold their own target_value and never change the sales quotas. Only a target sent with `is_quota: true` (a KPI target to reach, at_least, on revenue, units, deals_won or new_customers) is the quota of its scope, metric and period: its value is that targets.csv row — set here when target_value is sent (then `updated_by` is required and the change is recorded, see GET /quotas/history), adopted when it is not — and "sales vs target" follows it. The targets of quota goals are the quotas. `quota_value` in a target shows the quota "sales vs target" uses for the same metric, scope and period.';

/** An example mapping document: a HubSpot deals export onto deals (docs/import.md). */
export const MAPPING_EXAMPLE = {
  udnMapping: 1,
  name: 'HubSpot deals',
  preset: 'hubspot-deals',
  table: 'deals',
  fields: {
    id: { column: 'Record ID' },
    name: { column: 'Deal Name' },
    owner_rep_id: { column: 'Deal owner', rep: 'name-or-email' },
    created_at: { column: 'Create Date' },
    closed_at: { column: 'Close Date', keep: 'closed' },
    status: {
      column: 'Deal Stage',
      values: { 'Closed Won': 'won', 'Closed Lost': 'lost' },
      otherwise: 'open',
    },
    amount: { column: 'Amount' },
  },
  dates: 'MM/DD/YYYY',
  decimal: '.',
  createReps: 'when-none',
} as const;

export const savedMappingSchema = z
  .object({
    name: z.string(),
    mapping: mappingSchema.describe('The mapping document (udnMapping 1), defaults filled in'),
    updatedAt: z.string().describe('ISO 8601'),
    updatedBy: z
      .string()
      .nullable()
      .describe('The user id of the member who saved it last; null from the CLI'),
  })
  .meta({
    examples: [
      {
        name: 'HubSpot deals',
        mapping: MAPPING_EXAMPLE,
        updatedAt: '2026-12-01T09:30:00.000Z',
        updatedBy: 'u_1',
      },
    ],
  });

const previewCellSchema = z.object({
  source: z.string().nullable().describe('The source cell text; null when the field has no column'),
  value: z.string().nullable().describe('The UDN value it becomes'),
  problem: z.string().optional().describe('Why the import would refuse it'),
});

export const filePreviewSchema = z
  .object({
    source: z.string().describe("The source file's name"),
    sheet: z.string().optional(),
    sheets: z.array(z.string()).optional().describe('Every sheet of a workbook'),
    recognition: z
      .object({
        kind: z.enum(['udn', 'preset', 'unknown']),
        table: z.string().optional(),
        preset: z.string().optional(),
        label: z.string().optional(),
        mapping: mappingSchema.optional(),
        cannot: z.string().optional().describe('What the export cannot tell UDN'),
      })
      .describe("UDN's own file (its table), a CRM export of a known preset, or unknown"),
    mapping: mappingSchema
      .nullable()
      .describe("The mapping in use: the one given, else the preset's, else a guess from the header"),
    columns: z.array(z.object({ name: z.string(), samples: z.array(z.string()) })),
    rows: z
      .array(
        z.object({
          line: z.number().describe('The source line (sheet row)'),
          cells: z.record(z.string(), previewCellSchema).describe('By UDN field'),
          skipped: z.boolean().optional(),
          problem: z.string().optional(),
        }),
      )
      .describe('The first rows as UDN will read them, every problem on its cell'),
    problems: z.array(z.object({ line: z.number(), column: z.string().nullable(), message: z.string() })),
    unmatchedOwners: z.array(z.object({ value: z.string(), create: z.boolean() })),
    truncated: z.boolean().describe('The preview stopped before the end of the file'),
  })
  .meta({
    examples: [
      {
        source: 'hubspot-crm-exports-all-deals-2026-12-01.csv',
        recognition: {
          kind: 'preset',
          preset: 'hubspot-deals',
          label: 'HubSpot deals export',
          mapping: MAPPING_EXAMPLE,
        },
        mapping: MAPPING_EXAMPLE,
        columns: [
          { name: 'Record ID', samples: ['9001', '9002'] },
          { name: 'Create Date', samples: ['11/03/2026 09:15', '13/45/2026'] },
        ],
        rows: [
          {
            line: 3,
            cells: {
              id: { source: '9002', value: '9002' },
              created_at: {
                source: '13/45/2026',
                value: null,
                problem: 'Create Date "13/45/2026" is not a date in the layout MM/DD/YYYY',
              },
            },
          },
        ],
        problems: [],
        unmatchedOwners: [{ value: 'Jane Roe', create: true }],
        truncated: true,
      },
    ],
  });
