import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { SeriesResponse } from '../core/contracts/api.ts';
import { METRIC_KEYS } from '../core/kpis/definitions.ts';
import type { KpiReport, ReportScope } from '../core/kpis/report.ts';

const scopeOf = (report: KpiReport, scope: string): ReportScope => {
  if (scope === 'org') return report.org;
  if (scope.startsWith('team:')) return report.teams[scope.slice(5)]!;
  return report.reps[scope.slice(4)]!;
};

// A chart point must be the number /kpis shows for that bucket: same facts, same core formulas.
describe.each(DIALECTS)('/api/v1/series on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.dispose());

  const kpis = (from: string, to: string) => t.getJson<KpiReport>(`/api/v1/kpis?from=${from}&to=${to}`);

  it('monthly revenue of 2025 equals the report’s monthly figures and /kpis per month', async () => {
    const series = await t.getJson<SeriesResponse>('/api/v1/series?metric=revenue&grain=month&period=2025');
    const year = await t.getJson<KpiReport>('/api/v1/kpis?period=2025');
    expect(series.points.map((p) => p.value)).toEqual(year.org.monthly.map((m) => m.revenue));
    for (const point of series.points) {
      expect(point.value).toBe((await kpis(point.from, point.to)).org.revenue);
    }
  });

  it('a ratio (email open rate) per month equals /kpis for that month, not an average of days', async () => {
    const series = await t.getJson<SeriesResponse>(
      '/api/v1/series?metric=email_open_rate&grain=month&from=2025-07-01&to=2025-12-31&scope=team:Jakarta',
    );
    expect(series.points).toHaveLength(6);
    for (const point of series.points) {
      expect(point.value).toBe((await kpis(point.from, point.to)).teams.Jakarta!.email_open_rate);
    }
  });

  it('weekly buckets are ISO weeks, partial at the edges', async () => {
    const series = await t.getJson<SeriesResponse>(
      '/api/v1/series?metric=deals_won&grain=week&from=2026-01-01&to=2026-01-31',
    );
    expect(series.points.map((p) => [p.from, p.to])).toEqual([
      ['2026-01-01', '2026-01-04'],
      ['2026-01-05', '2026-01-11'],
      ['2026-01-12', '2026-01-18'],
      ['2026-01-19', '2026-01-25'],
      ['2026-01-26', '2026-01-31'],
    ]);
    const total = series.points.reduce((sum, p) => sum + (p.value ?? 0), 0);
    expect(total).toBe((await kpis('2026-01-01', '2026-01-31')).org.deals_won);
  });

  // Each metric loads only the facts its formula reads; this catches a metric that needs more.
  it('every metric, for the organisation, a team and a rep, equals /kpis for each bucket', async () => {
    const buckets = [
      ['2025-12-15', '2025-12-31'],
      ['2026-01-01', '2026-01-20'],
    ] as const;
    const reports = await Promise.all(buckets.map(([from, to]) => kpis(from, to)));
    for (const scope of ['org', 'team:Surabaya', 'rep:R02']) {
      for (const metric of METRIC_KEYS) {
        const series = await t.getJson<SeriesResponse>(
          `/api/v1/series?metric=${metric}&grain=month&from=2025-12-15&to=2026-01-20&scope=${scope}`,
        );
        const expected = reports.map((report) => scopeOf(report, scope)[metric]);
        expect(
          series.points.map((p) => p.value),
          `${metric} for ${scope}`,
        ).toEqual(expected);
      }
    }
  });

  it('daily buckets cover every day of the period', async () => {
    const series = await t.getJson<SeriesResponse>(
      '/api/v1/series?metric=new_leads&grain=day&period=2026-02',
    );
    expect(series.points).toHaveLength(28);
    const total = series.points.reduce((sum, p) => sum + (p.value ?? 0), 0);
    expect(total).toBe((await kpis('2026-02-01', '2026-02-28')).org.new_leads);
  });
});
