import { isTargetMetric, METRICS, type MetricKey, type MetricUnit } from '../kpis/definitions.ts';
import { parseScope } from '../scope.ts';
import type { TargetDirection, TargetKind, TargetMeasure } from './progress.ts';

/**
 * What each kind of goal target is made of, checked before anything is written (docs/goals.md).
 * Pure: the caller supplies what only the database knows (does the scope exist, is there a quota).
 */

export interface TargetFields {
  kind: TargetKind;
  /** This target is the sales quota: it reads and writes the `targets` row of its key (docs/adr/0008). */
  is_quota: boolean;
  start_value: number | null;
  target_value: number | null;
  current_value: number | null;
  done: boolean;
  metric: string | null;
  scope: string | null;
  direction: TargetDirection;
  period_start: string | null;
  period_end: string | null;
}

/** The fields of a create or update request, as sent (undefined = not sent). */
export type SentFields = { [K in keyof Omit<TargetFields, 'kind'>]?: TargetFields[K] | undefined };

export interface RuleViolation {
  field: string;
  message: string;
}

const KIND_NOUN: Record<TargetKind, string> = {
  number: 'a number target',
  currency: 'a currency target',
  boolean: 'a true/false target',
  tasks: 'a tasks target',
  kpi: 'a KPI target',
};

/** Why a field does not belong to a kind; absent = the field is used by that kind. */
const NOT_KPI_QUOTA = 'only a KPI target can be a sales quota';
const FOREIGN: Record<TargetKind, Partial<Record<keyof SentFields, string>>> = {
  number: {
    is_quota: NOT_KPI_QUOTA,
    done: 'only true/false targets are done or not',
    metric: 'only KPI targets link to a metric',
    scope: 'only KPI targets have a scope',
  },
  currency: {
    is_quota: NOT_KPI_QUOTA,
    done: 'only true/false targets are done or not',
    metric: 'only KPI targets link to a metric',
    scope: 'only KPI targets have a scope',
  },
  boolean: {
    is_quota: NOT_KPI_QUOTA,
    start_value: 'a true/false target is done or not: send done',
    target_value: 'a true/false target is done or not: send done',
    current_value: 'a true/false target is done or not: send done',
    metric: 'only KPI targets link to a metric',
    scope: 'only KPI targets have a scope',
  },
  tasks: {
    is_quota: NOT_KPI_QUOTA,
    start_value: 'a tasks target counts the tasks linked to it',
    target_value: 'a tasks target counts the tasks linked to it',
    current_value: 'a tasks target counts the tasks linked to it',
    done: 'a tasks target counts the tasks linked to it',
    metric: 'only KPI targets link to a metric',
    scope: 'only KPI targets have a scope',
  },
  kpi: {
    current_value: "a KPI target's current value comes from the KPI engine",
    done: "a KPI target's current value comes from the KPI engine",
  },
};

/**
 * Whether a target could be a sales quota: a KPI target to reach (at_least) on a metric of
 * targets.csv. Only a target explicitly marked `is_quota` is one (docs/adr/0008); every other
 * target holds its own value, whatever its metric.
 */
export function canBeQuota(t: Pick<TargetFields, 'kind' | 'metric' | 'direction'>): boolean {
  return t.kind === 'kpi' && t.metric !== null && isTargetMetric(t.metric) && t.direction === 'at_least';
}

/** Why a value cannot be a start, target or current value of this kind of target (KPI: of its metric). */
export type ValueRule = 'negative_money' | 'negative' | 'whole' | 'share' | 'growth';

export interface ValueProblem {
  rule: ValueRule;
  message: string;
}

const VALUE_MESSAGES: Record<ValueRule, string> = {
  negative_money: 'an amount of money is never negative',
  negative: 'is never negative for this metric',
  whole: 'counts are whole numbers (0, 1, 2 …)',
  share: 'is a share between 0 and 1 (0% and 100%)',
  growth: 'a growth rate cannot fall below −1 (−100%)',
};

