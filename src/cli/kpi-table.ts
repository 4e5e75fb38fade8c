import { formatValue } from '../core/format.ts';
import { KPIS, type Locale, METRICS, type MetricKey } from '../core/kpis/definitions.ts';
import type { KpiReport, RepInfo, ReportScope } from '../core/kpis/report.ts';
import { terminalText } from '../core/terminal-text.ts';
import { textTable } from './text-table.ts';

/** Columns of the per-rep table: the headline figures a sales leader scans first. */
const REP_COLUMNS: MetricKey[] = [
  'revenue',
  'attainment_revenue',
  'deals_won',
  'rep_fte',
  'avg_sales_cycle_days',
  'email_open_rate',
  'new_leads',
  'new_opportunities',
  'lead_conversion_rate',
  'churn_rate',
];

/**
 * How each rep of the report is called in a table: by name, as people know them; the id joins a
 * name two reps share, and stands alone only for a rep the store does not know.
 */
export function repLabels(
  ids: readonly string[],
  reps: readonly Pick<RepInfo, 'id' | 'name'>[],
): Map<string, string> {
  const nameOf = new Map(reps.map((rep) => [rep.id, rep.name.trim()]));
  const count = new Map<string, number>();
  for (const id of ids) {
    const name = nameOf.get(id);
    if (name) count.set(name, (count.get(name) ?? 0) + 1);
  }
  return new Map(
    ids.map((id) => {
      const name = nameOf.get(id);
      if (!name) return [id, id];
      return [id, (count.get(name) ?? 0) > 1 ? `${name} (${id})` : name];
    }),
  );
}

/** The KPI report as two readable tables: every metric by org and team, then headline metrics per rep. */
export function renderKpiTables(
  report: KpiReport,
  orgName: string,
  locale: Locale,
  reps: readonly Pick<RepInfo, 'id' | 'name'>[] = [],
): string {
  const fmt = (scope: ReportScope, key: MetricKey) =>
    formatValue(scope[key], METRICS[key].unit, { locale, currency: report.currency });
  const teams = Object.keys(report.teams);
  const header = [locale === 'id' ? 'KPI' : 'KPI', orgName, ...teams];
  const rows: string[][] = [header];
  for (const kpi of KPIS) {
    rows.push([`${kpi.number}. ${kpi.label[locale]}`, ...header.slice(1).map(() => '')]);
    for (const key of kpi.metrics) {
      rows.push([
        `   ${METRICS[key].label[locale]}`,
        fmt(report.org, key),
        ...teams.map((team) => (METRICS[key].orgOnly ? '' : fmt(report.teams[team]!, key))),
      ]);
    }
    if (kpi.key === 'sales_growth') {
      for (const month of report.org.monthly) {
        rows.push([
          `   ${month.month}`,
          `${formatValue(month.revenue, 'money', { locale, currency: report.currency })} (${formatValue(month.growth, 'ratio', { locale, currency: report.currency })})`,
          ...teams.map((team) => {
            const m = report.teams[team]!.monthly.find((x) => x.month === month.month);
            return m ? formatValue(m.revenue, 'money', { locale, currency: report.currency }) : '';
          }),
        ]);
      }
    }
  }
  const p = report.period;
  const org = terminalText(orgName);
  const title =
    locale === 'id'
      ? `${org} · ${p.from} s.d. ${p.to}${p.to_date ? ' (berjalan)' : ''} (${p.timezone}) · dibandingkan ${p.previous.from} s.d. ${p.previous.to}${p.to_date ? ' (hari yang sama)' : ''}`
      : `${org} · ${p.from} to ${p.to}${p.to_date ? ' (to date)' : ''} (${p.timezone}) · compared with ${p.previous.from} to ${p.previous.to}${p.to_date ? ' (same days)' : ''}`;
  const names = repLabels(Object.keys(report.reps), reps);
  const repRows: string[][] = [
    [locale === 'id' ? 'Tenaga penjual' : 'Rep', ...REP_COLUMNS.map((key) => METRICS[key].label[locale])],
    ...Object.entries(report.reps).map(([id, scope]) => [
      names.get(id) ?? id,
      ...REP_COLUMNS.map((key) => fmt(scope, key)),
    ]),
  ];
  return `${title}\n\n${textTable(rows)}\n\n${textTable(repRows)}\n`;
}
