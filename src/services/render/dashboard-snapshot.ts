import type { Principal } from '../../core/access/principal.ts';
import {
  assertScopeVisible,
  canSeeRep,
  canSeeScope,
  type RepVisibility,
  visibleRepEntries,
  visibleReport,
} from '../../core/access/visibility.ts';
import { formatEpochDay } from '../../core/calendar-date.ts';
import type { Dashboard, KpiReport, ReportScope, Widget } from '../../core/contracts/api.ts';
import type { TaskStats } from '../../core/contracts/goals.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import { formatValue } from '../../core/format.ts';
import { METRICS, type MetricKey, type MetricUnit, TARGET_METRICS } from '../../core/kpis/definitions.ts';
import {
  type DayRange,
  parseNamedPeriod,
  previousPeriod,
  type ResolvedPeriod,
  toDatePeriod,
} from '../../core/periods.ts';
import { formatScope, ORG_SCOPE, parseScope, type Scope, scopeSlice, teamMembers } from '../../core/scope.ts';
import { localEpochDay } from '../../core/time-zone.ts';
import type { Store } from '../../db/database.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { dashboardOf, dashboardsOf } from '../dashboards/dashboards.ts';
import { goalOf } from '../goals/goals-service.ts';
import { targetLeaderboard } from '../goals/leaderboard.ts';
import { taskStats } from '../goals/tasks-service.ts';
import { breakdownFor, NONE_KEY } from '../kpis/breakdowns.ts';
import { kpiReport } from '../kpis/kpi-report.ts';
import { visibilityOf } from '../kpis/rep-visibility.ts';
import { seriesFor } from '../kpis/series.ts';
import {
  bucketText,
  changeText,
  instantText,
  lastYear,
  periodText,
  rangeText,
  statusText,
} from './snapshot-text.ts';
import type { ChartSpec, DashboardSnapshot, SnapshotItem } from './snapshot-types.ts';

export type { DashboardSnapshot } from './snapshot-types.ts';

export type Comparison = 'previous' | 'last-year';

export interface SnapshotOptions {
  /** The dashboard's scope (the page's scope picker); default the organisation. */
  scope?: Scope;
  /** Epoch ms of "now": the generation time and the organisation's today (goals, tasks). */
  now?: number;
  compare?: Comparison;
  /** Only this widget (a widget's PNG): the others are not computed; an unknown id is 404. */
  widgetId?: string;
}

interface Rep {
  id: string;
  name: string;
  team: string | null;
}

/** A period a widget shows: the days, the days compared with, and whether it is cut to date. */
interface View {
  range: DayRange;
  compared: DayRange;
  toDate: boolean;
}

/** What every widget of one snapshot shares; reports are computed once per period whoever asks. */
interface Context {
  store: Store;
  org: OrgRecord;
  as: Principal;
  visibility: RepVisibility;
  reps: Rep[];
  view: View;
  scope: Scope;
  compare: Comparison;
  today: number;
  dashboardId: number;
  reports: Map<string, Promise<KpiReport>>;
}

const DEFAULT_TABLE_METRICS: readonly MetricKey[] = [
  'revenue',
  'attainment_revenue',
  'deals_won',
  'avg_sales_cycle_days',
  'email_open_rate',
  'new_leads',
  'lead_conversion_rate',
];

const FUNNEL_STEPS: Readonly<Record<string, string>> = {
  leads: 'Leads created (cohort)',
  opportunities: '… linked to a deal',
  won: '… linked to a won deal',
};

const DIMENSION_TITLES: Readonly<Record<string, string>> = {
  lead_source: 'Leads by source',
  spend_category: 'Spend by category',
  deal_stage: 'Deals by stage',
  funnel: 'Funnel',
};

const TYPE_TITLES: Readonly<Record<Widget['type'], string>> = {
  kpi_card: 'KPI card',
  line_chart: 'Line chart',
  bar_chart: 'Bar chart over time',
  breakdown_bar: 'Bars by rep or team',
  pie_chart: 'Donut',
  funnel: 'Lead cohort funnel',
  team_table: 'Team performance',
  leaderboard: 'Leaderboard',
  text_note: 'Text note',
  goal_progress: 'Goal progress',
  target_leaderboard: 'Target leaderboard',
};

