import { createContext, useCallback, useContext, useMemo } from 'react';
import { parseIsoDate } from '../../../../src/core/calendar-date.ts';
import { periodLabel } from '../../../../src/core/goals/period-names.ts';
import { parseScope } from '../../../../src/core/scope.ts';
import type { GoalTarget, MetricUnit, Rep } from '../../api/types.ts';
import { useDefinitions } from '../../api/use-definitions.ts';
import { useOrg } from '../../api/use-org.ts';
import { useReps } from '../../api/use-reps.ts';
import { type Translate, useI18n } from '../../i18n/i18n-context.tsx';
import { scopeLabel } from '../../i18n/scope-label.ts';
import { useFormat } from '../../ui/use-format.ts';
import { usePaceText } from '../../ui/use-pace-text.ts';

const METRIC_UNITS: readonly string[] = ['money', 'count', 'ratio', 'days', 'reps', 'number'];
const unitOf = (unit: string): MetricUnit => (METRIC_UNITS.includes(unit) ? (unit as MetricUnit) : 'number');

/** `org`, `team:<name>`, `rep:<id>` as people say it: "Organisation", "Team Jakarta", the rep's name. */
export function scopeText(text: string, reps: readonly Rep[], t: Translate): string {
  const parsed = parseScope(text);
  if (parsed.ok && parsed.scope.kind === 'team') return t('goals.teamName', { name: parsed.scope.name });
  return scopeLabel(text, reps, t);
}

/**
 * How goals and targets read: scopes, shares, the current and target values of a target in its unit
 * (money in the organisation's currency), the catalogue's label of a KPI, pace in words. Formatting
 * only. Made once per page and shared through context: each row asking the query cache for the
 * organisation, reps and catalogue itself cost more than drawing it.
 */
export function useGoalTextValue() {
  const { t, l } = useI18n();
  const format = useFormat();
  const { paceText, percentOf } = usePaceText();
  const reps = useReps().data ?? [];
  const definitions = useDefinitions().data;
  const fiscalYearStartMonth = useOrg().data?.fiscalYearStartMonth ?? 1;

  const scope = useCallback((text: string) => scopeText(text, reps, t), [reps, t]);

  const shares = useCallback(
    (list: readonly string[]) =>
      list.length ? list.map((item) => scopeText(item, reps, t)).join(', ') : '—',
    [reps, t],
  );

  const metricLabel = useCallback(
    (metric: string | null) => {
      if (!metric) return '';
      const definition = definitions?.metrics[metric as keyof typeof definitions.metrics];
      return definition ? l(definition.label) : metric;
    },
    [definitions, l],
  );

  /** A period as the quota goals name it: "2026-Q4", "2026-11", else "2026-10-15 – 2026-11-15". */
  const periodName = useCallback(
    (from: string, to: string) => {
      const first = parseIsoDate(from);
      const last = parseIsoDate(to);
      return first === undefined || last === undefined
        ? `${from} – ${to}`
        : periodLabel({ from: first, to: last }, fiscalYearStartMonth);
    },
    [fiscalYearStartMonth],
  );

  /** The quota a KPI target covers: "New customers · Organisation · 2026-Q4". */
  const quotaLabel = useCallback(
    (target: { metric: string | null; scope: string | null; from: string; to: string }) =>
      [metricLabel(target.metric), scope(target.scope ?? 'org'), periodName(target.from, target.to)].join(
        ' · ',
      ),
    [metricLabel, scope, periodName],
  );

  /** A value of a target in its unit; compact money where space is short. */
  const amount = useCallback(
    (value: number | null, target: Pick<GoalTarget, 'unit' | 'kind'>, compact = true) => {
      if (target.kind === 'tasks') return value === null ? '—' : format.number(value);
      return format.value(value, unitOf(target.unit), compact && target.unit === 'money');
    },
    [format],
  );

  const current = useCallback(
    (target: GoalTarget, compact = true) => {
      if (target.kind === 'boolean') return target.done ? t('target.done') : t('target.notDone');
      if (target.kind === 'tasks') {
        const tasks = target.tasks ?? { done: 0, total: 0 };
        return t('target.tasksDone', { done: format.number(tasks.done), total: format.number(tasks.total) });
      }
      return amount(target.current_value, target, compact);
    },
    [amount, format, t],
  );

  /** What the target asks: "≥ 150", "≤ 3.0%", "IDR 1.7B" — null for true/false and tasks targets. */
  const goalValue = useCallback(
    (target: GoalTarget, compact = true) => {
      if (target.kind === 'boolean' || target.kind === 'tasks') return null;
      const text = amount(target.target_value, target, compact);
      if (target.kind !== 'kpi') return text;
      return target.direction === 'at_most' ? `≤ ${text}` : `≥ ${text}`;
    },
    [amount],
  );

  /** The second line of a target: "Revenue · Team Jakarta" for a KPI target, "from 0" for a number. */
  const detail = useCallback(
    (target: GoalTarget) => {
      if (target.kind === 'kpi') {
        const parts = [metricLabel(target.metric), scope(target.scope ?? 'org')];
        if (target.period_start && target.period_end) {
          parts.push(`${format.day(target.from, 'short')} – ${format.day(target.to, 'short')}`);
        }
        return parts.join(' · ');
      }
      if (target.kind === 'number' || target.kind === 'currency') {
        return t('target.fromStart', { value: amount(target.start_value ?? 0, target) });
      }
      if (target.kind === 'tasks') return t('target.kindHint.tasks');
      // A yes/no is due by the end of its period: that is all there is to say about its pace.
      return t('target.dueBy', { date: format.day(target.to, 'short') });
    },
    [metricLabel, scope, format, amount, t],
  );

  return useMemo(
    () => ({
      scope,
      shares,
      metricLabel,
      periodName,
      quotaLabel,
      amount,
      current,
      goalValue,
      detail,
      unitOf,
      paceText,
      percentOf,
      format,
    }),
    [
      scope,
      shares,
      metricLabel,
      periodName,
      quotaLabel,
      amount,
      current,
      goalValue,
      detail,
      paceText,
      percentOf,
      format,
    ],
  );
}

export type GoalText = ReturnType<typeof useGoalTextValue>;

const GoalTextContext = createContext<GoalText | null>(null);
export const GoalTextProvider = GoalTextContext.Provider;

export function useGoalText(): GoalText {
  const text = useContext(GoalTextContext);
  if (!text) throw new Error('useGoalText outside a GoalTextProvider');
  return text;
}
