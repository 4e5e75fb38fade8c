import {
  behindPace,
  changeCrossed,
  daysInactive,
  inactivityCrossed,
  relativeChange,
  thresholdCrossed,
} from '../../core/alerts/alert-checks.ts';
import { type AlertPeriod, alertPeriod } from '../../core/alerts/alert-periods.ts';
import {
  type AlertText,
  changeText,
  inactivityText,
  kpiLink,
  metricLabel,
  targetLink,
  targetText,
  thresholdText,
} from '../../core/alerts/alert-texts.ts';
import type { AlertCondition } from '../../core/contracts/alerts.ts';
import type { Goal, GoalTarget } from '../../core/contracts/goals.ts';
import { neededPace, type PaceUnit } from '../../core/goals/pace-text.ts';
import type { MetricKey } from '../../core/kpis/definitions.ts';
import { factPartsFor } from '../../core/kpis/metric-inputs.ts';
import { buildReport, type KpiReport, type RepInfo } from '../../core/kpis/report.ts';
import type { DayRange } from '../../core/periods.ts';
import { formatScope, parseScope, type Scope, scopeSlice, teamMembers } from '../../core/scope.ts';
import { lastActivityDays } from '../../db/alert-rules-repo.ts';
import type { Store } from '../../db/database.ts';
import { type FactPart, loadPeriodFacts } from '../../db/kpi-facts.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { listGoals } from '../goals/goals-service.ts';
import type { AlertRule } from './alert-rule-model.ts';

/**
 * What each rule finds now, per subject: whether its condition holds, the figure it was decided on,
 * and how to say it. Every KPI figure is the KPI report's (buildReport over loadPeriodFacts, as
 * GET /kpis?period=P&asof=today computes it), each period loaded once for every rule that watches
 * it; every target status is the one GET /goals shows (listGoals); the inactivity of all reps is one
 * grouped query of the daily rollup.
 */

export interface Finding {
  rule: AlertRule;
  /** `org`, `team:<name>`, `rep:<id>`, `target:<id>`, `import:<id>`. */
  subject: string;
  crossed: boolean;
  value: number | null;
  link: string;
  /** The rep whose own numbers the alert tells, if any: only those who may see the rep hear it. */
  subjectRep: string | null;
  /** A private goal's target: its maker (or null) and the admins alone hear it. */
  privateTo?: string | null;
  text(): AlertText;
  /** The task a rule with createTask makes: assigned to this rep, linked to this target. */
  task: { assignee: string | null; targetId: number | null } | null;
}

type Kpi = Extract<AlertCondition, { kind: 'threshold' | 'change' }>;
type RangeKind = 'current' | 'previous' | 'lastYear';

const rangeKey = (range: DayRange) => `${range.from}..${range.to}`;

export function scopeLabel(scope: Scope, org: OrgRecord, reps: readonly RepInfo[]): string {
  if (scope.kind === 'org') return org.name;
  if (scope.kind === 'team') return `team ${scope.name}`;
  return reps.find((rep) => rep.id === scope.id)?.name ?? `rep ${scope.id}`;
}

/** "Jakarta", "Budi Santoso", "Acme": how a target's scope starts its label ("Jakarta revenue"). */
function shortScope(scopeText: string | null, org: OrgRecord, reps: readonly RepInfo[]): string | null {
  if (scopeText === null) return null;
  const parsed = parseScope(scopeText);
  if (!parsed.ok) return null;
  const scope = parsed.scope;
  if (scope.kind === 'team') return scope.name;
  return scopeLabel(scope, org, reps);
}

/**
 * The KPI reports the rules need: one per distinct range (every scope of a period is in its one
 * report), each loading only the fact parts its watched metrics read.
 */
async function loadReports(
  store: Store,
  org: OrgRecord,
  reps: readonly RepInfo[],
  wants: Map<string, { range: DayRange; previous: DayRange | null; parts: Set<FactPart> }>,
): Promise<Map<string, KpiReport>> {
  const entries = await Promise.all(
    [...wants].map(async ([key, want]) => {
      const facts = await loadPeriodFacts(store.db, org.id, want.range, org.timezone, {
        parts: want.parts,
        shared: { reps },
        ...(want.previous ? { previous: want.previous } : {}),
      });
      return [key, buildReport(facts, org, { toDate: want.previous !== null })] as const;
    }),
  );
  return new Map(entries);
}

const valueIn = (report: KpiReport | undefined, scope: Scope, metric: MetricKey): number | null =>
  (report && scopeSlice(report, scope)?.[metric]) ?? null;

