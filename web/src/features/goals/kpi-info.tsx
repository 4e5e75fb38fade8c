import type { MetricKey } from '../../api/types.ts';
import { useDefinitions } from '../../api/use-definitions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { MetricDefinition } from '../../ui/metric-definition.tsx';

/** The KPI a target follows, as the catalogue in core defines it, and that it moves by itself. */
export function KpiInfo({ metric }: { metric: string }) {
  const { t } = useI18n();
  const definitions = useDefinitions().data;
  if (!definitions) return null;
  return (
    <MetricDefinition
      definitions={definitions}
      metric={metric as MetricKey}
      compact
      note={t('target.kpiLive')}
    />
  );
}
