import { valueProblem } from '../../../../src/core/goals/target-rules.ts';
import { isTargetMetric } from '../../../../src/core/kpis/definitions.ts';
import type {
  DefinitionsResponse,
  Goal,
  GoalTarget,
  MetricKey,
  MetricUnit,
  TargetCreate,
  TargetDirection,
  TargetKind,
} from '../../api/types.ts';
import type { Translate } from '../../i18n/i18n-context.tsx';
import type { ContractIssue } from '../../ui/form/contract-errors.ts';

/** An amount as a NumberInput holds it: a number, or '' while empty. */
export type Amount = number | '';

/** The target form's values, keyed by the API's field names so that a refusal lands on its input. */
export interface TargetValues {
  kind: TargetKind;
  name: string;
  start_value: Amount;
  target_value: Amount;
  current_value: Amount;
  done: boolean;
  metric: MetricKey | null;
  scope: string;
  direction: TargetDirection;
  /** Measured over dates of its own instead of the goal's (then period_start and period_end are sent). */
  own_period: boolean;
  period_start: string;
  period_end: string;
  weight: Amount;
  /** This target is the company quota (always, in a quota goal). */
  is_quota: boolean;
}

/** What the body of a target depends on beyond the values. */
export interface TargetContext {
  goal: Goal;
  /** The target being edited; null for a new one. */
  target: GoalTarget | null;
  definitions: DefinitionsResponse | undefined;
}

/** The unit a target's amounts are typed in: its metric's for a KPI target. */
export function targetUnit(
  values: Pick<TargetValues, 'kind' | 'metric'>,
  definitions: DefinitionsResponse | undefined,
): MetricUnit {
  if (values.kind === 'currency') return 'money';
  if (values.kind !== 'kpi' || values.metric === null) return 'number';
  return definitions?.metrics[values.metric].unit ?? 'number';
}

/**
 * A KPI target against the company quota. The metrics of targets.csv (core's TARGET_METRICS) have
 * quotas: an "at least" KPI target on one of them can be made the quota — explicitly, confirmed,
 * recorded (docs/adr/0008) — and in a quota goal it always is.
 */
export function quotaOf(values: TargetValues, goal: Goal) {
  const metric = values.kind === 'kpi' && values.metric !== null && isTargetMetric(values.metric);
  const possible = metric && values.direction === 'at_least';
  return { metric, possible, isQuota: possible && (goal.kind === 'quota' || values.is_quota) };
}

/** Ratios are typed as percentages (35 for 35%) and sent as the fractions the API takes. */
const toShown = (value: number | null, unit: MetricUnit): Amount =>
  value === null ? '' : unit === 'ratio' ? Number((value * 100).toPrecision(12)) : value;
export const toSent = (value: number, unit: MetricUnit): number =>
  unit === 'ratio' ? Number((value / 100).toPrecision(12)) : value;

export function initialTargetValues(
  goal: Goal,
  target: GoalTarget | null,
  unitOf: (target: GoalTarget) => MetricUnit,
): TargetValues {
  if (!target) {
    return {
      kind: 'number',
      name: '',
      start_value: 0,
      target_value: '',
      current_value: '',
      done: false,
      metric: null,
      scope: 'org',
      direction: 'at_least',
      own_period: false,
      period_start: goal.start_date,
      period_end: goal.due_date,
      weight: '',
      is_quota: goal.kind === 'quota',
    };
  }
  const unit = unitOf(target);
  return {
    kind: target.kind,
    name: target.name,
    start_value: toShown(target.start_value, unit),
    target_value: toShown(target.target_value, unit),
    current_value: '',
    done: target.done === true,
    metric: target.metric,
    scope: target.scope ?? 'org',
    direction: target.direction,
    own_period: target.period_start !== null,
    period_start: target.period_start ?? goal.start_date,
    period_end: target.period_end ?? goal.due_date,
    weight: target.weight ?? '',
    is_quota: target.is_quota,
  };
}

/** The number and currency kinds: amounts typed by hand. */
export const isTyped = (kind: TargetKind): boolean => kind === 'number' || kind === 'currency';

/**
 * The request body of a target: only the fields of its kind, and on an edit the ones to clear (a
 * weight or own period removed). `kind` is in it for the contract's rules of values; an edit does
 * not send it (a target's kind cannot change).
 */
export function targetBody(values: TargetValues, { goal, target, definitions }: TargetContext): TargetCreate {
  const { kind } = values;
  const unit = targetUnit(values, definitions);
  const quota = quotaOf(values, goal).isQuota;
  const name = values.name.trim();
  const amount = (value: Amount) => (value === '' ? null : toSent(value, unit));
  let body: TargetCreate;
  switch (kind) {
    case 'number':
    case 'currency':
      body = {
        kind,
        name,
        start_value: amount(values.start_value) ?? 0,
        target_value: amount(values.target_value),
        ...(!target && values.current_value !== '' ? { current_value: amount(values.current_value) } : {}),
      };
      break;
    case 'boolean':
      body = { kind, name, ...(!target ? { done: values.done } : {}) };
      break;
    case 'tasks':
      body = { kind, name };
      break;
    default:
      body = {
        kind,
        ...(name ? { name } : {}),
        metric: values.metric ?? undefined,
        scope: values.scope,
        direction: values.direction,
        ...(values.target_value !== '' ? { target_value: amount(values.target_value) } : {}),
        // A quota has no start of its own; otherwise a start cleared on an edit is sent as null.
        ...(quota
          ? target?.start_value !== null && target?.start_value !== undefined
            ? { start_value: null }
            : {}
          : values.start_value !== ''
            ? { start_value: amount(values.start_value) }
            : target
              ? { start_value: null }
              : {}),
      };
  }
  const weight = values.weight === '' ? (target ? { weight: null } : {}) : { weight: values.weight };
  const period = values.own_period
    ? { period_start: values.period_start, period_end: values.period_end }
    : target?.period_start
      ? { period_start: null, period_end: null }
      : {};
  body = { ...body, ...weight, ...period };
  if (kind === 'kpi' && goal.kind !== 'quota' && quota !== (target?.is_quota ?? false)) {
    body = { ...body, is_quota: quota };
  }
  return body;
}

const AMOUNTS = new Set(['start_value', 'target_value', 'current_value']);

/**
 * The contract's rule for a value of this kind (core/goals/target-rules.ts: no negative amount, a
 * whole count, a rate within 0–100%) in the reader's words, on the value it concerns.
 */
export function valueRuleMessage(issue: ContractIssue, body: TargetCreate, t: Translate): string | undefined {
  const field = String(issue.path[0]);
  if (issue.code !== 'custom' || !AMOUNTS.has(field)) return undefined;
  const value = body[field as 'start_value' | 'target_value' | 'current_value'];
  const rule =
    typeof value === 'number' ? valueProblem(body.kind, body.metric ?? null, value)?.rule : undefined;
  return rule ? t(`target.valueRule.${rule}`) : undefined;
}
