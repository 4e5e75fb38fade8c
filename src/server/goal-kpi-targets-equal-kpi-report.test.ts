import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, SMALL, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { Goal } from '../core/contracts/goals.ts';
import type { MetricKey } from '../core/kpis/definitions.ts';
import type { KpiReport } from '../core/kpis/report.ts';

/** A scope's values in a report, as the goal engine must read them. */
const valuesOf = (report: KpiReport, scope: string) =>
  scope === 'org'
    ? report.org
    : scope.startsWith('team:')
      ? report.teams[scope.slice(5)]!
      : report.reps[scope.slice(4)]!;

// (metric, scope, direction): a sum, money, ratios, a duration, an org-only ratio of money, a ceiling.
const CASES: [MetricKey, string, 'at_least' | 'at_most'][] = [
  ['revenue', 'team:Jakarta', 'at_most'],
  ['revenue_per_rep', 'rep:R01', 'at_least'],
  ['deals_won', 'rep:R05', 'at_most'],
  ['email_open_rate', 'team:Surabaya', 'at_least'],
  ['lead_conversion_rate', 'org', 'at_least'],
  ['churn_rate', 'org', 'at_most'],
  ['churn_rate', 'team:Bandung', 'at_most'],
  ['avg_sales_cycle_days', 'rep:R03', 'at_most'],
  ['customer_acquisition_cost', 'org', 'at_most'],
  ['new_customers', 'org', 'at_most'],
  ['sales_growth', 'team:Surabaya', 'at_least'],
  ['arpa', 'team:Jakarta', 'at_least'],
];

// A KPI target's current value is the KPI engine's value for its scope and period: never a second formula.
describe.each(DIALECTS)('goal KPI targets equal the KPI report on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.dispose());

  it.each(SMALL.reports.map((r) => [r.from, r.to] as const))(
    'every case over %s … %s equals GET /kpis and the conformance report',
    async (from, to) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/goals',
        payload: {
          name: `KPIs ${from}`,
          start_date: from,
          due_date: to,
          targets: CASES.map(([metric, scope, direction]) => ({
            kind: 'kpi',
            metric,
            scope,
            direction,
            target_value: 1,
          })),
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      const goal = response.json<Goal>();
      const report = await t.getJson<KpiReport>(`/api/v1/kpis?from=${from}&to=${to}`);
      const expected = SMALL.reports.find((r) => r.from === from)!.report as KpiReport;
      for (const target of goal.targets) {
        const scope = target.scope!;
        const metric = target.metric!;
        const engine = valuesOf(report, scope)[metric];
        expect(target.current_value, `${metric} ${scope}`).toBe(engine);
        const conformance = valuesOf(expected, scope)[metric];
        if (conformance === null || conformance === undefined) expect(target.current_value).toBeNull();
        else expect(target.current_value!).toBeCloseTo(conformance, 2);
      }
    },
  );

  it('measures a target over its own period when it has one, else over the goal’s', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      payload: {
        name: 'Mixed periods',
        start_date: '2026-01-01',
        due_date: '2026-03-31',
        targets: [
          { kind: 'kpi', metric: 'new_leads', scope: 'org', target_value: 10 },
          {
            kind: 'kpi',
            metric: 'new_leads',
            scope: 'org',
            target_value: 10,
            period_start: '2026-02-01',
            period_end: '2026-02-28',
          },
        ],
      },
    });
    const [quarter, february] = response.json<Goal>().targets;
    const q1 = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q1');
    const feb = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-02');
    expect(quarter).toMatchObject({ from: '2026-01-01', to: '2026-03-31', current_value: q1.org.new_leads });
    expect(february).toMatchObject({
      from: '2026-02-01',
      to: '2026-02-28',
      current_value: feb.org.new_leads,
    });
  });

  it('a target made the quota reads its targets.csv row, and its progress is the report’s attainment', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      payload: {
        name: 'Jakarta Q1',
        start_date: '2026-01-01',
        due_date: '2026-03-31',
        updated_by: 'Ana',
        targets: [
          { kind: 'kpi', metric: 'revenue', scope: 'team:Jakarta', is_quota: true },
          { kind: 'kpi', metric: 'revenue', scope: 'rep:R12', target_value: 1000, is_quota: true },
          { kind: 'kpi', metric: 'revenue', scope: 'team:Surabaya', target_value: 1000 },
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const [jakarta, r12, surabaya] = response.json<Goal>().targets;
    const q1 = await t.getJson<KpiReport>('/api/v1/kpis?from=2026-01-01&to=2026-03-31');
    // targets.csv: team:Jakarta,revenue,2026-01-01,2026-03-31,190857
    expect(jakarta).toMatchObject({
      is_quota: true,
      target_value: 190857,
      quota_value: 190857,
      current_value: q1.teams.Jakarta!.revenue,
    });
    expect(jakarta!.raw_progress).toBeCloseTo(q1.teams.Jakarta!.attainment_revenue!, 6);
    // The new quota for R12 is now the report's target too.
    expect(q1.reps.R12!.target_revenue).toBe(1000);
    expect(r12!.raw_progress).toBeCloseTo(q1.reps.R12!.attainment_revenue!, 6);
    // A target of its own on the same KPI shows the quota beside it and leaves it alone.
    expect(q1.teams.Surabaya!.target_revenue).toBe(292680);
    expect(surabaya).toMatchObject({ is_quota: false, target_value: 1000, quota_value: 292680 });
    expect(surabaya!.raw_progress).toBeCloseTo(q1.teams.Surabaya!.revenue! / 1000, 9);
  });

  it('shows the quota the report rolls up when the scope has none of its own', async () => {
    // targets.csv has no team:Surabaya deals_won quota in 2026-Q3: the report sums its reps’ (R05 9 + R08 4).
    const q3 = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q3');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      payload: {
        name: 'Surabaya deals Q3',
        start_date: '2026-07-01',
        due_date: '2026-09-30',
        targets: [
          { kind: 'kpi', metric: 'deals_won', scope: 'team:Surabaya', target_value: 30 },
          { kind: 'kpi', metric: 'new_leads', scope: 'team:Surabaya', target_value: 30 },
        ],
      },
    });
    const [deals, leads] = response.json<Goal>().targets;
    expect(q3.teams.Surabaya!.target_deals_won).toBe(13);
    expect(deals).toMatchObject({ is_quota: false, target_value: 30, quota_value: 13 });
    expect(leads!.quota_value).toBeNull();
  });
});