const compareRange = (range: DayRange, previous: DayRange, compare: Comparison): DayRange =>
  compare === 'last-year' ? lastYear(range) : previous;

/** The report of a range, once per snapshot; cut to what `as` may see of the reps. */
function reportOf(ctx: Context, range: DayRange): Promise<KpiReport> {
  const key = `${range.from}..${range.to}`;
  let report = ctx.reports.get(key);
  if (!report) {
    report = kpiReport(ctx.store, ctx.org, range).then((whole) => visibleReport(whole, ctx.visibility));
    ctx.reports.set(key, report);
  }
  return report;
}

/** A widget's period: its own named period (cut at today while it runs, as the web app does), else the dashboard's. */
function viewOf(ctx: Context, widget: Widget): View {
  const name = widget.config.period;
  const named = name ? parseNamedPeriod(name, ctx.org.fiscal_year_start_month) : undefined;
  if (!named) return ctx.view;
  if (ctx.today >= named.from && ctx.today <= named.to) {
    const cut = toDatePeriod(named, ctx.today);
    return { range: cut.range, compared: compareRange(cut.range, cut.previous, ctx.compare), toDate: true };
  }
  return { range: named, compared: compareRange(named, previousPeriod(named), ctx.compare), toDate: false };
}

function scopeOf(ctx: Context, widget: Widget): Scope {
  const text = widget.config.scope;
  if (!text) return ctx.scope;
  const parsed = parseScope(text);
  return parsed.ok ? parsed.scope : ctx.scope;
}

const repName = (ctx: Context, id: string): string => ctx.reps.find((rep) => rep.id === id)?.name ?? id;

function scopeLabel(reps: readonly Rep[], scope: Scope): string {
  if (scope.kind === 'org') return 'Organisation';
  if (scope.kind === 'team') return `Team ${scope.name}`;
  return reps.find((rep) => rep.id === scope.id)?.name ?? scope.id;
}

const money = (ctx: Context) => ({ locale: 'en' as const, currency: ctx.org.currency });
const full = (ctx: Context, value: number | null | undefined, unit: MetricUnit): string =>
  formatValue(value, unit, money(ctx));

/** The app path that opens the dashboard on the same period and scope. */
function linkOf(ctx: Context, view: View, scope: Scope): string {
  const query = new URLSearchParams({
    from: formatEpochDay(view.range.from),
    to: formatEpochDay(view.range.to),
    scope: formatScope(scope),
  });
  return `/dashboards/${ctx.dashboardId}?${query.toString()}`;
}

function titleOf(widget: Widget): string {
  const own = widget.title?.trim();
  if (own) return own;
  const metric = widget.config.metric;
  switch (widget.type) {
    case 'pie_chart':
      return DIMENSION_TITLES[widget.config.dimension ?? 'lead_source'] ?? TYPE_TITLES.pie_chart;
    case 'kpi_card':
    case 'line_chart':
    case 'bar_chart':
      return METRICS[metric ?? 'revenue'].label.en;
    case 'breakdown_bar':
    case 'leaderboard':
      return `${METRICS[metric ?? 'revenue'].label.en} by ${widget.config.by ?? 'rep'}`;
    default:
      return TYPE_TITLES[widget.type];
  }
}

/** Says why a widget shows nothing, so the document never leaves a silent hole. */
const note = (text: string) => ({ kind: 'text' as const, text });

const HIDDEN_SCOPE = 'You may not see the individual numbers of this rep.';

