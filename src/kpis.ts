// The package's library entry (package.json "exports": `import { KPIS, computeScope } from 'udn'`):
// the KPI catalogue, the additive measures and the maths that turns one scope's facts into its KPI
// values, with the report's types. Pure: no database, no I/O. Kept small on purpose: what is here
// is a promise to library users, so widen it only for a need.
export {
  computeScope,
  type MonthFacts,
  type MonthlyValue,
  type ScopeFacts,
  type ScopeValues,
} from './core/kpis/compute.ts';
export {
  type Direction,
  isMetricKey,
  KPI_FAMILIES,
  KPIS,
  type KpiDefinition,
  type KpiFamily,
  type Locale,
  METRIC_KEYS,
  METRICS,
  type MetricDefinition,
  type MetricKey,
  type MetricUnit,
  TARGET_METRICS,
  type TargetMetric,
} from './core/kpis/definitions.ts';
export {
  addMeasures,
  emptyMeasures,
  MEASURE_KEYS,
  type Measures,
  sumMeasures,
} from './core/kpis/measures.ts';
export type { KpiReport, ReportScope } from './core/kpis/report.ts';
