import type { DrilldownColumn, DrilldownResponse } from '../../core/contracts/api.ts';
import { invalid } from '../../core/errors.ts';
import { exportLabel } from '../../core/exports/export-labels.ts';
import type { ColumnKind, ExportColumn, ExportTable } from '../../core/exports/export-table.ts';
import { isoToLocal } from '../../core/exports/local-time.ts';
import { METRICS, type MetricKey } from '../../core/kpis/definitions.ts';
import type { ResolvedPeriod } from '../../core/periods.ts';
import type { Scope } from '../../core/scope.ts';
import { drilldownFor } from '../kpis/drilldown.ts';
import { baseNotes, type ExportContext, periodNotes } from './export-context.ts';

/** A drill-down column's kind in a file: instants become the org's local wall time. */
const KINDS: Readonly<Record<DrilldownColumn['type'], ColumnKind>> = {
  text: 'text',
  instant: 'datetime',
  date: 'date',
  money: 'money',
  count: 'integer',
  days: 'days',
  boolean: 'boolean',
  number: 'number',
};

/** Rows fetched per query while exporting: big pages, so a long list costs few round trips. */
const PAGE = 20_000;
/** The most rows one export holds: a spreadsheet stays usable, the server's memory bounded. */
export const MAX_EXPORT_ROWS = 200_000;

/**
 * Every record behind a metric, as the drill-down lists them (its order, or `sort`), all pages:
 * the rows of the reps the exporter may see — a rep gets only their own.
 */
export async function drilldownExportTable(
  context: ExportContext,
  period: ResolvedPeriod,
  query: { metric: MetricKey; scope: Scope; sort: string | null },
): Promise<ExportTable> {
  const { store, org, visibility, lang } = context;
  const pageOf = (page: number): Promise<DrilldownResponse> =>
    drilldownFor(store, org, {
      metric: query.metric,
      scope: query.scope,
      range: period.range,
      previous: period.previous,
      page,
      pageSize: PAGE,
      sort: query.sort,
      visibility,
    });
  const first = await pageOf(1);
  if (first.total > MAX_EXPORT_ROWS) {
    throw invalid(
      'scope',
      `${first.total} records are more than one export holds (${MAX_EXPORT_ROWS}); export a shorter period or a smaller scope`,
    );
  }
  const rows = [...first.rows];
  for (let page = 2; rows.length < first.total; page += 1) {
    const next = await pageOf(page);
    if (next.rows.length === 0) break;
    rows.push(...next.rows);
  }
  const columns: ExportColumn[] = first.columns.map((column) => ({
    key: column.key,
    label: column.label[lang],
    kind: KINDS[column.type],
  }));
  const instants = first.columns.filter((column) => column.type === 'instant').map((column) => column.key);
  const localRows = rows.map((row) => {
    const out = { ...row };
    for (const key of instants) {
      const value = out[key];
      if (typeof value === 'string') out[key] = isoToLocal(value, org.timezone);
    }
    return out;
  });
  return {
    title: `${METRICS[query.metric].label[lang]}: ${first.title[lang]}`,
    columns,
    rows: localRows,
    currency: org.currency,
    notes: [
      first.title[lang],
      ...periodNotes(context, period, query.scope),
      ...baseNotes(context),
      `${exportLabel('timeZone', lang)} ${org.timezone}`,
    ],
    aboutSheet: lang === 'id' ? 'Tentang' : 'About',
  };
}