/**
 * The values a target of this kind can take, as KPI-SPEC holds targets.csv to non-negative values:
 * money never negative, counts whole and non-negative, rates between 0 and 1 (sales growth: from
 * −100%), durations, FTE and per-rep figures non-negative. A number target is any finite number (a
 * score can be negative). Returns null when the value is fine.
 */
export function valueProblem(kind: TargetKind, metric: string | null, value: number): ValueProblem | null {
  const problem = (rule: ValueRule): ValueProblem => ({ rule, message: VALUE_MESSAGES[rule] });
  if (kind === 'currency') return value < 0 ? problem('negative_money') : null;
  if (kind !== 'kpi' || metric === null || !(metric in METRICS)) return null;
  const { unit } = METRICS[metric as MetricKey];
  switch (unit) {
    case 'money':
      return value < 0 ? problem('negative_money') : null;
    case 'count':
      if (value < 0) return problem('negative');
      return Number.isInteger(value) ? null : problem('whole');
    case 'ratio':
      if (metric === 'sales_growth') return value < -1 ? problem('growth') : null;
      return value < 0 || value > 1 ? problem('share') : null;
    default:
      return value < 0 ? problem('negative') : null;
  }
}

/** The direction a KPI target gets when none is sent: the way the metric is good. */
export function defaultDirection(kind: TargetKind, metric: string | null): TargetDirection {
  if (kind !== 'kpi' || metric === null || !(metric in METRICS)) return 'at_least';
  return METRICS[metric as MetricKey].direction === 'down' ? 'at_most' : 'at_least';
}

export type TargetUnit = MetricUnit | 'boolean';

export function targetUnit(kind: TargetKind, metric: string | null): TargetUnit {
  if (kind === 'kpi' && metric !== null && metric in METRICS) return METRICS[metric as MetricKey].unit;
  if (kind === 'currency') return 'money';
  if (kind === 'boolean') return 'boolean';
  if (kind === 'tasks') return 'count';
  return 'number';
}

/** Whether linear pacing applies: typed numbers, task counts and summed KPIs build up over time. */
export function isCumulative(kind: TargetKind, metric: string | null): boolean {
  if (kind === 'kpi')
    return metric !== null && metric in METRICS && METRICS[metric as MetricKey].cumulative === true;
  return kind !== 'boolean';
}

const hasMoreDecimals = (value: number, digits: number): boolean => {
  const scaled = value * 10 ** digits;
  return Math.abs(scaled - Math.round(scaled)) > 1e-6 * Math.max(1, Math.abs(scaled));
};

export interface RuleContext {
  /** Decimals of the organisation's currency (currency targets are in its major unit). */
  currencyDigits: number;
  /** Why a scope cannot be used (unknown team or rep), or null when it exists. */
  scopeProblem(scope: string): string | null;
  /** Whether `targets` already holds the quota this target would reference (so no value is needed). */
  quotaExists: boolean;
}

/** The first start, target or current value the kind (or the KPI's unit) cannot take. */
function valuesViolation(merged: TargetFields): RuleViolation | null {
  for (const field of ['start_value', 'target_value', 'current_value'] as const) {
    const value = merged[field];
    if (value === null) continue;
    const problem = valueProblem(merged.kind, merged.metric, value);
    if (problem !== null) return { field, message: problem.message };
  }
  return null;
}

/**
 * Checks a target as it would be stored (`merged`) and the fields the client sent (`sent`), which
 * must belong to the kind. Returns the first violation, naming the field, or null.
 */
