import type { TableFormat } from '../../core/contracts/exports.ts';
import type { ExportTable } from '../../core/exports/export-table.ts';
import { METRIC_KEYS, type MetricKey } from '../../core/kpis/definitions.ts';
import { type ResolvedPeriod, resolvePeriod } from '../../core/periods.ts';
import { parseScope, type Scope } from '../../core/scope.ts';
import type { Store } from '../../db/database.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { drilldownExportTable } from '../../services/exports/drilldown-export.ts';
import { cliExportContext, type ExportContext } from '../../services/exports/export-context.ts';
import { kpiExportTable } from '../../services/exports/kpi-exports.ts';
import { writeTable } from '../../services/exports/table-file.ts';
import { visibilityOf } from '../../services/kpis/rep-visibility.ts';
import { CliError } from '../cli-error.ts';
import { withExistingStore } from '../cli-store.ts';
import { requireOrg } from '../require-org.ts';
import { writeExportFile } from './export-file.ts';
import { principalOfEmail } from './kpi-action.ts';

interface TableExportOptions {
  db?: string;
  org?: string;
  period?: string;
  from?: string;
  to?: string;
  asof?: string;
  scope: string;
  format: TableFormat;
  out: string;
  as?: string;
  lang: 'en' | 'id';
}

export type ExportKpiOptions = TableExportOptions;
export interface ExportDrilldownOptions extends TableExportOptions {
  metric: string;
  sort?: string;
}

/** The context of a command-line export: the administrator's view, or a member's with --as. */
async function contextOf(store: Store, org: OrgRecord, options: TableExportOptions): Promise<ExportContext> {
  const context = cliExportContext(store, org, options.lang);
  if (options.as === undefined) return context;
  const principal = await principalOfEmail(store, org, options.as);
  return { ...context, principal, visibility: await visibilityOf(store, org, principal) };
}

function scopeOf(text: string): Scope {
  const parsed = parseScope(text);
  if (!parsed.ok) throw new CliError(`--scope: ${parsed.reason}`);
  return parsed.scope;
}

/** Opens the store and organisation, resolves the period and scope, builds the table and writes it. */
async function runExport(
  options: TableExportOptions,
  build: (context: ExportContext, period: ResolvedPeriod, scope: Scope) => Promise<ExportTable>,
): Promise<void> {
  const scope = scopeOf(options.scope);
  await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const period = resolvePeriod(options, org.fiscal_year_start_month);
    if (!period.ok) throw new CliError(`--${period.field}: ${period.reason}`);
    const table = await build(await contextOf(store, org, options), period, scope);
    await writeExportFile(await writeTable(table, options.format), options.out, table.rows.length);
  });
}

/** `udn export kpi`: the KPI report of a period for a scope, one row per metric. */
export async function exportKpiAction(options: ExportKpiOptions): Promise<void> {
  await runExport(options, (context, period, scope) => kpiExportTable(context, period, scope));
}

/** `udn export drilldown`: every record behind a metric. */
export async function exportDrilldownAction(options: ExportDrilldownOptions): Promise<void> {
  if (!(METRIC_KEYS as readonly string[]).includes(options.metric)) {
    throw new CliError(`--metric: unknown metric "${options.metric}"; one of ${METRIC_KEYS.join(', ')}`);
  }
  const metric = options.metric as MetricKey;
  await runExport(options, (context, period, scope) =>
    drilldownExportTable(context, period, { metric, scope, sort: options.sort ?? null }),
  );
}
