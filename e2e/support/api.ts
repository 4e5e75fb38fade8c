import type { Dashboard, OrgResponse } from '../../src/core/contracts/api.ts';
import { formatValue } from '../../src/core/format.ts';
import type { Locale, MetricKey, MetricUnit } from '../../src/core/kpis/definitions.ts';
import { METRICS } from '../../src/core/kpis/definitions.ts';
import { udnFetch } from './server.ts';

export type ReportScope = Record<MetricKey, number | null>;
export interface KpiReport {
  period: { from: string; to: string; to_date?: true; previous: { from: string; to: string } };
  currency: string;
  org: ReportScope;
  teams: Record<string, ReportScope>;
  reps: Record<string, ReportScope>;
}

/** GET of the API, signed in as the owner of the server at `base`. */
export async function getJson<T>(base: string, path: string): Promise<T> {
  const response = await udnFetch(base + path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const getOrg = (base: string) => getJson<OrgResponse>(base, '/api/v1/org');
export const getReport = (base: string, query: string) => getJson<KpiReport>(base, `/api/v1/kpis?${query}`);
export const getDashboards = (base: string) => getJson<Dashboard[]>(base, '/api/v1/dashboards');

/**
 * What the page must show for a value: core's formatValue of the API's number, nothing else
 * (`compact` as KPI cards write every number: IDR 326.9M).
 */
export function expectedText(
  value: number | null,
  metric: MetricKey,
  currency: string,
  locale: Locale = 'en',
  compact = false,
): string {
  const unit: MetricUnit = METRICS[metric].unit;
  return formatValue(value, unit, { locale, currency, compact });
}
