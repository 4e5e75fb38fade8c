import { useMemo } from 'react';
import type { AlertCondition } from '../../../../src/core/contracts/alerts.ts';
import type { MetricKey } from '../../api/types.ts';
import { useDefinitions } from '../../api/use-definitions.ts';
import { useGoals } from '../../api/use-goals.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useFormat } from '../../ui/use-format.ts';
import { type AlertRuleBody, conditionText } from './alert-values.ts';

/**
 * Conditions in the reader's words, with the catalogue's labels and amounts as the app shows the
 * metric (money in the org's currency, a rate as a percentage). Null until the catalogue is known.
 */
export function useConditionWords(withTargets = false) {
  const { t, plural, l } = useI18n();
  const format = useFormat();
  const definitions = useDefinitions().data;
  const goals = useGoals('all', withTargets).data?.goals;
  return useMemo(() => {
    if (!definitions) return null;
    const names = new Map<number, string>();
    for (const goal of goals ?? []) for (const target of goal.targets) names.set(target.id, target.name);
    return {
      text: (condition: AlertRuleBody['condition'] | AlertCondition) =>
        conditionText(condition, {
          t,
          plural,
          metricLabel: (metric: MetricKey) => l(definitions.metrics[metric].label),
          amount: (value: number, metric: MetricKey) => format.value(value, definitions.metrics[metric].unit),
          targetName: (id: number) => names.get(id),
        }),
    };
  }, [definitions, goals, t, plural, l, format]);
}