export function checkTarget(merged: TargetFields, sent: SentFields, ctx: RuleContext): RuleViolation | null {
  const { kind } = merged;
  for (const field of Object.keys(sent) as (keyof SentFields)[]) {
    const why = FOREIGN[kind][field];
    // "Not the quota" is true of every target: only is_quota: true is foreign to a non-KPI kind.
    if (field === 'is_quota' && sent.is_quota === false) continue;
    if (sent[field] !== undefined && why !== undefined) {
      return { field, message: `is not used by ${KIND_NOUN[kind]} (${why})` };
    }
  }
  if ((kind === 'boolean' || kind === 'tasks') && merged.direction === 'at_most') {
    return { field: 'direction', message: `${KIND_NOUN[kind]} can only be reached (at_least)` };
  }
  if ((merged.period_start === null) !== (merged.period_end === null)) {
    const field = merged.period_start === null ? 'period_start' : 'period_end';
    return { field, message: 'give both period_start and period_end, or neither (the goal’s period)' };
  }
  if (merged.period_start !== null && merged.period_end !== null && merged.period_end < merged.period_start) {
    return { field: 'period_end', message: `is before period_start ${merged.period_start}` };
  }
  if (kind === 'number' || kind === 'currency') {
    const values = valuesViolation(merged);
    if (values !== null) return values;
    if (merged.target_value === null)
      return { field: 'target_value', message: `is required for ${KIND_NOUN[kind]}` };
    if (kind === 'currency') {
      for (const field of ['start_value', 'target_value', 'current_value'] as const) {
        const value = merged[field];
        if (value !== null && hasMoreDecimals(value, ctx.currencyDigits)) {
          return {
            field,
            message: `has more decimals than the currency has (${ctx.currencyDigits}); currency values are in its major unit`,
          };
        }
      }
    }
    return null;
  }
  if (kind !== 'kpi') return null;
  if (merged.metric === null) return { field: 'metric', message: 'is required for a KPI target' };
  const metric = METRICS[merged.metric as MetricKey];
  if (metric === undefined)
    return { field: 'metric', message: `"${merged.metric}" is not a metric of the KPI catalogue` };
  const scope = merged.scope ?? 'org';
  const parsed = parseScope(scope);
  if (!parsed.ok) return { field: 'scope', message: parsed.reason };
  const problem = ctx.scopeProblem(scope);
  if (problem !== null) return { field: 'scope', message: problem };
  if (metric.orgOnly && parsed.scope.kind !== 'org') {
    return { field: 'scope', message: `${merged.metric} is defined for the organisation only` };
  }
  const values = valuesViolation(merged);
  if (values !== null) return values;
  if (merged.is_quota) {
    // Name the field the client changed: is_quota when it asked for the quota, else what it moved.
    const blame = (moved: keyof SentFields): string =>
      sent.is_quota === undefined && sent[moved] !== undefined ? moved : 'is_quota';
    if (!isTargetMetric(merged.metric)) {
      return {
        field: blame('metric'),
        message: `only revenue, units, deals_won and new_customers have sales quotas (targets.csv), not ${merged.metric}; send is_quota: false for a target of its own`,
      };
    }
    if (merged.direction !== 'at_least') {
      return {
        field: blame('direction'),
        message:
          'a sales quota is a level to reach (at_least), not a ceiling; send is_quota: false for a ceiling of its own',
      };
    }
    if (merged.start_value !== null) {
      return {
        field: 'start_value',
        message: 'a sales quota is measured from zero, like its attainment in the KPI report',
      };
    }
    if (merged.target_value === null && !ctx.quotaExists) {
      return {
        field: 'target_value',
        message: 'is required: there is no quota for this scope, metric and period yet',
      };
    }
    return null;
  }
  if (merged.target_value === null) return { field: 'target_value', message: 'is required for a KPI target' };
  return null;
}

/** What progress.ts needs for one target, from its stored fields and its measured current value. */
export function measureOf(input: {
  kind: TargetKind;
  metric: string | null;
  direction: TargetDirection;
  from: number;
  to: number;
  start: number | null;
  target: number | null;
  current: number | null;
  total?: number;
}): TargetMeasure {
  const base: TargetMeasure = {
    kind: input.kind,
    from: input.from,
    to: input.to,
    direction: input.direction,
    start: input.start ?? 0,
    target: input.target,
    current: input.current,
    cumulative: isCumulative(input.kind, input.metric),
  };
  if (input.kind === 'boolean') return { ...base, start: 0, target: 1 };
  if (input.kind === 'tasks') return { ...base, start: 0, target: input.total ?? 0, total: input.total ?? 0 };
  return base;
}
