import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchGoalProgress } from '../../../bench/goal-progress.ts';
import { expectedReports } from '../../../test/support/conformance.ts';
import { snapshotGoals } from '../../../test/support/goal-snapshot.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { parseIsoDate } from '../../core/calendar-date.ts';
import { METRICS, type MetricKey } from '../../core/kpis/definitions.ts';
import { listGoalRows } from '../../db/goals-repo.ts';
import { findDefaultOrg, type OrgRecord } from '../../db/org-repo.ts';
import { filesInDirectory } from '../../importer/import-source.ts';
import { loadDemo } from '../demo-data.ts';
import { importFiles } from '../imports/import-files.ts';
import { kpiReport } from '../kpis/kpi-report.ts';
import { createDemoGoals } from './demo-goals.ts';
import { createGoal, listGoals } from './goals-service.ts';
import { targetLeaderboard } from './leaderboard.ts';
import { syncQuotaGoals } from './quota-sync.ts';
import { listTasks, taskStats } from './tasks-service.ts';

const SMALL = expectedReports('small');
const day = (text: string) => parseIsoDate(text)!;
const Q1 = { from: day('2026-01-01'), to: day('2026-03-31') };

describe.each(DIALECTS)('goal services on %s', (dialect) => {
  let store: TestStore;
  let org: OrgRecord;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    const result = await importFiles(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
    expect(result.ok).toBe(true);
    org = (await findDefaultOrg(store.db))!;
  });
  afterAll(() => store.dispose());

  it('syncs quota goals once, however many syncs run at the same time', async () => {
    const before = await snapshotGoals(store);
    await Promise.all([1, 2, 3].map(() => syncQuotaGoals(store, org, { force: true })));
    expect(await snapshotGoals(store)).toEqual(before);
    const quotaGoals = await listGoalRows(store.db, org.id, { kind: 'quota' });
    expect(new Set(quotaGoals.map((g) => `${g.start_date}|${g.due_date}`)).size).toBe(quotaGoals.length);
  });

  it('ranks reps by the mean capped progress of their own KPI targets, then by revenue attainment', async () => {
    const board = await targetLeaderboard(store, org, Q1, { today: day('2026-04-15') });
    const report = await kpiReport(store, org, Q1);
    // R11's Q1 quotas (targets.csv): revenue 20,611, deals won 8, units 7.
    const r11 = board.entries.find((e) => e.rep_id === 'R11')!;
    const capped = (actual: number | null, target: number) => Math.min(1, (actual ?? 0) / target);
    const values = report.reps.R11!;
    expect(r11.targets).toBe(3);
    expect(r11.attainment).toBeCloseTo(
      (capped(values.revenue, 20611) + capped(values.deals_won, 8) + capped(values.units, 7)) / 3,
      12,
    );
    expect(r11.attainment_revenue).toBe(values.attainment_revenue);
    const ranked = board.entries.map((e) => e.attainment ?? -1);
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    expect(board.entries.map((e) => e.rank)).toEqual(board.entries.map((_, i) => i + 1));
    // R05 has no quota in Q1 and no revenue target for it: not on the board.
    expect(board.entries.some((e) => e.rep_id === 'R05')).toBe(false);
  });

  it('counts each distinct rep target once on the leaderboard, however many goals show it', async () => {
    await createGoal(store, org, {
      name: 'R11 again',
      start_date: '2026-01-01',
      due_date: '2026-03-31',
      targets: [{ kind: 'kpi', metric: 'revenue', scope: 'rep:R11', is_quota: true }],
    });
    const board = await targetLeaderboard(store, org, Q1, { today: day('2026-04-15') });
    expect(board.entries.find((e) => e.rep_id === 'R11')!.targets).toBe(3);
  });

  it('counts a goal’s own, different aim for the same KPI as a target of its own', async () => {
    await createGoal(store, org, {
      name: 'R11 stretch',
      start_date: '2026-01-01',
      due_date: '2026-03-31',
      targets: [{ kind: 'kpi', metric: 'revenue', scope: 'rep:R11', target_value: 40000 }],
    });
    const board = await targetLeaderboard(store, org, Q1, { today: day('2026-04-15') });
    const r11 = board.entries.find((e) => e.rep_id === 'R11')!;
    const report = await kpiReport(store, org, Q1);
    expect(r11.targets).toBe(4);
    // The stretch aim is measured against its own 40,000, not the quota of 20,611.
    const values = report.reps.R11!;
    const capped = (actual: number | null, target: number) => Math.min(1, (actual ?? 0) / target);
    expect(r11.attainment).toBeCloseTo(
      (capped(values.revenue, 20611) +
        capped(values.deals_won, 8) +
        capped(values.units, 7) +
        capped(values.revenue, 40000)) /
        4,
      12,
    );
  });

  it('times progress for many goals and leaves the store as it found it', async () => {
    const before = await snapshotGoals(store);
    const result = await benchGoalProgress(store, { goals: 12, targets: 60, runs: 2, today: '2026-02-15' });
    expect(result).toMatchObject({ goals: 12, targets: 60 });
    expect(result.kpiTargets).toBeGreaterThanOrEqual(24);
    expect(result.periods).toBeGreaterThan(1);
    expect(result.coldMs).toBeGreaterThan(0);
    expect(result.all.goals).toBeGreaterThan(12);
    expect(await snapshotGoals(store)).toEqual(before);
  });
});

