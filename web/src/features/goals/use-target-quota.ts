import type { Goal, MetricKey, MetricUnit } from '../../api/types.ts';
import { scopeOf, useKpis } from '../../api/use-kpis.ts';
import { useGoalText } from './goal-text.ts';
import { quotaOf, type TargetValues } from './target-values.ts';

/**
 * Where a KPI target of the form stands against the company quota (target-values.ts quotaOf), and
 * the quota "Sales vs target" uses now for its metric, scope and period: shown beside a target of
 * its own, and the "from" of the confirmation when the target is to change it.
 */
export function useTargetQuota(goal: Goal, values: TargetValues, unit: MetricUnit) {
  const text = useGoalText();
  const { metric, possible, isQuota } = quotaOf(values, goal);
  const from = values.own_period ? values.period_start : goal.start_date;
  const to = values.own_period ? values.period_end : goal.due_date;
  const periodOk = Boolean(from && to && to >= from);
  const kpis = useKpis(metric && periodOk ? { from, to } : null);
  const known = metric && periodOk && kpis.data !== undefined && !kpis.isPlaceholderData;
  const current =
    known && values.metric
      ? ((scopeOf(kpis.data, values.scope)?.[`target_${values.metric}` as MetricKey] as
          | number
          | null
          | undefined) ?? null)
      : null;
  return {
    /** The metric has company quotas. */
    metric,
    /** This target could be the quota (an "at least" target on such a metric). */
    possible,
    /** Its value is the quota: always in a quota goal, by choice in another. */
    isQuota,
    /** The quota now is loaded (`current`, null when none is set). */
    known,
    current,
    /** The scope and period of the quota, as the messages name them. */
    where: { scope: text.scope(values.scope), period: periodOk ? text.periodName(from, to) : '' },
    text: (value: number | null) => (value === null ? '—' : text.format.value(value, unit)),
  };
}

export type TargetQuota = ReturnType<typeof useTargetQuota>;