/** Reps (or teams) ranked by one metric of the report, best first by its direction, as the web does. */
function ranked(
  ctx: Context,
  report: KpiReport,
  metric: MetricKey,
  by: 'rep' | 'team',
  scope: Scope,
): { label: string; value: number | null }[] {
  const team = scope.kind === 'team' ? scope.name : null;
  const teamOf = (id: string) => ctx.reps.find((rep) => rep.id === id)?.team ?? null;
  const rows =
    by === 'team'
      ? Object.entries(report.teams)
          .filter(([name]) => team === null || name === team)
          .map(([name, values]) => ({ label: name, value: values[metric] }))
      : Object.entries(report.reps)
          .filter(([id]) => (scope.kind === 'rep' ? id === scope.id : team === null || teamOf(id) === team))
          .map(([id, values]) => ({ label: repName(ctx, id), value: values[metric] }));
  const sign = METRICS[metric].direction === 'down' ? 1 : -1;
  return rows.sort((a, b) => {
    if (a.value === null) return b.value === null ? a.label.localeCompare(b.label) : 1;
    if (b.value === null) return -1;
    return sign * (a.value - b.value) || a.label.localeCompare(b.label);
  });
}

async function kpiCard(ctx: Context, widget: Widget, view: View, scope: Scope) {
  const metric = widget.config.metric ?? 'revenue';
  const definition = METRICS[metric];
  const [report, compared] = await Promise.all([reportOf(ctx, view.range), reportOf(ctx, view.compared)]);
  const value = scopeSlice(report, scope)?.[metric] ?? null;
  const previous = scopeSlice(compared, scope)?.[metric] ?? null;
  const change = changeText(value, previous, definition.unit, definition.direction);
  return {
    kind: 'figure' as const,
    metric,
    value: full(ctx, value, definition.unit),
    previous: previous === null ? null : full(ctx, previous, definition.unit),
    change: change?.change ?? null,
    good: change?.good ?? null,
  };
}

async function timeChart(ctx: Context, widget: Widget, view: View, scope: Scope) {
  const metric = widget.config.metric ?? (widget.type === 'bar_chart' ? 'new_leads' : 'revenue');
  const days = view.range.to - view.range.from + 1;
  const grain = widget.config.grain ?? (days <= 45 ? 'day' : days <= 190 ? 'week' : 'month');
  // A metric with targets is drawn with its target per bucket (KPI-SPEC §4 #1: targets pro rata
  // by days), as the web app's chart does: the pace the targets set, from the same series service.
  const targetMetric = (TARGET_METRICS as readonly string[]).includes(metric)
    ? (`target_${metric}` as MetricKey)
    : undefined;
  const [series, targets] = await Promise.all([
    seriesFor(ctx.store, ctx.org, { metric, grain, scope, range: view.range }),
    targetMetric === undefined
      ? Promise.resolve(undefined)
      : seriesFor(ctx.store, ctx.org, { metric: targetMetric, grain, scope, range: view.range }),
  ]);
  // Buckets after today have no data yet: drawn, they would read as a collapse (as on the web).
  const today = formatEpochDay(ctx.today);
  const points = series.points.filter((point) => point.from <= today);
  const targetValues = points.map((_, index) => targets?.points[index]?.value ?? null);
  const unit = METRICS[metric].unit;
  const type = widget.config.chart ?? (widget.type === 'bar_chart' ? 'bar' : 'line');
  const chart: ChartSpec = {
    type,
    categories: points.map((point) => bucketText(point.from, grain)),
    series: [
      { name: METRICS[metric].label.en, values: points.map((point) => point.value) },
      ...(targetValues.some((value) => value !== null)
        ? [{ name: 'Target', values: targetValues, target: true }]
        : []),
    ],
    unit,
    currency: ctx.org.currency,
    labels: points.map((point) => formatValue(point.value, unit, { ...money(ctx), compact: true })),
  };
  return { kind: 'chart' as const, chart };
}

async function breakdownBar(ctx: Context, widget: Widget, view: View, scope: Scope) {
  const metric = widget.config.metric ?? 'revenue';
  const unit = METRICS[metric].unit;
  const rows = ranked(ctx, await reportOf(ctx, view.range), metric, widget.config.by ?? 'rep', scope).slice(
    0,
    widget.config.limit ?? 12,
  );
  if (rows.length === 0) return note('No data for this period.');
  const chart: ChartSpec = {
    type: 'hbar',
    categories: rows.map((row) => row.label),
    series: [{ name: METRICS[metric].label.en, values: rows.map((row) => row.value) }],
    unit,
    currency: ctx.org.currency,
    labels: rows.map((row) => formatValue(row.value, unit, { ...money(ctx), compact: true })),
  };
  return { kind: 'chart' as const, chart };
}