async function kpiFindings(
  store: Store,
  org: OrgRecord,
  rules: readonly AlertRule[],
  reps: readonly RepInfo[],
  today: number,
): Promise<Finding[]> {
  const kpiRules = rules.filter(
    (rule): rule is AlertRule & { condition: Kpi } =>
      rule.condition.kind === 'threshold' || rule.condition.kind === 'change',
  );
  if (kpiRules.length === 0) return [];
  const periods = new Map<string, AlertPeriod>();
  const wants = new Map<string, { range: DayRange; previous: DayRange | null; parts: Set<FactPart> }>();
  const want = (range: DayRange, previous: DayRange | null, metric: MetricKey) => {
    const key = rangeKey(range);
    const entry = wants.get(key) ?? { range, previous, parts: new Set<FactPart>() };
    // A range that is a watched period to date keeps its cut previous period (KPI-SPEC §3).
    if (previous) entry.previous = previous;
    for (const part of factPartsFor(metric)) entry.parts.add(part);
    wants.set(key, entry);
  };
  for (const rule of kpiRules) {
    const kind = rule.condition.period;
    const period = periods.get(kind) ?? alertPeriod(kind, today);
    periods.set(kind, period);
    want(period.range, period.previous, rule.condition.metric);
    if (rule.condition.kind === 'change') {
      const base = rule.condition.against === 'previous' ? period.previous : period.lastYear;
      want(base, null, rule.condition.metric);
    }
  }
  const reports = await loadReports(store, org, reps, wants);
  const rangeOf = (period: AlertPeriod, which: RangeKind) => period[which === 'current' ? 'range' : which];
  return kpiRules.map((rule): Finding => {
    const c = rule.condition;
    const period = periods.get(c.period)!;
    const value = valueIn(reports.get(rangeKey(period.range)), rule.scope, c.metric);
    const scopeText = formatScope(rule.scope);
    const figure = {
      metric: c.metric,
      scopeLabel: scopeLabel(rule.scope, org, reps),
      periodName: period.name,
      range: period.range,
      value: value ?? 0,
      currency: org.currency,
    };
    const common = {
      rule,
      subject: scopeText,
      link: kpiLink(period.name, scopeText, c.metric),
      subjectRep: rule.scope.kind === 'rep' ? rule.scope.id : null,
      task: rule.createTask
        ? { assignee: rule.scope.kind === 'rep' ? rule.scope.id : null, targetId: null }
        : null,
    };
    if (c.kind === 'threshold') {
      return {
        ...common,
        crossed: thresholdCrossed(value, c.operator, c.value),
        value,
        text: () => thresholdText(figure, c),
      };
    }
    const baseRange = rangeOf(period, c.against === 'previous' ? 'previous' : 'lastYear');
    const base = valueIn(reports.get(rangeKey(baseRange)), rule.scope, c.metric);
    const change = relativeChange(value, base);
    return {
      ...common,
      crossed: changeCrossed(change, c.direction, c.percent),
      value,
      text: () => changeText(figure, c, { value: base ?? 0, range: baseRange, change: change ?? 0 }),
    };
  });
}

const PACE_UNITS: readonly string[] = [
  'money',
  'count',
  'ratio',
  'days',
  'reps',
  'number',
  'boolean',
  'progress',
];
const paceUnit = (unit: string): PaceUnit => (PACE_UNITS.includes(unit) ? (unit as PaceUnit) : 'number');

/** Whether a target belongs to a rule's scope: the organisation's rule watches every KPI target. */
function targetInScope(target: GoalTarget, scope: Scope, reps: readonly RepInfo[]): boolean {
  if (scope.kind === 'org') return true;
  if (target.scope === null) return false;
  if (target.scope === formatScope(scope)) return true;
  if (scope.kind !== 'team') return false;
  const parsed = parseScope(target.scope);
  return (
    parsed.ok &&
    parsed.scope.kind === 'rep' &&
    teamMembers(reps, scope.name).some(
      (rep) => parsed.ok && parsed.scope.kind === 'rep' && rep.id === parsed.scope.id,
    )
  );
}

