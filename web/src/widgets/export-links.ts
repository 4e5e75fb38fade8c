import { withQuery } from '../api/client.ts';
import { type PeriodQuery, periodParams } from '../api/period-query.ts';
import { type Compare, compareParam } from './comparison.ts';

/**
 * The addresses of the exports (the exports and render helpers' routes), for the same period,
 * scope and metric the page shows: a download is a link, so the browser's session goes with it.
 */

export type TableFormat = 'csv' | 'xlsx';
export type Paper = 'a4' | 'letter';

export const teamExportUrl = (
  period: PeriodQuery,
  scope: string,
  metrics: readonly string[],
  format: TableFormat,
  lang: string,
): string =>
  withQuery('/api/v1/exports/team', {
    ...periodParams(period),
    scope,
    metrics: metrics.join(',') || undefined,
    format,
    lang,
  });

export const drilldownExportUrl = (
  period: PeriodQuery,
  scope: string,
  metric: string,
  sort: string | null,
  format: TableFormat,
  lang: string,
): string =>
  withQuery('/api/v1/exports/drilldown', {
    ...periodParams(period),
    metric,
    scope,
    sort: sort ?? undefined,
    format,
    lang,
  });

/**
 * The comparison as the render routes take it: previous or last-year. They print no "none" and no
 * chosen days yet, so those ask for the route's default (the previous period) rather than a 400.
 */
const compareValue = (compare: Compare): string | undefined =>
  compare.kind === 'previous' || compare.kind === 'last-year'
    ? (compareParam(compare) ?? 'previous')
    : undefined;

export const dashboardPdfUrl = (
  dashboardId: number,
  period: PeriodQuery,
  scope: string,
  compare: Compare,
  paper: Paper,
): string =>
  withQuery(`/api/v1/dashboards/${dashboardId}/export.pdf`, {
    ...periodParams(period),
    scope,
    paper,
    compare: compareValue(compare),
  });

export const widgetPngUrl = (
  dashboardId: number,
  widgetId: string,
  period: PeriodQuery,
  scope: string,
  compare: Compare,
): string =>
  withQuery(`/api/v1/dashboards/${dashboardId}/widgets/${encodeURIComponent(widgetId)}/export.png`, {
    ...periodParams(period),
    scope,
    compare: compareValue(compare),
  });

/** The kind of period an alert rule watches, read from a named period (a chosen range: none). */
export function periodKindOf(period: PeriodQuery): 'week' | 'month' | 'quarter' | 'year' | undefined {
  if (!('period' in period)) return undefined;
  const name = period.period;
  if (/W\d{2}$/.test(name)) return 'week';
  if (/Q\d$/.test(name)) return 'quarter';
  if (/^\d{4}-\d{2}$/.test(name)) return 'month';
  if (/^(FY)?\d{4}$/.test(name)) return 'year';
  return undefined;
}
