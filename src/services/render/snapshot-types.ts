/**
 * A dashboard as plain, already formatted data: what a PDF, a widget PNG and a digest e-mail draw.
 * Every text is final (money in the organisation's currency, dates in its zone), so the renderers
 * never format or compute a number themselves and every output shows the same figures.
 */

/** The unit of a chart's values, so axes and labels can be written the same way as the figures. */
export type ChartUnit = 'money' | 'count' | 'ratio' | 'days' | 'reps' | 'number';

export interface ChartSeries {
  name: string;
  /** One value per category; null where the metric is undefined (drawn as a gap). */
  values: (number | null)[];
  /** A target per category (e.g. the revenue target of each month), drawn as a dashed line. */
  target?: boolean;
}

/**
 * A chart as data, independent of ECharts: the renderer turns it into chart options. `labels` are
 * the values as the snapshot formats them (same order as the categories of the first series), used
 * on bars and slices so a chart shows exactly the figures of the KPI report.
 */
export interface ChartSpec {
  type: 'line' | 'area' | 'bar' | 'hbar' | 'pie' | 'funnel';
  categories: string[];
  series: ChartSeries[];
  unit: ChartUnit;
  /** ISO 4217 code for money axes. */
  currency: string;
  /** A horizontal target line (e.g. a goal's target), in the series' unit. */
  target?: { label: string; value: number };
  /** Formatted values of the first series, one per category (shown on bars, slices, funnel steps). */
  labels?: string[];
}

interface ItemBase {
  /** The widget's id on the dashboard. */
  id: string;
  title: string;
  /** The app path that opens the same view (dashboard, period, scope), for links in digests and PDFs. */
  link: string;
}

export type FigureItem = ItemBase & {
  kind: 'figure';
  metric: string;
  /** The value as the KPI report gives it, formatted in full (e.g. "IDR 12,500,000"). */
  value: string;
  previous: string | null;
  /** "+4.2%" or "+1.3 pts" against the compared period; null without a comparable value. */
  change: string | null;
  /** Whether the change is good for this metric (direction); null when neutral or unknown. */
  good: boolean | null;
};

export type ChartItem = ItemBase & { kind: 'chart'; chart: ChartSpec };
export type TableItem = ItemBase & { kind: 'table'; columns: string[]; rows: string[][] };
export type TextItem = ItemBase & { kind: 'text'; text: string };

export type SnapshotItem = FigureItem | ChartItem | TableItem | TextItem;

export interface DashboardSnapshot {
  dashboardId: number;
  title: string;
  /** E.g. "Dec 2026 (1 Dec 2026 – 31 Dec 2026)". */
  periodLabel: string;
  /** E.g. "compared with Nov 2026 (1 Nov 2026 – 30 Nov 2026)". */
  comparedWith: string;
  scopeLabel: string;
  /** When the snapshot was taken, in the organisation's zone, human ("6 Dec 2026, 07:30 (Asia/Jakarta)"). */
  generatedAt: string;
  currency: string;
  items: SnapshotItem[];
}
