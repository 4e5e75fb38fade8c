import type {
  ACTIVITY_KINDS,
  ALERT_COMPARISONS,
  ALERT_PERIODS,
  AlertCondition,
  AlertKind,
  AlertRuleItem,
  WATCHED_STATUSES,
} from '../../../../src/core/contracts/alerts.ts';
import type { MetricKey, MetricUnit } from '../../api/types.ts';
import type { AlertRuleBody } from '../../api/use-alerts.ts';
import type { Translate } from '../../i18n/i18n-context.tsx';
import type { Plural } from '../../i18n/translate.ts';

export type AlertPeriod = (typeof ALERT_PERIODS)[number];
export type AlertComparison = (typeof ALERT_COMPARISONS)[number];
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export type WatchedStatus = (typeof WATCHED_STATUSES)[number];

/** What the dashboard's KPI card hands the dialog: the metric, scope and period it shows. */
export interface AlertInitial {
  metric?: string;
  scope?: string;
  period?: AlertPeriod;
}

/**
 * The alert form's values, one input each. Amounts are as the reader types them: money in the org's
 * currency (major units, as the API takes them), a rate in percent (the API takes a fraction).
 */
export interface AlertValues {
  name: string;
  kind: AlertKind;
  metric: MetricKey | null;
  period: AlertPeriod;
  operator: 'above' | 'below';
  value: number | '';
  against: AlertComparison;
  direction: 'up' | 'down';
  percent: number | '';
  /** A target's id as text (a Select's value), or null for every KPI target in the scope. */
  targetId: string | null;
  statuses: WatchedStatus[];
  days: number | '';
  activity: ActivityKind;
  removedAtLeast: number | '';
  scope: string;
  createTask: boolean;
  users: string[];
  teams: string[];
  enabled: boolean;
}

export type { AlertRuleBody };

// Twelve significant digits: 3.1 % is 0.031, not 0.031000000000000003, and back again.
const tidy = (n: number): number => Number(n.toPrecision(12));

/** An amount as typed (percent for a rate) → the API's unit (a fraction for a rate). */
export const toApiValue = (shown: number, unit: MetricUnit | undefined): number =>
  unit === 'ratio' ? tidy(shown / 100) : shown;

/** The API's amount → as the reader types it. */
export const toShownValue = (api: number, unit: MetricUnit | undefined): number =>
  unit === 'ratio' ? tidy(api * 100) : api;

const isMetric = (text: string | undefined, known: readonly string[]): text is MetricKey =>
  text !== undefined && known.includes(text);

export function newAlertValues(
  initial: AlertInitial | undefined,
  metricKeys: readonly string[],
): AlertValues {
  return {
    name: '',
    kind: 'threshold',
    metric: isMetric(initial?.metric, metricKeys) ? initial.metric : null,
    period: initial?.period ?? 'month',
    operator: 'above',
    value: '',
    against: 'previous',
    direction: 'down',
    percent: 10,
    targetId: null,
    statuses: ['at_risk', 'off_track'],
    days: 7,
    activity: 'any',
    removedAtLeast: 0,
    scope: initial?.scope ?? 'org',
    createTask: false,
    users: [],
    teams: [],
    enabled: true,
  };
}

/** A saved rule's values, its amount shown in the metric's unit. */
export function ruleValues(
  rule: AlertRuleItem,
  unitOf: (metric: MetricKey) => MetricUnit | undefined,
): AlertValues {
  const base: AlertValues = {
    ...newAlertValues(undefined, []),
    name: rule.name,
    kind: rule.condition.kind,
    scope: rule.scope,
    createTask: rule.createTask,
    users: rule.recipients.users,
    teams: rule.recipients.teams,
    enabled: rule.enabled,
  };
  const c = rule.condition;
  switch (c.kind) {
    case 'threshold':
      return {
        ...base,
        metric: c.metric,
        period: c.period,
        operator: c.operator,
        value: toShownValue(c.value, unitOf(c.metric)),
      };
    case 'change':
      return {
        ...base,
        metric: c.metric,
        period: c.period,
        against: c.against,
        direction: c.direction,
        percent: c.percent,
      };
    case 'target-status':
      return { ...base, targetId: c.targetId === null ? null : String(c.targetId), statuses: c.statuses };
    case 'inactivity':
      return { ...base, days: c.days, activity: c.activity };
    case 'import':
      return { ...base, removedAtLeast: c.removedAtLeast };
  }
}