async function targetFindings(
  store: Store,
  org: OrgRecord,
  rules: readonly AlertRule[],
  reps: readonly RepInfo[],
  today: number,
  now: number,
): Promise<Finding[]> {
  const statusRules = rules.filter(
    (rule): rule is AlertRule & { condition: Extract<AlertCondition, { kind: 'target-status' }> } =>
      rule.condition.kind === 'target-status',
  );
  if (statusRules.length === 0) return [];
  // The very statuses the goals page shows: a pace alert agrees with the app by construction.
  const { goals } = await listGoals(store, org, {}, { today, now });
  const targets: { goal: Goal; target: GoalTarget }[] = goals.flatMap((goal) =>
    goal.targets.map((target) => ({ goal, target })),
  );
  const out: Finding[] = [];
  for (const rule of statusRules) {
    const c = rule.condition;
    const watched = new Set<string>(c.statuses);
    const mine =
      c.targetId !== null
        ? targets.filter(({ target }) => target.id === c.targetId)
        : targets.filter(({ target }) => target.kind === 'kpi' && targetInScope(target, rule.scope, reps));
    for (const { goal, target } of mine) {
      const scope = target.scope === null ? null : parseScope(target.scope);
      const targetRep = scope?.ok && scope.scope.kind === 'rep' ? scope.scope.id : null;
      const short = target.kind === 'kpi' ? shortScope(target.scope, org, reps) : null;
      const label =
        short !== null && target.metric !== null
          ? `${short} ${metricLabel(target.metric).toLowerCase()}`
          : target.name;
      const status = target.status;
      const crossed = watched.has(status);
      const unit = paceUnit(target.unit);
      out.push({
        rule,
        subject: `target:${target.id}`,
        crossed,
        value: target.progress,
        link: targetLink(target.id),
        subjectRep: targetRep ?? goal.owner_rep_id,
        ...(goal.isPrivate ? { privateTo: goal.createdBy } : {}),
        text: () =>
          targetText({
            label,
            status: status as 'at_risk' | 'off_track' | 'achieved' | 'missed',
            unit: unit === 'progress' || unit === 'boolean' ? unit : target.kind === 'kpi' ? unit : 'number',
            current: target.current_value,
            target: target.target_value,
            progress: target.progress,
            expected: target.pacing.expected,
            behind: behindPace(target.progress, target.pacing.expected),
            needed: neededPace(status, target.pacing, unit, { locale: 'en', currency: org.currency }),
            to: target.to,
            currency: org.currency,
          }),
        task: rule.createTask ? { assignee: goal.owner_rep_id ?? targetRep, targetId: target.id } : null,
      });
    }
  }
  return out;
}

/** Reps a rule watches for inactivity: the scope's reps active today. */
function watchedReps(scope: Scope, reps: readonly RepInfo[], today: number): RepInfo[] {
  const inScope =
    scope.kind === 'org'
      ? reps
      : scope.kind === 'team'
        ? teamMembers(reps, scope.name)
        : reps.filter((rep) => rep.id === scope.id);
  return inScope.filter(
    (rep) =>
      (rep.startedOn === null || rep.startedOn <= today) && (rep.endedOn === null || rep.endedOn >= today),
  );
}

async function inactivityFindings(
  store: Store,
  rules: readonly AlertRule[],
  reps: readonly RepInfo[],
  today: number,
): Promise<Finding[]> {
  const idle = rules.filter(
    (rule): rule is AlertRule & { condition: Extract<AlertCondition, { kind: 'inactivity' }> } =>
      rule.condition.kind === 'inactivity',
  );
  if (idle.length === 0) return [];
  const last = await lastActivityDays(store.db, idle[0]!.orgId, today);
  const out: Finding[] = [];
  for (const rule of idle) {
    const c = rule.condition;
    for (const rep of watchedReps(rule.scope, reps, today)) {
      const seen = last.get(rep.id);
      const days = [
        c.activity !== 'email-sent' ? (seen?.deal ?? null) : null,
        c.activity !== 'deal-created' ? (seen?.email ?? null) : null,
      ].filter((d): d is number => d !== null);
      const lastDay = days.length === 0 ? null : Math.max(...days);
      const inactive = daysInactive(lastDay, rep.startedOn, today);
      const subject = `rep:${rep.id}`;
      out.push({
        rule,
        subject,
        crossed: inactivityCrossed(inactive, c.days),
        value: inactive,
        link: kpiLink(
          alertPeriod('month', today).name,
          subject,
          c.activity === 'email-sent' ? 'emails_sent' : 'new_opportunities',
        ),
        subjectRep: rep.id,
        text: () =>
          inactivityText({ repName: rep.name, days: inactive, lastDay, activity: c.activity, limit: c.days }),
        task: rule.createTask ? { assignee: rep.id, targetId: null } : null,
      });
    }
  }
  return out;
}

/** Every finding of the rules (import rules excepted: they answer an import's end). */
export async function findingsOf(
  store: Store,
  org: OrgRecord,
  rules: readonly AlertRule[],
  reps: readonly RepInfo[],
  today: number,
  now: number,
): Promise<Finding[]> {
  const [kpis, targets, idle] = await Promise.all([
    kpiFindings(store, org, rules, reps, today),
    targetFindings(store, org, rules, reps, today, now),
    inactivityFindings(store, rules, reps, today),
  ]);
  return [...kpis, ...targets, ...idle];
}
