import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, SMALL, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { BreakdownResponse } from '../core/contracts/api.ts';
import type { ReportScope } from '../core/kpis/report.ts';

interface ExpectedReport {
  org: ReportScope;
  teams: Record<string, ReportScope>;
  reps: Record<string, ReportScope>;
}

/** The funnel's steps as the shared expected report defines them: the cohort and the counts its ratios divide. */
function expectedSteps(scope: ReportScope): Record<string, number> {
  const cohort = scope.lead_cohort_size ?? 0;
  const count = (ratio: number | null) => (ratio === null ? 0 : ratio * cohort);
  return {
    leads: cohort,
    opportunities: count(scope.lead_to_opportunity_ratio),
    won: count(scope.lead_conversion_rate),
  };
}

// The funnel widget beside the KPI cards: its steps are the lead cohort of KPI #6 and the leads of that
// cohort linked to a deal / to a won deal, for every scope, so the funnel and the cards cannot disagree.
describe.each(DIALECTS)('the funnel breakdown on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.dispose());

  it.each(SMALL.reports)(
    '$file: every scope’s steps are its conversion counts',
    async ({ from, to, report }) => {
      const expected = report as ExpectedReport;
      const scopes: [string, ReportScope][] = [
        ['org', expected.org],
        ...Object.entries(expected.teams).map(([name, values]): [string, ReportScope] => [
          `team:${name}`,
          values,
        ]),
        ...Object.entries(expected.reps).map(([id, values]): [string, ReportScope] => [`rep:${id}`, values]),
      ];
      let nonEmpty = 0;
      for (const [scope, values] of scopes) {
        const body = await t.getJson<BreakdownResponse>(
          `/api/v1/breakdowns/funnel?from=${from}&to=${to}&scope=${encodeURIComponent(scope)}`,
        );
        const steps = Object.fromEntries(body.items.map((item) => [item.key, item.value]));
        const want = expectedSteps(values);
        for (const key of ['leads', 'opportunities', 'won']) {
          expect(Number.isInteger(steps[key]), `${scope} ${key} is a count`).toBe(true);
          expect(steps[key], `${scope} ${key}`).toBeCloseTo(want[key]!, 6);
        }
        if (steps.leads! > 0) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThan(3);
    },
  );

  it('a period to date counts the cohort of first day..asof', async () => {
    const cut = await t.getJson<BreakdownResponse>(
      '/api/v1/breakdowns/funnel?period=2026-Q1&asof=2026-02-14',
    );
    const dated = await t.getJson<BreakdownResponse>(
      '/api/v1/breakdowns/funnel?from=2026-01-01&to=2026-02-14',
    );
    expect(cut.items).toEqual(dated.items);
    expect(cut.items[0]!.value).toBeGreaterThan(0);
  });
});
