import { DEFAULT_TABLE_METRICS, TABLE_COLUMNS } from '../../../src/core/contracts/api.ts';
import type { DefinitionsResponse, MetricKey, TableColumn, Widget } from '../api/types.ts';

export { DEFAULT_TABLE_METRICS };

export const MAX_TABLE_METRICS = 20;

type Definitions = DefinitionsResponse['metrics'];

/**
 * A KPI divided by the scope's active reps. On one rep's row it says nothing the plain KPI does not
 * (a full-time rep's revenue per rep is their revenue), so it is shown on team and organisation rows.
 */
export function isPerRep(metric: MetricKey, definitions: Definitions): boolean {
  return definitions[metric]?.ratioOf?.denominator === 'rep_fte';
}

/** The table's columns from its saved config: its KPIs (known ones only) and its other columns. */
export function tableColumns(
  config: Widget['config'],
  definitions: Definitions,
): { metrics: MetricKey[]; extras: TableColumn[] } {
  const metrics = (config.metrics?.length ? config.metrics : DEFAULT_TABLE_METRICS).filter(
    (metric) => definitions[metric],
  );
  const extras = TABLE_COLUMNS.filter((column) => (config.columns ?? TABLE_COLUMNS).includes(column));
  return { metrics, extras };
}

/**
 * The config after a column is switched on or off: a KPI switched on goes after the others, the
 * other columns keep their fixed order. The last KPI cannot be switched off (a table of names is
 * no table), nor can more than the contract's maximum be on.
 */
export function toggleColumn(
  config: Widget['config'],
  definitions: Definitions,
  column: MetricKey | TableColumn,
): Widget['config'] {
  const { metrics, extras } = tableColumns(config, definitions);
  if ((TABLE_COLUMNS as readonly string[]).includes(column)) {
    const extra = column as TableColumn;
    const next = extras.includes(extra) ? extras.filter((item) => item !== extra) : [...extras, extra];
    return { ...config, metrics, columns: TABLE_COLUMNS.filter((item) => next.includes(item)) };
  }
  const metric = column as MetricKey;
  if (metrics.includes(metric)) {
    if (metrics.length === 1) return config;
    return { ...config, metrics: metrics.filter((item) => item !== metric), columns: extras };
  }
  if (metrics.length >= MAX_TABLE_METRICS) return config;
  return { ...config, metrics: [...metrics, metric], columns: extras };
}
