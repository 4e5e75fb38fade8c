import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../core/contracts/api.ts';
import type { Goal, GoalList, GoalTarget } from '../core/contracts/goals.ts';
import type { KpiReport } from '../core/kpis/report.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { importFiles } from '../services/post-import.ts';
import { snapshotGoals } from '../test-support/goal-snapshot.ts';
import { DIALECTS } from '../test-support/test-stores.ts';
import { createTestApp, SMALL, type TestApp } from './test-app.ts';

/** The rows of examples/small/data/targets.csv. */
const CSV_ROWS = fs
  .readFileSync(path.join(SMALL.dataDir, 'targets.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [scope, metric, from, to, value] = line.split(',') as [string, string, string, string, string];
    return { scope, metric, from, to, value: Number(value) };
  });
const keyOf = (r: { scope: string | null; metric: string | null; from: string; to: string }) =>
  `${r.scope}|${r.metric}|${r.from}|${r.to}`;

// Sales quotas and goals are one model: the quota goals show targets.csv, and editing them edits the quotas.
describe.each(DIALECTS)('quota goals mirror targets.csv on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.dispose());

  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  const quotaGoals = async () => (await t.getJson<GoalList>('/api/v1/goals?kind=quota')).goals;
  const quotaTargets = async () => (await quotaGoals()).flatMap((g) => g.targets);
  const reimport = async () => {
    const result = await importFiles(t.store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
    expect(result.ok).toBe(true);
    t.app.udn.orgChanged();
  };
  const q1 = () => t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q1');

  it('one quota goal per quota period, one KPI target per row, with the row’s value', async () => {
    const goals = await quotaGoals();
    const periods = new Set(CSV_ROWS.map((r) => `${r.from}|${r.to}`));
    expect(goals).toHaveLength(periods.size);
    expect(goals.map((g) => g.name)).toEqual(
      expect.arrayContaining([
        'Sales quotas 2026-Q1',
        'Sales quotas 2025',
        'Sales quotas 2026-02-10 – 2026-03-26',
      ]),
    );
    for (const goal of goals) {
      expect(goal).toMatchObject({ kind: 'quota', folder_name: 'Sales quotas', shares: ['org'] });
    }
    const targets = goals.flatMap((g) => g.targets);
    expect(targets).toHaveLength(CSV_ROWS.length);
    const byKey = new Map(targets.map((x) => [keyOf(x), x]));
    for (const row of CSV_ROWS) {
      expect(byKey.get(keyOf(row)), keyOf(row)).toMatchObject({
        kind: 'kpi',
        is_quota: true,
        direction: 'at_least',
        target_value: row.value,
      });
    }
  });

  it('a re-import of the same files changes no goal, target or quota', async () => {
    const before = await snapshotGoals(t.store);
    await reimport();
    await t.getJson('/api/v1/goals');
    const after = await snapshotGoals(t.store);
    // Only the organisation's data version and the rows' import ids move with an import.
    const { orgs: _o1, targets: _t1, ...goalsBefore } = before;
    const { orgs: _o2, targets: _t2, ...goalsAfter } = after;
    expect(goalsAfter).toEqual(goalsBefore);
    expect(await quotaTargets()).toHaveLength(CSV_ROWS.length);
  });

  it('editing a quota target’s value edits the quota: the KPI report’s target and attainment follow', async () => {
    const before = await q1();
    const version = (await t.org()).data_version;
    const target = (await quotaTargets()).find(
      (x) => keyOf(x) === 'team:Jakarta|revenue|2026-01-01|2026-03-31',
    )!;
    const publish = vi.spyOn(t.app.udn.live, 'publish');
    const response = await send('PATCH', `/api/v1/goals/${target.goal_id}/targets/${target.id}`, {
      target_value: 250000,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<GoalTarget>().target_value).toBe(250000);
    expect((await t.org()).data_version).toBe(version + 1);
    const after = await q1();
    expect(before.teams.Jakarta!.target_revenue).toBe(190857);
    expect(after.teams.Jakarta!.target_revenue).toBe(250000);
    expect(after.teams.Jakarta!.attainment_revenue).toBeCloseTo(after.teams.Jakarta!.revenue! / 250000, 12);
    expect(publish.mock.calls.map(([, e]) => (e as LiveEvent).type)).toContain('goals-changed');
    publish.mockRestore();

    // A re-import of targets.csv sets the quota back, and the goal reads it: never a stale copy.
    await reimport();
    const again = (await quotaTargets()).find((x) => x.id === target.id)!;
    expect(again.target_value).toBe(190857);
  });

  it('a user goal’s quota target creates the quota; deleting it deletes the quota', async () => {
    const countBefore = (await quotaTargets()).length;
    const response = await send('POST', '/api/v1/goals', {
      name: 'R12 in Q1',
      start_date: '2026-01-01',
      due_date: '2026-03-31',
      targets: [{ kind: 'kpi', metric: 'deals_won', scope: 'rep:R12', target_value: 9 }],
    });
    const goal = response.json<Goal>();
    expect(goal.targets[0]).toMatchObject({ is_quota: true, target_value: 9 });
    expect((await q1()).reps.R12!.target_deals_won).toBe(9);
    const row = await t.store.db
      .selectFrom('targets')
      .selectAll()
      .where('scope', '=', 'rep:R12')
      .where('metric', '=', 'deals_won')
      .where('period_start', '=', '2026-01-01')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ value: 9, import_id: 0, source_line: 0 });
    // The quota goals mirror imported quotas only: this one lives in its goal.
    expect(await quotaTargets()).toHaveLength(countBefore);

    const version = (await t.org()).data_version;
    expect((await send('DELETE', `/api/v1/goals/${goal.id}/targets/${goal.targets[0]!.id}`)).statusCode).toBe(
      204,
    );
    expect((await t.org()).data_version).toBe(version + 1);
    expect((await q1()).reps.R12!.target_deals_won).toBeNull();
  });

  it('a quota target without a value adopts the imported quota, which outlives the user goal', async () => {
    const response = await send('POST', '/api/v1/goals', {
      name: 'Surabaya Q1',
      start_date: '2026-01-01',
      due_date: '2026-03-31',
      targets: [{ kind: 'kpi', metric: 'revenue', scope: 'team:Surabaya' }],
    });
    const goal = response.json<Goal>();
    const version = (await t.org()).data_version;
    expect(goal.targets[0]).toMatchObject({ is_quota: true, target_value: 292680 });
    expect((await send('DELETE', `/api/v1/goals/${goal.id}`)).statusCode).toBe(204);
    expect((await t.org()).data_version).toBe(version);
    expect((await q1()).teams.Surabaya!.target_revenue).toBe(292680);
  });

  it('moving a goal’s dates moves its quotas: the new period’s is adopted, else created with the value', async () => {
    const goal = (
      await send('POST', '/api/v1/goals', {
        name: 'R12 units',
        start_date: '2026-01-01',
        due_date: '2026-01-31',
        targets: [{ kind: 'kpi', metric: 'units', scope: 'rep:R12', target_value: 40 }],
      })
    ).json<Goal>();
    const moved = await send('PATCH', `/api/v1/goals/${goal.id}`, {
      due_date: '2026-02-28',
      version: goal.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<Goal>().targets[0]).toMatchObject({ target_value: 40, to: '2026-02-28' });
    const rows = await t.store.db
      .selectFrom('targets')
      .select(['period_end', 'value'])
      .where('scope', '=', 'rep:R12')
      .where('metric', '=', 'units')
      .where('period_start', '=', '2026-01-01')
      .execute();
    expect(rows).toEqual([{ period_end: '2026-02-28', value: 40 }]);
    await send('DELETE', `/api/v1/goals/${goal.id}`);
  });

  it('deleting a quota target deletes the quota, and the sync does not bring it back', async () => {
    const target = (await quotaTargets()).find((x) => keyOf(x) === 'rep:R06|revenue|2026-01-01|2026-03-31')!;
    expect((await q1()).reps.R06!.target_revenue).toBe(36888);
    expect((await send('DELETE', `/api/v1/goals/${target.goal_id}/targets/${target.id}`)).statusCode).toBe(
      204,
    );
    expect((await q1()).reps.R06!.target_revenue).toBeNull();
    await t.getJson('/api/v1/goals');
    expect((await quotaTargets()).some((x) => keyOf(x) === keyOf(target))).toBe(false);
    // Importing targets.csv again brings the quota back, and with it its quota target.
    await reimport();
    expect((await quotaTargets()).some((x) => keyOf(x) === keyOf(target))).toBe(true);
  });

  it('deleting a quota goal’s mirror that a user goal still uses hands the quota over to that goal', async () => {
    const key = 'rep:R09|revenue|2026-01-01|2026-03-31';
    const user = (
      await send('POST', '/api/v1/goals', {
        name: 'R09 Q1',
        start_date: '2026-01-01',
        due_date: '2026-03-31',
        targets: [{ kind: 'kpi', metric: 'revenue', scope: 'rep:R09' }],
      })
    ).json<Goal>();
    const mirror = (await quotaTargets()).find((x) => keyOf(x) === key)!;
    expect((await send('DELETE', `/api/v1/goals/${mirror.goal_id}/targets/${mirror.id}`)).statusCode).toBe(
      204,
    );
    await t.getJson('/api/v1/goals');
    expect((await quotaTargets()).some((x) => keyOf(x) === key)).toBe(false);
    expect((await t.getJson<Goal>(`/api/v1/goals/${user.id}`)).targets[0]!.target_value).toBe(36739);
    expect((await q1()).reps.R09!.target_revenue).toBe(36739);
  });

  it('a quota goal left without quotas goes away', async () => {
    const odd = (await quotaGoals()).find((g) => g.name === 'Sales quotas 2026-02-10 – 2026-03-26')!;
    await t.store.db.deleteFrom('goal_targets').where('goal_id', '=', odd.id).execute();
    await t.store.db.deleteFrom('targets').where('period_start', '=', '2026-02-10').execute();
    await t.store.db
      .updateTable('orgs')
      .set((eb) => ({ data_version: eb('data_version', '+', 1) }))
      .execute();
    t.app.udn.orgChanged();
    expect((await quotaGoals()).some((g) => g.id === odd.id)).toBe(false);
  });
});