async function breakdown(ctx: Context, widget: Widget, view: View, scope: Scope) {
  const funnel = widget.type === 'funnel';
  const asked = widget.config.dimension ?? 'lead_source';
  // A donut of the funnel is no donut: the web app shows its leads by source instead.
  const dimension = funnel ? 'funnel' : asked === 'funnel' ? 'lead_source' : asked;
  const answer = await breakdownFor(ctx.store, ctx.org, { dimension, scope, range: view.range });
  if (answer.items.length === 0 || answer.items.every((item) => item.value === 0)) {
    return note(funnel ? 'No leads were created in this period.' : 'No data for this period.');
  }
  const unit = answer.unit;
  const chart: ChartSpec = {
    type: funnel ? 'funnel' : 'pie',
    categories: answer.items.map((item) =>
      funnel ? (FUNNEL_STEPS[item.key] ?? item.key) : item.key === NONE_KEY ? '(none)' : item.key,
    ),
    series: [
      { name: DIMENSION_TITLES[dimension] ?? dimension, values: answer.items.map((item) => item.value) },
    ],
    unit,
    currency: ctx.org.currency,
    labels: answer.items.map((item) => full(ctx, item.value, unit)),
  };
  return { kind: 'chart' as const, chart };
}

/** Per-rep ratios (÷ active reps) say nothing on one rep's row: the web shows them on totals only. */
const perRep = (metric: MetricKey): boolean => METRICS[metric].ratioOf?.denominator === 'rep_fte';

async function teamTable(ctx: Context, widget: Widget, view: View, scope: Scope) {
  const metrics = widget.config.metrics?.length ? widget.config.metrics : DEFAULT_TABLE_METRICS;
  const extras = widget.config.columns ?? ['team', 'tasks_completed', 'tasks_overdue'];
  const showTeam = extras.includes('team');
  const taskColumns = (['tasks_completed', 'tasks_overdue'] as const).filter((c) => extras.includes(c));
  const [report, stats] = await Promise.all([
    reportOf(ctx, view.range),
    taskColumns.length > 0
      ? taskStats(ctx.store, ctx.org, view.range, { today: ctx.today }).then(
          (all): TaskStats => visibleRepEntries(all, ctx.visibility),
        )
      : Promise.resolve<TaskStats>({}),
  ]);
  const teamOf = (id: string) => ctx.reps.find((rep) => rep.id === id)?.team ?? null;
  const tasks = (ids: readonly string[]) => {
    let completed = 0;
    let overdue = 0;
    for (const id of ids) {
      completed += stats[id]?.completed ?? 0;
      overdue += stats[id]?.overdue ?? 0;
    }
    return { tasks_completed: completed, tasks_overdue: overdue };
  };
  const line = (name: string, team: string | null, values: ReportScope, ids: string[], repRow: boolean) => [
    name,
    ...(showTeam ? [team ?? ''] : []),
    ...metrics.map((metric) =>
      repRow && perRep(metric) ? '' : full(ctx, values[metric], METRICS[metric].unit),
    ),
    ...taskColumns.map((column) => String(tasks(ids)[column])),
  ];
  const first = metrics[0];
  const repRows = Object.entries(report.reps)
    .filter(([id]) =>
      scope.kind === 'rep' ? id === scope.id : scope.kind === 'team' ? teamOf(id) === scope.name : true,
    )
    .sort(([, a], [, b]) => (first ? (b[first] ?? -Infinity) - (a[first] ?? -Infinity) : 0))
    .map(([id, values]) => line(repName(ctx, id), teamOf(id), values, [id], true));
  const teams =
    scope.kind === 'team' ? [scope.name] : scope.kind === 'rep' ? [] : Object.keys(report.teams).sort();
  const totals = teams.flatMap((team) => {
    const values = report.teams[team];
    const ids = teamMembers(ctx.reps, team)
      .map((rep) => rep.id)
      .filter((id) => canSeeRep(ctx.visibility, id));
    return values ? [line(`Team ${team}`, team, values, ids, false)] : [];
  });
  if (scope.kind === 'org') totals.push(line('Organisation', null, report.org, Object.keys(stats), false));
  const columns = [
    'Rep',
    ...(showTeam ? ['Team'] : []),
    ...metrics.map((metric) => METRICS[metric].label.en),
    ...taskColumns.map((column) => (column === 'tasks_completed' ? 'Tasks done' : 'Tasks overdue')),
  ];
  return { kind: 'table' as const, columns, rows: [...repRows, ...totals] };
}