// `udn demo` opens on goals that look alive: KPI, number, true/false and tasks targets, tasks done and overdue.
describe('demo goals', () => {
  let store: TestStore;
  let org: OrgRecord;
  const TODAY = '2026-11-20';
  beforeAll(async () => {
    store = await createTestStore('sqlite');
    await loadDemo(store, { seed: 7, today: TODAY });
    org = (await findDefaultOrg(store.db))!;
  });
  afterAll(() => store.dispose());

  it('sets three goals for the running quarter, with every kind of target', async () => {
    const list = await listGoals(store, org, { kind: 'user' }, { today: day(TODAY) });
    expect(list.goals.map((g) => g.name)).toEqual([
      'Q4: grow the Jakarta team',
      'Q4: keep our customers',
      'Q4: Surabaya back to full strength',
    ]);
    const targets = list.goals.flatMap((g) => g.targets);
    expect(new Set(targets.map((t) => t.kind))).toEqual(new Set(['kpi', 'number', 'boolean', 'tasks']));
    for (const goal of list.goals)
      expect(goal).toMatchObject({ start_date: '2026-10-01', due_date: '2026-12-31' });
    const churn = targets.find((t) => t.metric === 'churn_rate')!;
    expect(churn).toMatchObject({ direction: 'at_most', target_value: 0.03 });
    const quota = targets.find((t) => t.metric === ('revenue' satisfies MetricKey))!;
    expect(quota.is_quota).toBe(true);
    expect(METRICS[quota.metric!].unit).toBe('money');
    const partners = targets.find((t) => t.kind === 'number')!;
    expect(partners).toMatchObject({
      current_value: 4,
      target_value: 6,
      last_update: { updated_by: 'Bambang Hartono' },
    });
    const tasks = await listTasks(store, org, {}, { today: day(TODAY) });
    expect(tasks.tasks.filter((t) => t.status === 'done').length).toBeGreaterThan(0);
    expect(tasks.tasks.filter((t) => t.overdue).length).toBeGreaterThan(0);
    const stats = await taskStats(
      store,
      org,
      { from: day('2026-10-01'), to: day('2026-12-31') },
      { today: day(TODAY) },
    );
    expect(Object.values(stats).reduce((n, s) => n + s.completed, 0)).toBe(3);
  });

  it('does not add them twice', async () => {
    expect(await createDemoGoals(store, org, day(TODAY))).toBe(0);
    expect((await listGoalRows(store.db, org.id, { kind: 'user' })).length).toBe(3);
  });
});
