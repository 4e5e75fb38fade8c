import type { Principal } from '../../core/access/principal.ts';
import { isAdminRole } from '../../core/access/roles.ts';
import { formatEpochDay } from '../../core/calendar-date.ts';
import type { GoalTarget } from '../../core/contracts/goals.ts';
import { formatValue } from '../../core/format.ts';
import { neededPace, neededPaceText, type PaceUnit } from '../../core/goals/pace-text.ts';
import { METRICS, type MetricKey } from '../../core/kpis/definitions.ts';
import type { ReportScope } from '../../core/kpis/report.ts';
import { currencyDigits, minorToMajor } from '../../core/money.ts';
import { type DayRange, previousPeriod, rangeInstants } from '../../core/periods.ts';
import { formatScope, type Scope } from '../../core/scope.ts';
import type { Store } from '../../db/database.ts';
import { dealsMoved } from '../../db/digests-repo.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { listGoals } from '../goals/goals-service.ts';
import { listTasks } from '../goals/tasks-service.ts';
import { kpiReport } from '../kpis/kpi-report.ts';
import { changeText, instantText, statusText } from '../render/snapshot-text.ts';
import type { DashboardSnapshot, FigureItem, SnapshotItem } from '../render/snapshot-types.ts';
import { periodText } from './digest-mail.ts';

/**
 * The built-in "My week" (a digest whose dashboard is null), built as its recipient (docs/digests.md):
 * a rep's own KPIs against the period before, own targets with their pace, own open tasks due in the
 * coming week or overdue, and own deals created, won or lost in the period; a manager's the same for
 * the teams they manage; an owner or admin the organisation's. A viewer, and a plain address outside
 * the organisation, get the organisation's KPIs only: no rep's name or number.
 */

/** The KPIs a week is read by: the headline of each rep-level family. */
export const MY_WEEK_METRICS: readonly MetricKey[] = [
  'revenue',
  'deals_won',
  'units',
  'new_opportunities',
  'new_leads',
  'emails_sent',
  'email_open_rate',
  'avg_sales_cycle_days',
  'new_customers',
];

interface Audience {
  /** The scopes whose KPIs are shown. */
  scopes: Scope[];
  /** The reps whose targets, tasks and deals are listed (none: aggregates only). */
  repIds: string[];
  /** Whether targets of the organisation and teams belong in it (owners and admins). */
  orgTargets: boolean;
}

function audienceOf(principal: Principal, reps: readonly { id: string; team: string | null }[]): Audience {
  if (principal.share === null && isAdminRole(principal.role))
    return { scopes: [{ kind: 'org' }], repIds: reps.map((r) => r.id), orgTargets: true };
  if (principal.role === 'manager' && principal.teams.length > 0) {
    const teams = new Set(principal.teams);
    const repIds = reps.filter((r) => r.team !== null && teams.has(r.team)).map((r) => r.id);
    if (principal.repId !== null && !repIds.includes(principal.repId)) repIds.push(principal.repId);
    return { scopes: principal.teams.map((name) => ({ kind: 'team', name })), repIds, orgTargets: false };
  }
  if ((principal.role === 'rep' || principal.role === 'manager') && principal.repId !== null)
    return { scopes: [{ kind: 'rep', id: principal.repId }], repIds: [principal.repId], orgTargets: false };
  return { scopes: [{ kind: 'org' }], repIds: [], orgTargets: false };
}

const scopeValues = (
  report: { org: ReportScope; teams: Record<string, ReportScope>; reps: Record<string, ReportScope> },
  scope: Scope,
): ReportScope | undefined =>
  scope.kind === 'org'
    ? report.org
    : scope.kind === 'team'
      ? report.teams[scope.name]
      : report.reps[scope.id];

const scopeTitle = (scope: Scope, repNames: ReadonlyMap<string, string>): string =>
  scope.kind === 'org'
    ? 'Organisation'
    : scope.kind === 'team'
      ? `Team ${scope.name}`
      : (repNames.get(scope.id) ?? scope.id);

const q = encodeURIComponent;

/** Whether a target is one of the audience's own: a rep's, a managed team's, or (admins) any. */
function ownTarget(target: GoalTarget, audience: Audience): boolean {
  if (audience.orgTargets) return true;
  if (target.scope === null) return false;
  return (
    audience.scopes.some((s) => s.kind !== 'org' && formatScope(s) === target.scope) ||
    audience.repIds.some((id) => target.scope === `rep:${id}`)
  );
}

export interface MyWeekOptions {
  /** Epoch ms of "now": today (for tasks and pace) is its day in the organisation's zone. */
  now: number;
  today: number;
}

