import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportDifferences } from '../../test/support/report-compare.ts';
import { createTestApp, SMALL, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import { parseIsoDate } from '../core/calendar-date.ts';
import type { DrilldownResponse } from '../core/contracts/api.ts';
import type { KpiReport, ReportScope } from '../core/kpis/report.ts';
import { kpiReport } from '../services/kpis/kpi-report.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * KPI-SPEC §3 "Named period to date": period=P&asof=D is the report of first(P)..D compared with
 * the previous period of the same kind cut at the same day offset. Each previous period below was
 * worked out by hand from first(P⁻) + (D − first(P)), capped at last(P⁻).
 */
const CASES = [
  // Whole periods that have a shared expected report, compared with a cut previous period.
  { period: '2026-Q1', asof: '2026-03-31', first: '2026-01-01', previous: ['2025-10-01', '2025-12-29'] },
  { period: '2026-02', asof: '2026-02-28', first: '2026-02-01', previous: ['2026-01-01', '2026-01-28'] },
  { period: '2025', asof: '2025-12-31', first: '2025-01-01', previous: ['2024-01-01', '2024-12-30'] },
  // Cut inside the period.
  { period: '2026-Q1', asof: '2026-02-14', first: '2026-01-01', previous: ['2025-10-01', '2025-11-14'] },
  { period: '2026-03', asof: '2026-03-10', first: '2026-03-01', previous: ['2026-02-01', '2026-02-10'] },
  { period: '2025-W51', asof: '2025-12-17', first: '2025-12-15', previous: ['2025-12-08', '2025-12-10'] },
] as const;

type Case = (typeof CASES)[number];

/**
 * The reference: the plain report of first(P)..D, with the previous period replaced by the cut one
 * and its comparisons recomputed from the plain report of that previous period.
 */
async function reference(t: TestApp, c: Case): Promise<KpiReport> {
  const org = await t.org();
  const day = (text: string) => parseIsoDate(text)!;
  const current = await kpiReport(t.store, org, { from: day(c.first), to: day(c.asof) });
  const before = await kpiReport(t.store, org, { from: day(c.previous[0]), to: day(c.previous[1]) });
  const compare = (now: ReportScope, then: ReportScope | undefined): ReportScope => {
    const previousRevenue = then?.revenue ?? 0;
    const revenue = now.revenue ?? 0;
    return {
      ...now,
      previous_revenue: previousRevenue,
      sales_growth: previousRevenue === 0 ? null : (revenue - previousRevenue) / previousRevenue,
    };
  };
  const each = (scopes: Record<string, ReportScope>, previous: Record<string, ReportScope>) =>
    Object.fromEntries(Object.entries(scopes).map(([key, scope]) => [key, compare(scope, previous[key])]));
  return {
    ...current,
    period: {
      ...current.period,
      to_date: true,
      previous: { from: c.previous[0], to: c.previous[1] },
    },
    org: compare(current.org, before.org),
    teams: each(current.teams, before.teams),
    reps: each(current.reps, before.reps),
  };
}

/** A shared expected report without what depends on its (default) previous period. */
function withoutComparison(expected: unknown): unknown {
  const report = structuredClone(expected) as Record<string, unknown> & {
    period: Record<string, unknown>;
  };
  delete report.period.previous;
  const strip = (scope: Record<string, unknown>) => {
    delete scope.previous_revenue;
    delete scope.sales_growth;
  };
  strip(report.org as Record<string, unknown>);
  for (const group of ['teams', 'reps'] as const) {
    for (const scope of Object.values(report[group] as Record<string, Record<string, unknown>>)) strip(scope);
  }
  return report;
}

describe.each(DIALECTS)('a named period to date on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.dispose());

  it.each(CASES)('$period as of $asof equals the reference report', async (c) => {
    const body = await t.getJson<KpiReport>(`/api/v1/kpis?period=${c.period}&asof=${c.asof}`);
    expect(body.period).toEqual({
      from: c.first,
      to: c.asof,
      timezone: 'Asia/Jakarta',
      to_date: true,
      previous: { from: c.previous[0], to: c.previous[1] },
    });
    expect(reportDifferences(body, await reference(t, c))).toEqual([]);
    const expected = SMALL.reports.find((r) => r.from === c.first && r.to === c.asof);
    if (expected) expect(reportDifferences(body, withoutComparison(expected.report))).toEqual([]);
  });

  it('the CLI prints the same report as the API', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        path.join(ROOT, 'bin/udn.js'),
        'kpi',
        '--db',
        t.store.location,
        '--period',
        '2026-Q1',
        '--asof',
        '2026-02-14',
        '--json',
      ],
      { cwd: ROOT, maxBuffer: 1 << 26 },
    );
    const body = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q1&asof=2026-02-14');
    expect(JSON.parse(stdout)).toEqual(body);
  });

  it('a plain period says nothing of to_date, and its cache entry is not the to-date one', async () => {
    const whole = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-02');
    expect(whole.period).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
      timezone: 'Asia/Jakarta',
      previous: { from: '2026-01-01', to: '2026-01-31' },
    });
    const cut = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-02&asof=2026-02-28');
    expect(cut.period.previous).toEqual({ from: '2026-01-01', to: '2026-01-28' });
    expect(cut.org.revenue).toBe(whole.org.revenue);
    expect(cut.org.previous_revenue).not.toBe(whole.org.previous_revenue);
  });

  it('the previous period’s records are the cut previous period’s', async () => {
    const previous = await t.getJson<DrilldownResponse>(
      '/api/v1/drilldown?metric=previous_revenue&period=2026-Q1&asof=2026-02-14&pageSize=500',
    );
    const plain = await t.getJson<DrilldownResponse>(
      '/api/v1/drilldown?metric=deals_won&from=2025-10-01&to=2025-11-14&pageSize=500',
    );
    expect(previous.total).toBeGreaterThan(0);
    expect(previous.total).toBe(plain.total);
    expect(previous.rows.map((row) => row.id)).toEqual(plain.rows.map((row) => row.id));
  });

  it.each([
    ['period=2026-Q1&asof=2026-04-01', 'asof', 'outside 2026-Q1'],
    ['period=2026-Q1&asof=2026-02-30', 'asof', 'not a date'],
    ['from=2026-01-01&to=2026-03-31&asof=2026-02-14', 'asof', 'cuts a named period'],
    ['period=2026-Q1&asof=14-02-2026', 'asof', 'YYYY-MM-DD'],
  ])('refuses %s naming %s', async (query, field, message) => {
    const response = await t.app.inject({ url: `/api/v1/kpis?${query}` });
    expect(response.statusCode).toBe(400);
    const body = response.json() as { field: string; message: string };
    expect(body.field).toBe(field);
    expect(body.message).toContain(message);
  });
});
