import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { DrilldownResponse } from '../core/contracts/api.ts';
import type { MetricKey } from '../core/kpis/definitions.ts';
import type { KpiReport, ReportScope } from '../core/kpis/report.ts';

const scopeOf = (report: KpiReport, scope: string): ReportScope => {
  if (scope === 'org') return report.org;
  if (scope.startsWith('team:')) return report.teams[scope.slice(5)]!;
  return report.reps[scope.slice(4)]!;
};

/** Count metrics whose drill-down rows are exactly the records counted. */
const COUNTED: MetricKey[] = [
  'deals_won',
  'new_opportunities',
  'new_leads',
  'lead_cohort_size',
  'emails_sent',
  'emails_delivered',
  'emails_opened',
  'customers_start',
  'customers_end',
  'new_customers',
  'churned_customers',
];

// The records behind a number must add up to it, or a drill-down would contradict its card.
describe.each(DIALECTS)('/api/v1/drilldown on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.dispose());

  const drill = (query: string) => t.getJson<DrilldownResponse>(`/api/v1/drilldown?${query}`);

  for (const [from, to] of [
    ['2026-01-01', '2026-03-31'],
    ['2025-12-15', '2026-01-20'],
  ] as const) {
    it(`row totals equal the count KPIs for ${from}..${to}, per scope`, async () => {
      const report = await t.getJson<KpiReport>(`/api/v1/kpis?from=${from}&to=${to}`);
      for (const scope of ['org', 'team:Jakarta', 'rep:R04']) {
        for (const metric of COUNTED) {
          const page = await drill(`metric=${metric}&from=${from}&to=${to}&scope=${scope}&pageSize=1`);
          expect(page.total, `${metric} for ${scope}`).toBe(scopeOf(report, scope)[metric]);
        }
      }
    });
  }

  it('won deals add up to revenue and units; spend rows to spend; target rows to the target', async () => {
    const report = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q1');
    const won = await drill('metric=revenue&period=2026-Q1&pageSize=500');
    const sum = (rows: DrilldownResponse['rows'], key: string) =>
      rows.reduce((total, row) => total + Number(row[key] ?? 0), 0);
    expect(sum(won.rows, 'amount')).toBeCloseTo(report.org.revenue!, 2);
    expect(sum(won.rows, 'units')).toBe(report.org.units);
    const cycles = won.rows.map((row) => Number(row.cycle_days));
    expect(cycles.reduce((a, b) => a + b, 0) / cycles.length).toBeCloseTo(
      report.org.avg_sales_cycle_days!,
      9,
    );

    const spend = await drill('metric=customer_acquisition_cost&period=2026-Q1&pageSize=500');
    expect(sum(spend.rows, 'amount')).toBeCloseTo(report.org.spend!, 2);
    expect((await drill('metric=spend&period=2026-Q1&scope=team:Jakarta')).total).toBe(0);

    for (const scope of ['org', 'team:Bandung', 'rep:R01']) {
      const targets = await drill(`metric=target_revenue&period=2026-Q1&scope=${scope}&pageSize=500`);
      const expected = scopeOf(report, scope).target_revenue;
      if (expected === null) expect(targets.total).toBe(0);
      else expect(sum(targets.rows, 'contribution')).toBeCloseTo(expected, 1);
    }
  });

  it('pages are disjoint, ordered and together hold every row', async () => {
    const all = await drill('metric=emails_sent&period=2026-Q1&pageSize=500');
    expect(all.total).toBeGreaterThan(120);
    const first = await drill('metric=emails_sent&period=2026-Q1&pageSize=50&page=1');
    const second = await drill('metric=emails_sent&period=2026-Q1&pageSize=50&page=2');
    expect(first.rows).toHaveLength(50);
    expect([first.page, second.page, first.pageSize]).toEqual([1, 2, 50]);
    expect([...first.rows, ...second.rows]).toEqual(all.rows.slice(0, 100));
    const beyond = await drill(
      `metric=emails_sent&period=2026-Q1&pageSize=50&page=${Math.ceil(all.total / 50) + 1}`,
    );
    expect(beyond.rows).toEqual([]);
    expect(beyond.total).toBe(all.total);
  });

  it('describes its rows: a localized title and typed, localized columns that match the row keys', async () => {
    const page = await drill('metric=churned_customers&period=2025&pageSize=5');
    expect(page.title.en).toMatch(/churned/i);
    expect(page.title.id.length).toBeGreaterThan(0);
    for (const column of page.columns) expect(column.label.id.length).toBeGreaterThan(0);
    for (const row of page.rows)
      expect(Object.keys(row).sort()).toEqual(page.columns.map((c) => c.key).sort());
  });

  it('a cohort lead drill-down shows which leads converted, matching the conversion rate', async () => {
    const report = await t.getJson<KpiReport>('/api/v1/kpis?period=2025-Q3');
    const leads = await drill('metric=lead_conversion_rate&period=2025-Q3&pageSize=500');
    const won = leads.rows.filter((row) => row.first_won_at !== null).length;
    expect(won / leads.total).toBeCloseTo(report.org.lead_conversion_rate!, 12);
    const linked = leads.rows.filter((row) => row.has_deal === true).length;
    expect(linked / leads.total).toBeCloseTo(report.org.lead_to_opportunity_ratio!, 12);
  });
});