/** "My week" for `as`, over `period`, as a snapshot the digest e-mail and PDF draw like a dashboard's. */
export async function myWeekSnapshot(
  store: Store,
  org: OrgRecord,
  period: DayRange,
  as: Principal,
  options: MyWeekOptions,
): Promise<DashboardSnapshot> {
  const reps = await loadReps(store.db, org.id);
  const repNames = new Map(reps.map((r) => [r.id, r.name]));
  const audience = audienceOf(as, reps);
  const previous = previousPeriod(period);
  const [report, before] = await Promise.all([
    kpiReport(store, org, period),
    kpiReport(store, org, previous),
  ]);
  const fmt = { locale: 'en' as const, currency: org.currency };
  const periodQuery = `from=${formatEpochDay(period.from)}&to=${formatEpochDay(period.to)}`;
  const items: SnapshotItem[] = [];
  for (const scope of audience.scopes) {
    const now = scopeValues(report, scope);
    const then = scopeValues(before, scope);
    const title =
      audience.scopes.length > 1 || scope.kind !== 'rep' ? ` — ${scopeTitle(scope, repNames)}` : '';
    for (const metric of MY_WEEK_METRICS) {
      const value = now?.[metric] ?? null;
      const old = then?.[metric] ?? null;
      // Worded as the dashboard's KPI cards word it (render/snapshot-text.ts).
      const change = changeText(value, old, METRICS[metric].unit, METRICS[metric].direction);
      const figure: FigureItem = {
        kind: 'figure',
        id: `${formatScope(scope)}:${metric}`,
        title: `${METRICS[metric].label.en}${title}`,
        link: `/?${periodQuery}&scope=${q(formatScope(scope))}`,
        metric,
        value: formatValue(value, METRICS[metric].unit, fmt),
        previous: old === null ? null : formatValue(old, METRICS[metric].unit, fmt),
        change: change?.change ?? null,
        good: change?.good ?? null,
      };
      items.push(figure);
    }
  }
  if (audience.repIds.length > 0 || audience.orgTargets) {
    const goals = await listGoals(store, org, {}, { as, today: options.today, now: options.now });
    const rows: string[][] = [];
    for (const goal of goals.goals)
      for (const target of goal.targets) {
        if (!ownTarget(target, audience) || target.status === 'not_started') continue;
        const need = neededPace(target.status, target.pacing, target.unit as PaceUnit, fmt);
        const unit = target.unit === 'progress' || target.unit === 'boolean' ? 'number' : target.unit;
        const known = ['money', 'count', 'ratio', 'days', 'reps', 'number'].includes(unit);
        const show = (v: number | null) =>
          known ? formatValue(v, unit as (typeof METRICS)[MetricKey]['unit'], fmt) : String(v ?? '—');
        rows.push([
          `${goal.name}: ${target.name}`,
          target.scope ?? '',
          `${show(target.current_value)} / ${show(target.target_value)}`,
          statusText(target.status),
          neededPaceText(need, 'en'),
        ]);
      }
    items.push({
      kind: 'table',
      id: 'targets',
      title: 'Targets and pace',
      link: '/goals',
      columns: ['Target', 'Scope', 'Now / target', 'Status', 'Needed'],
      rows: rows.length > 0 ? rows : [['No running targets', '', '', '', '']],
    });
  }
  if (audience.repIds.length > 0) {
    const repSet = new Set(audience.repIds);
    const tasks = await listTasks(
      store,
      org,
      { status: 'open', due_to: formatEpochDay(options.today + 6), limit: 200 },
      { as, today: options.today, now: options.now },
    );
    const taskRows = tasks.tasks
      .filter((t) => t.assignee_rep_id !== null && repSet.has(t.assignee_rep_id))
      .map((t) => [
        t.title,
        t.assignee_name ?? t.assignee_rep_id ?? '',
        t.due_date ?? '',
        t.overdue ? 'overdue' : 'due',
      ]);
    items.push({
      kind: 'table',
      id: 'tasks',
      title: 'Tasks due this week and overdue',
      link:
        audience.repIds.length === 1
          ? `/tasks?assignee=${q(audience.repIds[0]!)}&status=open`
          : '/tasks?status=open',
      columns: ['Task', 'For', 'Due', 'State'],
      rows: taskRows.length > 0 ? taskRows : [['Nothing due', '', '', '']],
    });
    const window = rangeInstants(period, org.timezone);
    const deals = await dealsMoved(store.db, org.id, audience.repIds, window);
    const digits = currencyDigits(org.currency) ?? 2;
    const inPeriod = (t: number | null) => t !== null && t >= window.start && t < window.end;
    const dealRows = deals.map((d) => {
      const moved = [
        inPeriod(d.createdAt) ? 'created' : null,
        d.status !== 'open' && inPeriod(d.closedAt) ? d.status : null,
      ]
        .filter((w): w is string => w !== null)
        .join(', ');
      return [
        d.name ?? d.id,
        d.ownerRepId === null ? '' : (repNames.get(d.ownerRepId) ?? d.ownerRepId),
        moved,
        d.amount === null ? '—' : formatValue(minorToMajor(d.amount, digits), 'money', fmt),
      ];
    });
    items.push({
      kind: 'table',
      id: 'deals',
      title: 'Deals that moved',
      link: '/data',
      columns: ['Deal', 'Owner', 'What happened', 'Amount'],
      rows: dealRows.length > 0 ? dealRows : [['No deal moved', '', '', '']],
    });
  }
  return {
    dashboardId: 0,
    title: 'My week',
    periodLabel: periodText(period),
    comparedWith: `compared with ${periodText(previous)}`,
    scopeLabel: audience.scopes.map((s) => scopeTitle(s, repNames)).join(', '),
    generatedAt: instantText(options.now, org.timezone),
    currency: org.currency,
    items,
  };
}
