import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL } from '../../../test/support/test-app.ts';
import { addTestPerson, firstOrg } from '../../../test/support/test-people.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { cliPrincipal, type Principal } from '../../core/access/principal.ts';
import { parseIsoDate } from '../../core/calendar-date.ts';
import type { Widget } from '../../core/contracts/api.ts';
import { formatValue } from '../../core/format.ts';
import { type DayRange, type ResolvedPeriod, resolvePeriod } from '../../core/periods.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { filesInDirectory } from '../../importer/import-source.ts';
import { runImport } from '../../importer/run-import.ts';
import { principalOfToken } from '../access/api-tokens.ts';
import { createDashboard, shareDashboard } from '../dashboards/dashboards.ts';
import { kpiReport } from '../kpis/kpi-report.ts';
import { seriesFor } from '../kpis/series.ts';
import { dashboardSnapshot } from './dashboard-snapshot.ts';
import type { FigureItem, SnapshotItem, TableItem } from './snapshot-types.ts';

const period = (name: string): ResolvedPeriod => {
  const resolved = resolvePeriod({ period: name }, 1);
  if (!resolved.ok) throw new Error(resolved.reason);
  return resolved;
};

const usd = (value: number | null, unit: 'money' | 'ratio' | 'count') =>
  formatValue(value, unit, { locale: 'en', currency: 'USD' });

const at = (y: number, x = 0) => ({ x, y, w: 3, h: 5 });

/** A dashboard of every kind of widget, with overrides of period and scope. */
const WIDGETS: Widget[] = [
  { id: 'revenue', type: 'kpi_card', layout: at(0), config: { metric: 'revenue' } },
  {
    id: 'jakarta-feb',
    type: 'kpi_card',
    layout: at(0, 3),
    config: { metric: 'deals_won', scope: 'team:Jakarta', period: '2026-02' },
  },
  { id: 'table', type: 'team_table', layout: at(5), config: { metrics: ['revenue', 'deals_won'] } },
  { id: 'board', type: 'leaderboard', layout: at(10), config: { metric: 'revenue', by: 'team' } },
  { id: 'note', type: 'text_note', layout: at(15), config: { text: 'Price increase on 1 March.' } },
  { id: 'goal', type: 'goal_progress', layout: at(20), config: { goalId: 999 } },
  { id: 'stages', type: 'pie_chart', layout: at(25), config: { dimension: 'deal_stage' } },
  { id: 'trend', type: 'line_chart', layout: at(30), config: { metric: 'revenue', grain: 'month' } },
];

