import { assertScopeVisible, canSeeRep, visibleReport } from '../../core/access/visibility.ts';
import { DEFAULT_TABLE_METRICS, type KpiReport, type ReportScope } from '../../core/contracts/api.ts';
import { exportLabel } from '../../core/exports/export-labels.ts';
import type { ColumnKind, ExportColumn, ExportRow, ExportTable } from '../../core/exports/export-table.ts';
import { METRIC_KEYS, METRICS, type MetricKey } from '../../core/kpis/definitions.ts';
import type { ResolvedPeriod } from '../../core/periods.ts';
import { type Scope, scopeSlice } from '../../core/scope.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import { taskStats } from '../goals/tasks-service.ts';
import { kpiReport } from '../kpis/kpi-report.ts';
import { kpiScopeOf } from '../kpis/kpi-scope.ts';
import { baseNotes, type ExportContext, periodNotes } from './export-context.ts';
import { KIND_OF_UNIT, unitWord } from './metric-columns.ts';

/**
 * How a value moved against the previous period's, as the KPI card shows it: relative for amounts
 * and counts, in percentage points for rates. Null when either is unknown (or relative to zero).
 */
export function changeOf(
  value: number | null,
  previous: number | null,
  ratio: boolean,
): { relative: number | null; points: number | null } {
  if (value === null || previous === null) return { relative: null, points: null };
  if (ratio) return { relative: null, points: (value - previous) * 100 };
  return { relative: previous === 0 ? null : (value - previous) / Math.abs(previous), points: null };
}

/** The report of the period and of the period it is compared with, both as the API computes them. */
async function reportsOf(context: ExportContext, period: ResolvedPeriod) {
  const [current, previous] = await Promise.all([
    kpiReport(context.store, context.org, period),
    kpiReport(context.store, context.org, period.previous),
  ]);
  return { current, previous };
}

/** A scope's values in a report, or a 400 naming `scope` when the team or rep does not exist. */
async function checkedScope(context: ExportContext, scope: Scope): Promise<void> {
  assertScopeVisible(context.visibility, scope);
  if (scope.kind !== 'org') kpiScopeOf(scope, await loadReps(context.store.db, context.org.id));
}

/**
 * The KPI report of a period for one scope, one row per metric: value, the previous period's value,
 * the change (relative, or in points for rates), its unit — the numbers of GET /kpis for that scope.
 * A rep scope the exporter may not see is refused (403), as on the API.
 */
export async function kpiExportTable(
  context: ExportContext,
  period: ResolvedPeriod,
  scope: Scope,
): Promise<ExportTable> {
  const { lang, org } = context;
  await checkedScope(context, scope);
  const { current, previous } = await reportsOf(context, period);
  const values = scopeSlice(current, scope);
  const before = scopeSlice(previous, scope);
  const columns: ExportColumn[] = [
    { key: 'metric', label: exportLabel('metric', lang), kind: 'text' },
    { key: 'key', label: exportLabel('key', lang), kind: 'text' },
    { key: 'unit', label: exportLabel('unit', lang), kind: 'text' },
    { key: 'value', label: exportLabel('value', lang), kind: 'number' },
    { key: 'previous', label: exportLabel('previous', lang), kind: 'number' },
    { key: 'change', label: exportLabel('change', lang), kind: 'percent' },
    { key: 'change_points', label: exportLabel('changePoints', lang), kind: 'number' },
  ];
  const rows: ExportRow[] = [];
  const cellKinds: Partial<Record<string, ColumnKind>>[] = [];
  for (const key of METRIC_KEYS) {
    const definition = METRICS[key];
    const value = values?.[key] ?? null;
    const prior = before?.[key] ?? null;
    const change = changeOf(value, prior, definition.unit === 'ratio');
    rows.push({
      metric: definition.label[lang],
      key,
      unit: unitWord(definition.unit, org.currency, lang),
      value,
      previous: prior,
      change: change.relative,
      change_points: change.points,
    });
    const kind = KIND_OF_UNIT[definition.unit];
    cellKinds.push({ value: kind, previous: kind });
  }
  return {
    title: exportLabel('kpisTitle', lang),
    columns,
    rows,
    cellKinds,
    currency: current.currency,
    notes: [...periodNotes(context, period, scope), ...baseNotes(context)],
    aboutSheet: lang === 'id' ? 'Tentang' : 'About',
  };
}

/** A KPI divided by the scope's active reps: on one rep's row it repeats the plain KPI, so it is blank there. */
const isPerRep = (metric: MetricKey): boolean => METRICS[metric].ratioOf?.denominator === 'rep_fte';

/**
 * The team performance table as the team table widget shows it: every visible rep of the scope with
 * their KPIs and tasks, then the team totals and the organisation total. Totals are the report's own
 * team and organisation values (never sums of the rows); task counts are sums over the visible reps.
 */
