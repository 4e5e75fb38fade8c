import type { MetricKey } from '../api/types.ts';
import { MetricDefinition } from '../ui/metric-definition.tsx';
import { useWidgetEnv } from './widget-env.tsx';

/** A widget's metric definition, from the definitions its dashboard already loaded. */
export function MetricInfo({ metric }: { metric: MetricKey }) {
  return <MetricDefinition definitions={useWidgetEnv().definitions} metric={metric} />;
}