describe.each(DIALECTS)('dashboard snapshot on %s', (dialect) => {
  let store: TestStore;
  let org: OrgRecord;
  let admin: Principal;
  let dashboardId: number;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    const result = await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
    expect(result.errors).toEqual([]);
    org = await firstOrg(store);
    admin = cliPrincipal(org.id);
    dashboardId = (await createDashboard(store, org.id, { name: 'Every widget', widgets: WIDGETS })).id;
    // Made by the command line, it is the admins' until shared: shared with everyone here.
    await shareDashboard(store, org.id, dashboardId, [{ scope: 'org', canEdit: false }]);
  });
  afterAll(() => store.dispose());

  const item = <K extends SnapshotItem['kind']>(items: SnapshotItem[], id: string, kind: K) => {
    const found = items.find((i) => i.id === id);
    expect(found?.kind).toBe(kind);
    return found as Extract<SnapshotItem, { kind: K }>;
  };

  it('widgets in reading order, each with the numbers of its own period and scope', async () => {
    const snapshot = await dashboardSnapshot(store, org, dashboardId, period('2026-Q1'), admin, {
      now: Date.parse('2026-04-10T03:00:00Z'),
    });
    expect(snapshot.items.map((i) => i.id)).toEqual(WIDGETS.map((w) => w.id));
    expect(snapshot.title).toBe('Every widget');
    expect(snapshot.generatedAt).toBe('Apr 10, 2026, 10:00 AM (Asia/Jakarta)');
    const [q1, q4, feb, jan] = await Promise.all(
      ['2026-Q1', '2025-Q4', '2026-02', '2026-01'].map((name) => kpiReport(store, org, period(name))),
    );
    const revenue: FigureItem = item(snapshot.items, 'revenue', 'figure');
    expect(revenue.value).toBe(usd(q1!.org.revenue, 'money'));
    expect(revenue.value).toBe('$221,903.21');
    expect(revenue.previous).toBe(usd(q4!.org.revenue, 'money'));
    const jakarta = item(snapshot.items, 'jakarta-feb', 'figure');
    expect(jakarta.value).toBe(usd(feb!.teams.Jakarta!.deals_won, 'count'));
    // Its own period is compared with the month before it.
    expect(jakarta.previous).toBe(usd(jan!.teams.Jakarta!.deals_won, 'count'));
    expect(jakarta.link).toBe(
      `/dashboards/${dashboardId}?from=2026-02-01&to=2026-02-28&scope=team%3AJakarta`,
    );
    const board: TableItem = item(snapshot.items, 'board', 'table');
    expect(board.rows[0]).toEqual(['1', 'Jakarta', '$74,228.39']);
    expect(item(snapshot.items, 'note', 'text').text).toBe('Price increase on 1 March.');
    expect(item(snapshot.items, 'goal', 'text').text).toMatch(/no longer exists or is not visible/);
    const stages = item(snapshot.items, 'stages', 'chart');
    expect(stages.chart.type).toBe('pie');
    expect(stages.chart.labels).toEqual(stages.chart.series[0]!.values.map((v) => usd(v, 'count')));
    // A revenue chart carries the revenue target of each month, both from the series service.
    const trend = item(snapshot.items, 'trend', 'chart');
    const range = { from: q1!.period.from, to: q1!.period.to };
    const [actual, target] = await Promise.all(
      (['revenue', 'target_revenue'] as const).map((metric) =>
        seriesFor(store, org, { metric, grain: 'month', scope: { kind: 'org' }, range: toRange(range) }),
      ),
    );
    expect(trend.chart.categories).toEqual(['Jan 2026', 'Feb 2026', 'Mar 2026']);
    expect(trend.chart.series[0]!.values).toEqual(actual!.points.map((p) => p.value));
    expect(trend.chart.series[1]).toEqual({
      name: 'Target',
      values: target!.points.map((p) => p.value),
      target: true,
    });
    expect(trend.chart.series[1]!.values.every((v) => v !== null && v > 0)).toBe(true);
  });

  it('compares with the same period last year when asked', async () => {
    const snapshot = await dashboardSnapshot(store, org, dashboardId, period('2026-Q1'), admin, {
      compare: 'last-year',
      widgetId: 'revenue',
    });
    const lastYear = await kpiReport(store, org, period('2025-Q1'));
    expect(snapshot.comparedWith).toBe('compared with the same period last year, Jan 1, 2025 – Mar 31, 2025');
    expect(snapshot.items).toHaveLength(1);
    expect(item(snapshot.items, 'revenue', 'figure').previous).toBe(usd(lastYear.org.revenue, 'money'));
  });

  it("a manager's team table holds their team's reps and every team's totals, nobody else", async () => {
    const person = await addTestPerson(store, org, 'manager', { teams: ['Jakarta'] });
    const manager = await principalOfToken(store, person.token);
    if (!manager) throw new Error('the manager has a principal');
    const snapshot = await dashboardSnapshot(store, org, dashboardId, period('2026-Q1'), manager, {
      widgetId: 'table',
    });
    const table = item(snapshot.items, 'table', 'table');
    const names = table.rows.map((row) => row[0]);
    expect(names).toEqual([
      'Rep 4',
      'Rep 1',
      'Rep 7',
      'Rep 10',
      'Team Bandung',
      'Team Jakarta',
      'Team Surabaya',
      'Organisation',
    ]);
    expect(table.columns).toEqual(['Rep', 'Team', 'Revenue', 'Deals won', 'Tasks done', 'Tasks overdue']);
  });

  it('refuses a hidden rep scope (403) and an unknown widget (404), and hides a private dashboard (404)', async () => {
    const person = await addTestPerson(store, org, 'rep', { repId: 'R01' });
    const rep = await principalOfToken(store, person.token);
    if (!rep) throw new Error('the rep has a principal');
    await expect(
      dashboardSnapshot(store, org, dashboardId, period('2026-Q1'), rep, {
        scope: { kind: 'rep', id: 'R02' },
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      dashboardSnapshot(store, org, dashboardId, period('2026-Q1'), admin, { widgetId: 'nope' }),
    ).rejects.toMatchObject({ code: 'not_found', field: 'widgetId' });
    // A dashboard made by the command line and not shared is the admins': a rep does not see it.
    const hidden = await createDashboard(store, org.id, { name: 'Admins only', widgets: WIDGETS });
    await expect(dashboardSnapshot(store, org, hidden.id, period('2026-Q1'), rep)).rejects.toMatchObject({
      code: 'not_found',
    });
    // The same rep sees the shared one, without the other reps' rows.
    const seen = await dashboardSnapshot(store, org, dashboardId, period('2026-Q1'), rep, {
      widgetId: 'table',
    });
    expect(item(seen.items, 'table', 'table').rows.map((row) => row[0])).toEqual([
      'Rep 1',
      'Team Bandung',
      'Team Jakarta',
      'Team Surabaya',
      'Organisation',
    ]);
  });
});

const toRange = (text: { from: string; to: string }): DayRange => ({
  from: parseIsoDate(text.from) ?? 0,
  to: parseIsoDate(text.to) ?? 0,
});