async function leaderboard(ctx: Context, widget: Widget, view: View, scope: Scope) {
  const metric = widget.config.metric ?? 'revenue';
  const by = widget.config.by ?? 'rep';
  const rows = ranked(ctx, await reportOf(ctx, view.range), metric, by, scope)
    .filter((row) => row.value !== null)
    .slice(0, widget.config.limit ?? 10);
  if (rows.length === 0) return note('No data for this period.');
  return {
    kind: 'table' as const,
    columns: ['#', by === 'team' ? 'Team' : 'Rep', METRICS[metric].label.en],
    rows: rows.map((row, index) => [
      String(index + 1),
      row.label,
      full(ctx, row.value, METRICS[metric].unit),
    ]),
  };
}

async function goalProgress(ctx: Context, widget: Widget) {
  const goalId = widget.config.goalId;
  if (goalId === undefined) return { title: null, item: note('No goal chosen for this widget.') };
  try {
    const goal = await goalOf(ctx.store, ctx.org, goalId, { as: ctx.as, today: ctx.today });
    const percent = (p: number | null) => formatValue(p, 'ratio', money(ctx));
    const targetText = (v: number | null, unit: string) =>
      unit === 'money' || unit === 'count' || unit === 'ratio' || unit === 'days'
        ? full(ctx, v, unit)
        : v === null
          ? '—'
          : String(v);
    return {
      title: goal.name,
      item: {
        kind: 'table' as const,
        columns: ['Target', 'Current', 'Target value', 'Progress', 'Status'],
        rows: [
          [`${goal.name} (due ${goal.due_date})`, '', '', percent(goal.progress), statusText(goal.status)],
          ...goal.targets.map((target) => [
            target.name,
            targetText(target.current_value, target.unit),
            targetText(target.target_value, target.unit),
            percent(target.progress),
            statusText(target.status),
          ]),
        ],
      },
    };
  } catch (error) {
    // A goal deleted, or one `as` may not see: the widget says so and reveals nothing of it.
    if (error instanceof DomainError && (error.code === 'not_found' || error.code === 'forbidden')) {
      return { title: null, item: note('This goal no longer exists or is not visible to you.') };
    }
    throw error;
  }
}

async function targetBoard(ctx: Context, widget: Widget, view: View, scope: Scope) {
  const board = await targetLeaderboard(ctx.store, ctx.org, view.range, { today: ctx.today });
  // Ranked among every rep, then cut to the visible rows (GET /goals/leaderboard does the same).
  const rows = board.entries
    .filter((entry) => canSeeRep(ctx.visibility, entry.rep_id))
    .filter((entry) =>
      scope.kind === 'rep'
        ? entry.rep_id === scope.id
        : scope.kind === 'team'
          ? entry.team === scope.name
          : true,
    )
    .slice(0, widget.config.limit ?? 10);
  if (rows.length === 0) return note('No data for this period.');
  return {
    kind: 'table' as const,
    columns: ['#', 'Rep', 'Team', 'Attainment', 'Targets achieved'],
    rows: rows.map((entry) => [
      String(entry.rank),
      entry.name,
      entry.team ?? '',
      formatValue(entry.attainment, 'ratio', money(ctx)),
      `${entry.achieved} of ${entry.targets}`,
    ]),
  };
}