const typed = (value: number | ''): number | undefined => (value === '' ? undefined : value);

/** The condition of the chosen kind only: the contract refuses fields of another kind. */
export function conditionOf(values: AlertValues, unit: MetricUnit | undefined): AlertRuleBody['condition'] {
  switch (values.kind) {
    case 'threshold':
      return {
        kind: 'threshold',
        metric: values.metric ?? undefined,
        period: values.period,
        operator: values.operator,
        value: values.value === '' ? undefined : toApiValue(values.value, unit),
      };
    case 'change':
      return {
        kind: 'change',
        metric: values.metric ?? undefined,
        period: values.period,
        against: values.against,
        direction: values.direction,
        percent: typed(values.percent),
      };
    case 'target-status':
      return {
        kind: 'target-status',
        targetId: values.targetId === null ? null : Number(values.targetId),
        statuses: values.statuses,
      };
    case 'inactivity':
      return { kind: 'inactivity', days: typed(values.days), activity: values.activity };
    case 'import':
      return { kind: 'import', removedAtLeast: typed(values.removedAtLeast) };
  }
}

export function alertBody(values: AlertValues, unit: MetricUnit | undefined): AlertRuleBody {
  return {
    name: values.name.trim(),
    condition: conditionOf(values, unit),
    scope: values.scope,
    createTask: values.createTask,
    recipients: { users: values.users, teams: values.teams },
    enabled: values.enabled,
  };
}

/** How the words of a condition name its parts: the metric's label, an amount in its unit, a target. */
export interface ConditionWords {
  t: Translate;
  plural: Plural;
  metricLabel: (metric: MetricKey) => string;
  /** An amount in the API's unit (a rate as a fraction), as the app shows the metric. */
  amount: (value: number, metric: MetricKey) => string;
  targetName: (id: number) => string | undefined;
}

/**
 * A condition in words ("Deals won above 12 this month"): the rule's description on the alerts
 * page, and the name a new rule is given until the reader types their own. Null while a part is
 * missing (no metric picked yet).
 */
export function conditionText(
  condition: AlertRuleBody['condition'] | AlertCondition,
  words: ConditionWords,
): string | null {
  const { t, plural } = words;
  const c = condition as Record<string, unknown>;
  const metric = typeof c.metric === 'string' ? (c.metric as MetricKey) : null;
  switch (condition.kind) {
    case 'threshold': {
      if (!metric || typeof c.value !== 'number') return null;
      return t(c.operator === 'below' ? 'alerts.words.below' : 'alerts.words.above', {
        metric: words.metricLabel(metric),
        value: words.amount(c.value, metric),
        period: t(`alerts.periodWords.${c.period as AlertPeriod}`),
      });
    }
    case 'change': {
      if (!metric || typeof c.percent !== 'number') return null;
      return t(c.direction === 'up' ? 'alerts.words.up' : 'alerts.words.down', {
        metric: words.metricLabel(metric),
        percent: c.percent,
        period: t(`alerts.periodWords.${c.period as AlertPeriod}`),
        against: t(`alerts.againstWords.${c.against as AlertComparison}`),
      });
    }
    case 'target-status': {
      const statuses = Array.isArray(c.statuses) ? (c.statuses as WatchedStatus[]) : [];
      if (statuses.length === 0) return null;
      const id = typeof c.targetId === 'number' ? c.targetId : null;
      const target = id === null ? t('alerts.words.anyTarget') : (words.targetName(id) ?? `#${id}`);
      return t('alerts.words.status', {
        target,
        statuses: statuses.map((status) => t(`status.${status}`).toLowerCase()).join(' / '),
      });
    }
    case 'inactivity': {
      if (typeof c.days !== 'number') return null;
      return plural(`alerts.words.inactivity.${c.activity as ActivityKind}`, c.days);
    }
    case 'import': {
      const removed = typeof c.removedAtLeast === 'number' ? c.removedAtLeast : 0;
      return removed > 0 ? plural('alerts.words.importRemoved', removed) : t('alerts.words.importFailed');
    }
  }
}
