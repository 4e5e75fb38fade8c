import type { DefinitionsResponse, Localized } from '../../api/types.ts';

/**
 * The catalogue's metrics grouped by KPI, for choosing what a target measures. The quotas' own
 * metrics (target_revenue …) are left out: a quota is not something to aim at.
 */
export function targetMetricGroups(
  definitions: DefinitionsResponse | undefined,
  l: (text: Localized) => string,
): { group: string; items: { value: string; label: string }[] }[] {
  if (!definitions) return [];
  return definitions.kpis.map((kpi) => ({
    group: `${kpi.number} · ${l(kpi.label)}`,
    items: kpi.metrics
      .filter((key) => !key.startsWith('target_'))
      .map((key) => ({ value: key, label: l(definitions.metrics[key].label) })),
  }));
}