async function itemOf(ctx: Context, widget: Widget): Promise<SnapshotItem> {
  const view = viewOf(ctx, widget);
  const scope = scopeOf(ctx, widget);
  const base = { id: widget.id, title: titleOf(widget), link: linkOf(ctx, view, scope) };
  if (!canSeeScope(ctx.visibility, scope) && widget.type !== 'text_note' && widget.type !== 'goal_progress') {
    return { ...base, ...note(HIDDEN_SCOPE) };
  }
  switch (widget.type) {
    case 'kpi_card':
      return { ...base, ...(await kpiCard(ctx, widget, view, scope)) };
    case 'line_chart':
    case 'bar_chart':
      return { ...base, ...(await timeChart(ctx, widget, view, scope)) };
    case 'breakdown_bar':
      return { ...base, ...(await breakdownBar(ctx, widget, view, scope)) };
    case 'pie_chart':
    case 'funnel':
      return { ...base, ...(await breakdown(ctx, widget, view, scope)) };
    case 'team_table':
      return { ...base, ...(await teamTable(ctx, widget, view, scope)) };
    case 'leaderboard':
      return { ...base, ...(await leaderboard(ctx, widget, view, scope)) };
    case 'target_leaderboard':
      return { ...base, ...(await targetBoard(ctx, widget, view, scope)) };
    case 'goal_progress': {
      const { title, item } = await goalProgress(ctx, widget);
      const link = widget.config.goalId === undefined ? base.link : `/goals?goal=${widget.config.goalId}`;
      return { ...base, title: widget.title?.trim() || title || base.title, link, ...item };
    }
    case 'text_note':
      return { ...base, ...note(widget.config.text ?? '') };
  }
}

/** The widgets in reading order: top to bottom, then left to right, as the grid shows them. */
const readingOrder = (widgets: readonly Widget[]): Widget[] =>
  [...widgets].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);

async function dashboardFor(
  store: Store,
  org: OrgRecord,
  dashboardId: number | null,
  as: Principal,
): Promise<Dashboard> {
  if (dashboardId !== null) return dashboardOf(store, org.id, dashboardId, as);
  const all = await dashboardsOf(store, org.id, as);
  const found = all.find((d) => d.isDefault) ?? all[0];
  if (!found) throw notFound('dashboard', 'default', 'id');
  return found;
}

/**
 * A dashboard's widgets as formatted figures, charts, tables and notes for one period and scope,
 * computed by the services the API uses and seen as `as` sees them: a dashboard `as` may not see
 * is 404, a rep scope they may not see is 403, and rep rows they may not see are left out. The
 * digest, the PDF and the widget PNG all draw this.
 */
export async function dashboardSnapshot(
  store: Store,
  org: OrgRecord,
  dashboardId: number | null,
  period: ResolvedPeriod,
  as: Principal,
  options: SnapshotOptions = {},
): Promise<DashboardSnapshot> {
  const now = options.now ?? Date.now();
  const scope = options.scope ?? ORG_SCOPE;
  const compare = options.compare ?? 'previous';
  const [dashboard, visibility, reps] = await Promise.all([
    dashboardFor(store, org, dashboardId, as),
    visibilityOf(store, org, as),
    loadReps(store.db, org.id),
  ]);
  assertScopeVisible(visibility, scope);
  const view: View = {
    range: period.range,
    compared: compareRange(period.range, period.previous, compare),
    toDate: period.toDate,
  };
  const ctx: Context = {
    store,
    org,
    as,
    visibility,
    reps: reps.map(({ id, name, team }) => ({ id, name, team })),
    view,
    scope,
    compare,
    today: localEpochDay(now, org.timezone),
    dashboardId: dashboard.id,
    reports: new Map(),
  };
  const widgets = readingOrder(dashboard.widgets).filter(
    (widget) => options.widgetId === undefined || widget.id === options.widgetId,
  );
  if (options.widgetId !== undefined && widgets.length === 0) {
    throw notFound('widget', options.widgetId, 'widgetId');
  }
  const items = await Promise.all(widgets.map((widget) => itemOf(ctx, widget)));
  return {
    dashboardId: dashboard.id,
    title: dashboard.name,
    periodLabel: periodText(period.range, period.toDate),
    comparedWith: `compared with ${compare === 'last-year' ? 'the same period last year, ' : ''}${rangeText(view.compared)}`,
    scopeLabel: scopeLabel(ctx.reps, scope),
    generatedAt: instantText(now, org.timezone),
    currency: org.currency,
    items,
  };
}
