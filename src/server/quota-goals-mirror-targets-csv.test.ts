import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { snapshotGoals } from '../../test/support/goal-snapshot.ts';
import { createTestApp, SMALL, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { LiveEvent } from '../core/contracts/api.ts';
import type { Goal, GoalList, GoalTarget, QuotaChange } from '../core/contracts/goals.ts';
import type { KpiReport } from '../core/kpis/report.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { importFiles } from '../services/imports/import-files.ts';

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

// One store of quotas: the quota goals show targets.csv and editing them edits the quotas; a user
// goal's target changes a quota only when it was explicitly made that quota (docs/adr/0008).
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
    t.app.udn.orgChanged((await t.org()).id);
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

  const history = (query: string) => t.getJson<QuotaChange[]>(`/api/v1/quotas/history?${query}`);
  const rowOf = (scope: string, metric: string, from: string, to: string) =>
    t.store.db
      .selectFrom('targets')
      .selectAll()
      .where('scope', '=', scope)
      .where('metric', '=', metric)
      .where('period_start', '=', from)
      .where('period_end', '=', to)
      .executeTakeFirst();

  it('editing a quota goal’s target edits the quota, recorded with who did it; the KPI report follows', async () => {
    const before = await q1();
    const version = (await t.org()).data_version;
    const target = (await quotaTargets()).find(
      (x) => keyOf(x) === 'team:Jakarta|revenue|2026-01-01|2026-03-31',
    )!;
    const url = `/api/v1/goals/${target.goal_id}/targets/${target.id}`;
    // Who changes a quota is recorded: the signed-in person's email, whatever name is sent.
    const publish = vi.spyOn(t.app.udn.live, 'publish');
    const response = await send('PATCH', url, { target_value: 250000, updated_by: 'Ana' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<GoalTarget>()).toMatchObject({ target_value: 250000, quota_value: 250000 });
    expect((await t.org()).data_version).toBe(version + 1);
    const after = await q1();
    expect(before.teams.Jakarta!.target_revenue).toBe(190857);
    expect(after.teams.Jakarta!.target_revenue).toBe(250000);
    expect(after.teams.Jakarta!.attainment_revenue).toBeCloseTo(after.teams.Jakarta!.revenue! / 250000, 12);
    expect(publish.mock.calls.map(([, e]) => (e as LiveEvent).type)).toContain('goals-changed');
    publish.mockRestore();
    const [change] = await history(
      'scope=team:Jakarta&metric=revenue&period_start=2026-01-01&period_end=2026-03-31',
    );
    expect(change).toMatchObject({
      action: 'set',
      updated_by: t.owner.user.email,
      old_value: 190857,
      new_value: 250000,
      goal_id: target.goal_id,
      goal_name: 'Sales quotas 2026-Q1',
      target_id: target.id,
      target_name: 'Revenue — Team Jakarta',
    });
    expect(Date.parse(change!.at)).toBeGreaterThan(0);

    // A re-import of targets.csv sets the quota back, and the goal reads it: never a stale copy.
    await reimport();
    const again = (await quotaTargets()).find((x) => x.id === target.id)!;
    expect(again.target_value).toBe(190857);
  });

  // Issue 8, item 1: "New customers · Whole organisation · 15" in a new goal rewrote the quota 38 → 15.
  it('a user goal’s KPI target holds its own value: the quota, the report and the quota goal do not move', async () => {
    const report = await q1();
    const quotaGoal = (await quotaGoals()).find((g) => g.name === 'Sales quotas 2026-Q1')!;
    const snapshot = await snapshotGoals(t.store);
    const response = await send('POST', '/api/v1/goals', {
      name: 'More new customers',
      start_date: '2026-01-01',
      due_date: '2026-03-31',
      targets: [{ kind: 'kpi', metric: 'new_customers', scope: 'org', target_value: 15 }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const goal = response.json<Goal>();
    // targets.csv: org,new_customers,2026-01-01,2026-03-31,45 — shown beside the goal's own 15.
    expect(goal.targets[0]).toMatchObject({
      is_quota: false,
      target_value: 15,
      quota_value: 45,
      current_value: report.org.new_customers,
    });
    expect(goal.targets[0]!.raw_progress).toBeCloseTo(report.org.new_customers! / 15, 12);
    const after = await q1();
    expect(after.org.target_new_customers).toBe(45);
    expect(after.org.attainment_new_customers).toBe(report.org.attainment_new_customers);
    expect(after).toEqual(report);
    const quotaGoalAfter = (await quotaGoals()).find((g) => g.id === quotaGoal.id)!;
    expect(quotaGoalAfter).toEqual(quotaGoal);
    const written = await snapshotGoals(t.store);
    expect(written.targets).toEqual(snapshot.targets);
    expect(written.orgs).toEqual(snapshot.orgs);
    expect(written.quota_changes).toEqual(snapshot.quota_changes);

    // Changing and deleting it leaves the quota alone too.
    const url = `/api/v1/goals/${goal.id}/targets/${goal.targets[0]!.id}`;
    expect((await send('PATCH', url, { target_value: 20 })).json<GoalTarget>().target_value).toBe(20);
    expect((await send('DELETE', `/api/v1/goals/${goal.id}`)).statusCode).toBe(204);
    expect(await q1()).toEqual(report);
    expect((await snapshotGoals(t.store)).targets).toEqual(snapshot.targets);
  });

  it('a target made the quota explicitly creates it, recorded; its goal can go, the quota stays', async () => {
    const countBefore = (await quotaTargets()).length;
    const body = {
      name: 'R12 in Q1',
      start_date: '2026-01-01',
      due_date: '2026-03-31',
      targets: [{ kind: 'kpi', metric: 'deals_won', scope: 'rep:R12', target_value: 9, is_quota: true }],
    };
    expect(await rowOf('rep:R12', 'deals_won', '2026-01-01', '2026-03-31')).toBeUndefined();

    const response = await send('POST', '/api/v1/goals', { ...body, updated_by: 'Budi' });
    expect(response.statusCode, response.body).toBe(201);
    const goal = response.json<Goal>();
    expect(goal.targets[0]).toMatchObject({ is_quota: true, target_value: 9, quota_value: 9 });
    expect((await q1()).reps.R12!.target_deals_won).toBe(9);
    expect(await rowOf('rep:R12', 'deals_won', '2026-01-01', '2026-03-31')).toMatchObject({
      value: 9,
      import_id: 0,
      source_line: 0,
    });
    expect(await history(`target_id=${goal.targets[0]!.id}`)).toEqual([
      expect.objectContaining({
        action: 'created',
        updated_by: t.owner.user.email,
        scope: 'rep:R12',
        metric: 'deals_won',
        period_start: '2026-01-01',
        period_end: '2026-03-31',
        old_value: null,
        new_value: 9,
        goal_id: goal.id,
        goal_name: 'R12 in Q1',
      }),
    ]);
    // While the user goal is that quota, the quota goals leave it to it.
    expect(await quotaTargets()).toHaveLength(countBefore);

    // Deleting the goal leaves the company quota as it is; it then shows in the quota goals.
    const version = (await t.org()).data_version;
    expect((await send('DELETE', `/api/v1/goals/${goal.id}`)).statusCode).toBe(204);
    expect((await t.org()).data_version).toBe(version);
    expect((await q1()).reps.R12!.target_deals_won).toBe(9);
    const mirrors = await quotaTargets();
    expect(mirrors).toHaveLength(countBefore + 1);
    expect(mirrors.find((x) => keyOf(x) === 'rep:R12|deals_won|2026-01-01|2026-03-31')).toMatchObject({
      is_quota: true,
      target_value: 9,
    });
  });

  it('a target made the quota without a value adopts the quota there, and nothing is recorded', async () => {
    const response = await send('POST', '/api/v1/goals', {
      name: 'Surabaya Q1',
      start_date: '2026-01-01',
      due_date: '2026-03-31',
      targets: [{ kind: 'kpi', metric: 'revenue', scope: 'team:Surabaya', is_quota: true }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const goal = response.json<Goal>();
    const version = (await t.org()).data_version;
    expect(goal.targets[0]).toMatchObject({ is_quota: true, target_value: 292680 });
    expect(await history(`goal_id=${goal.id}`)).toEqual([]);
    expect((await send('DELETE', `/api/v1/goals/${goal.id}`)).statusCode).toBe(204);
    expect((await t.org()).data_version).toBe(version);
    expect((await q1()).teams.Surabaya!.target_revenue).toBe(292680);
  });

  it('is_quota true makes a target’s own value the quota; false makes it independent with that value', async () => {
    const q2 = () => t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q2');
    const goal = (
      await send('POST', '/api/v1/goals', {
        name: 'Q2 revenue',
        start_date: '2026-04-01',
        due_date: '2026-06-30',
        targets: [{ kind: 'kpi', metric: 'revenue', scope: 'org', target_value: 600000, start_value: 1000 }],
      })
    ).json<Goal>();
    // targets.csv: org,revenue,2026-04-01,2026-06-30,582397
    expect(goal.targets[0]).toMatchObject({ is_quota: false, target_value: 600000, quota_value: 582397 });
    const url = `/api/v1/goals/${goal.id}/targets/${goal.targets[0]!.id}`;
    const linked = await send('PATCH', url, { is_quota: true, updated_by: 'Citra' });
    expect(linked.statusCode, linked.body).toBe(200);
    // A quota is measured from zero: the start of its own goes with the choice.
    expect(linked.json<GoalTarget>()).toMatchObject({
      is_quota: true,
      target_value: 600000,
      start_value: null,
    });
    expect((await q2()).org.target_revenue).toBe(600000);
    expect((await history('scope=org&metric=revenue&period_start=2026-04-01'))[0]).toMatchObject({
      action: 'set',
      updated_by: t.owner.user.email,
      old_value: 582397,
      new_value: 600000,
    });

    const unlinked = await send('PATCH', url, { is_quota: false });
    expect(unlinked.statusCode, unlinked.body).toBe(200);
    expect(unlinked.json<GoalTarget>()).toMatchObject({ is_quota: false, target_value: 600000 });
    // Its own value now: a later change of the quota does not move it, nor does it move the quota.
    expect((await send('PATCH', url, { target_value: 700000 })).statusCode).toBe(200);
    expect((await q2()).org.target_revenue).toBe(600000);
    await reimport();
    expect((await t.getJson<Goal>(`/api/v1/goals/${goal.id}`)).targets[0]).toMatchObject({
      target_value: 700000,
      quota_value: 582397,
    });
    await send('DELETE', `/api/v1/goals/${goal.id}`);
  });

  it('re-dating a goal never moves a quota: its quota targets keep their period', async () => {
    const goal = (
      await send('POST', '/api/v1/goals', {
        name: 'R12 units',
        start_date: '2026-01-01',
        due_date: '2026-01-31',
        updated_by: 'Dewi',
        targets: [{ kind: 'kpi', metric: 'units', scope: 'rep:R12', target_value: 40, is_quota: true }],
      })
    ).json<Goal>();
    const version = (await t.org()).data_version;
    const moved = await send('PATCH', `/api/v1/goals/${goal.id}`, {
      due_date: '2026-02-28',
      version: goal.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<Goal>().targets[0]).toMatchObject({
      is_quota: true,
      target_value: 40,
      period_start: '2026-01-01',
      period_end: '2026-01-31',
    });
    const rows = await t.store.db
      .selectFrom('targets')
      .select(['period_end', 'value'])
      .where('scope', '=', 'rep:R12')
      .where('metric', '=', 'units')
      .where('period_start', '=', '2026-01-01')
      .execute();
    expect(rows).toEqual([{ period_end: '2026-01-31', value: 40 }]);
    expect((await t.org()).data_version).toBe(version);
    await send('DELETE', `/api/v1/goals/${goal.id}`);
  });

  it('deleting a quota goal’s target deletes the quota, recorded, and the sync does not bring it back', async () => {
    const target = (await quotaTargets()).find((x) => keyOf(x) === 'rep:R06|revenue|2026-01-01|2026-03-31')!;
    const url = `/api/v1/goals/${target.goal_id}/targets/${target.id}`;
    expect((await q1()).reps.R06!.target_revenue).toBe(36888);
    expect((await send('DELETE', `${url}?updated_by=Ana`)).statusCode).toBe(204);
    expect((await q1()).reps.R06!.target_revenue).toBeNull();
    expect((await history('scope=rep:R06&metric=revenue&period_start=2026-01-01'))[0]).toMatchObject({
      action: 'deleted',
      updated_by: t.owner.user.email,
      old_value: 36888,
      new_value: null,
      target_id: target.id,
    });
    await t.getJson('/api/v1/goals');
    expect((await quotaTargets()).some((x) => keyOf(x) === keyOf(target))).toBe(false);
    // Importing targets.csv again brings the quota back, and with it its quota target.
    await reimport();
    expect((await quotaTargets()).some((x) => keyOf(x) === keyOf(target))).toBe(true);
  });

  it('deleting a quota goal’s target that a user goal still is hands the quota over to that goal', async () => {
    const key = 'rep:R09|revenue|2026-01-01|2026-03-31';
    const user = (
      await send('POST', '/api/v1/goals', {
        name: 'R09 Q1',
        start_date: '2026-01-01',
        due_date: '2026-03-31',
        targets: [{ kind: 'kpi', metric: 'revenue', scope: 'rep:R09', is_quota: true }],
      })
    ).json<Goal>();
    const mirror = (await quotaTargets()).find((x) => keyOf(x) === key)!;
    const url = `/api/v1/goals/${mirror.goal_id}/targets/${mirror.id}?updated_by=Ana`;
    expect((await send('DELETE', url)).statusCode).toBe(204);
    await t.getJson('/api/v1/goals');
    expect((await quotaTargets()).some((x) => keyOf(x) === key)).toBe(false);
    expect((await t.getJson<Goal>(`/api/v1/goals/${user.id}`)).targets[0]!.target_value).toBe(36739);
    expect((await q1()).reps.R09!.target_revenue).toBe(36739);
    expect((await history(`target_id=${mirror.id}`))[0]).toMatchObject({
      action: 'handed_over',
      old_value: 36739,
      new_value: 36739,
    });
  });

  it('a quota goal left without quotas goes away', async () => {
    const odd = (await quotaGoals()).find((g) => g.name === 'Sales quotas 2026-02-10 – 2026-03-26')!;
    await t.store.db.deleteFrom('goal_targets').where('goal_id', '=', odd.id).execute();
    await t.store.db.deleteFrom('targets').where('period_start', '=', '2026-02-10').execute();
    await t.store.db
      .updateTable('orgs')
      .set((eb) => ({ data_version: eb('data_version', '+', 1) }))
      .execute();
    t.app.udn.orgChanged((await t.org()).id);
    expect((await quotaGoals()).some((g) => g.id === odd.id)).toBe(false);
  });
});