export async function teamExportTable(
  context: ExportContext,
  period: ResolvedPeriod,
  scope: Scope,
  metrics: readonly MetricKey[] = DEFAULT_TABLE_METRICS,
  today?: number,
): Promise<ExportTable> {
  const { lang, org, store, visibility } = context;
  assertScopeVisible(visibility, scope);
  const reps = await loadReps(store.db, org.id);
  if (scope.kind !== 'org') kpiScopeOf(scope, reps);
  const [whole, stats] = await Promise.all([
    kpiReport(store, org, period),
    taskStats(store, org, period.range, today === undefined ? {} : { today }),
  ]);
  const report: KpiReport = visibleReport(whole, visibility);
  const visibleReps = reps.filter((rep) => canSeeRep(visibility, rep.id));
  const inScope = visibleReps.filter((rep) =>
    scope.kind === 'rep' ? rep.id === scope.id : scope.kind === 'team' ? rep.team === scope.name : true,
  );

  const columns: ExportColumn[] = [
    { key: 'name', label: exportLabel('name', lang), kind: 'text' },
    { key: 'rep_id', label: exportLabel('repId', lang), kind: 'text' },
    { key: 'team', label: exportLabel('team', lang), kind: 'text' },
    { key: 'row', label: exportLabel('row', lang), kind: 'text' },
    ...metrics.map((metric) => ({
      key: metric,
      label: METRICS[metric].label[lang],
      kind: KIND_OF_UNIT[METRICS[metric].unit],
    })),
    { key: 'tasks_completed', label: exportLabel('tasksCompleted', lang), kind: 'integer' },
    { key: 'tasks_overdue', label: exportLabel('tasksOverdue', lang), kind: 'integer' },
  ];
  const tasksOf = (ids: readonly string[]) => {
    let completed = 0;
    let overdue = 0;
    for (const id of ids) {
      if (!canSeeRep(visibility, id)) continue;
      completed += stats[id]?.completed ?? 0;
      overdue += stats[id]?.overdue ?? 0;
    }
    return { tasks_completed: completed, tasks_overdue: overdue };
  };
  const metricCells = (values: ReportScope | undefined, repRow: boolean): ExportRow =>
    Object.fromEntries(
      metrics.map((metric) => [metric, repRow && isPerRep(metric) ? null : (values?.[metric] ?? null)]),
    );

  const first = metrics[0];
  const repRows = inScope
    .map((rep) => ({
      rep,
      values: report.reps[rep.id],
    }))
    .sort((a, b) => {
      // The widget's first order: its first KPI, highest first, unknown values last; then by name.
      const left = first ? (a.values?.[first] ?? null) : null;
      const right = first ? (b.values?.[first] ?? null) : null;
      if (left !== right) {
        if (left === null) return 1;
        if (right === null) return -1;
        return right - left;
      }
      return a.rep.name.localeCompare(b.rep.name);
    });
  const rows: ExportRow[] = repRows.map(({ rep, values }) => ({
    name: rep.name,
    rep_id: rep.id,
    team: rep.team,
    row: exportLabel('rowRep', lang),
    ...metricCells(values, true),
    ...tasksOf([rep.id]),
  }));
  const teams =
    scope.kind === 'team' ? [scope.name] : scope.kind === 'rep' ? [] : Object.keys(report.teams).sort();
  for (const team of teams) {
    rows.push({
      name: team,
      rep_id: null,
      team,
      row: exportLabel('rowTeam', lang),
      ...metricCells(report.teams[team], false),
      ...tasksOf(reps.filter((rep) => rep.team === team).map((rep) => rep.id)),
    });
  }
  if (scope.kind === 'org') {
    rows.push({
      name: exportLabel('orgTotal', lang),
      rep_id: null,
      team: null,
      row: exportLabel('rowOrg', lang),
      ...metricCells(report.org, false),
      ...tasksOf(Object.keys(stats)),
    });
  }
  return {
    title: exportLabel('teamTitle', lang),
    columns,
    rows,
    currency: report.currency,
    notes: [...periodNotes(context, period, scope), ...baseNotes(context)],
    aboutSheet: lang === 'id' ? 'Tentang' : 'About',
  };
}

/**
 * The whole KPI report as one table, as `udn kpi` prints it: the organisation, each team, then
 * each rep the reader may see (the report given is already narrowed), every metric a column. The
 * values are the report's own, so the file equals `udn kpi --json`.
 */
export function reportExportTable(
  context: ExportContext,
  report: KpiReport,
  period: ResolvedPeriod,
  reps: readonly { id: string; name: string; team: string | null }[],
): ExportTable {
  const { lang } = context;
  const columns: ExportColumn[] = [
    { key: 'scope', label: exportLabel('scope', lang), kind: 'text' },
    { key: 'name', label: exportLabel('name', lang), kind: 'text' },
    { key: 'team', label: exportLabel('team', lang), kind: 'text' },
    ...METRIC_KEYS.map((metric) => ({
      key: metric,
      label: METRICS[metric].label[lang],
      kind: KIND_OF_UNIT[METRICS[metric].unit],
    })),
  ];
  const metricCells = (values: ReportScope): ExportRow =>
    Object.fromEntries(METRIC_KEYS.map((metric) => [metric, values[metric]]));
  const rows: ExportRow[] = [
    { scope: 'org', name: context.org.name, team: null, ...metricCells(report.org) },
    ...Object.keys(report.teams)
      .sort()
      .map((team) => ({ scope: `team:${team}`, name: team, team, ...metricCells(report.teams[team]!) })),
    ...reps
      .filter((rep) => report.reps[rep.id] !== undefined)
      .map((rep) => ({
        scope: `rep:${rep.id}`,
        name: rep.name,
        team: rep.team,
        ...metricCells(report.reps[rep.id]!),
      })),
  ];
  return {
    title: exportLabel('kpisTitle', lang),
    columns,
    rows,
    currency: report.currency,
    notes: [...periodNotes(context, period, { kind: 'org' }).slice(0, 2), ...baseNotes(context)],
    aboutSheet: lang === 'id' ? 'Tentang' : 'About',
  };
}
