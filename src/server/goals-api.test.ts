import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { snapshotGoals } from '../../test/support/goal-snapshot.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError, LiveEvent } from '../core/contracts/api.ts';
import type {
  Goal,
  GoalFolder,
  GoalList,
  GoalMap,
  GoalProgress,
  GoalTarget,
  TargetUpdateEntry,
} from '../core/contracts/goals.ts';

// 10 April 2026 is the end of day 10 of April's 30: a linear target is expected at 1/3.
const TODAY = '2026-04-10';
const APRIL = { start_date: '2026-04-01', due_date: '2026-04-30' };

describe.each(DIALECTS)('/api/v1/goals on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.dispose());

  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  const created = async <T>(url: string, payload: unknown): Promise<T> => {
    const response = await send('POST', url, payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<T>();
  };
  const getGoal = (id: number) => t.getJson<Goal>(`/api/v1/goals/${id}?today=${TODAY}`);

  it('creates a goal with a target of every kind and computes progress by hand-checked rules', async () => {
    const folder = await created<GoalFolder>('/api/v1/goal-folders', { name: '2026-Q2' });
    const goal = await created<Goal>('/api/v1/goals', {
      name: 'April push',
      description: 'grow Jakarta',
      folder_id: folder.id,
      owner_rep_id: 'R01',
      ...APRIL,
      shares: ['team:Jakarta', 'rep:R07'],
      targets: [
        { kind: 'number', name: 'Partnerships', start_value: 2, target_value: 12, current_value: 4 },
        { kind: 'currency', name: 'Upsell', target_value: 1000, current_value: 250.5 },
        { kind: 'boolean', name: 'Hire', done: true },
        { kind: 'tasks', name: 'Visits' },
        { kind: 'kpi', metric: 'churn_rate', scope: 'org', target_value: 0.05 },
      ],
    });
    expect(goal).toMatchObject({
      name: 'April push',
      kind: 'user',
      folder_id: folder.id,
      folder_name: '2026-Q2',
      owner_rep_id: 'R01',
      owner_name: 'Rep 1',
      shares: ['rep:R07', 'team:Jakarta'],
      version: 1,
    });
    const view = await getGoal(goal.id);
    const [number, currency, boolean, tasks, kpi] = view.targets;
    // (4 − 2) / (12 − 2) = 0.2 against an expected 10/30: 0.2 < 0.8 × 1/3 → off track; 8 in 20 days.
    expect(number).toMatchObject({ kind: 'number', progress: 0.2, status: 'off_track', current_value: 4 });
    expect(number!.pacing.needed_per_day).toBeCloseTo(0.4, 12);
    expect(number!.pacing.expected).toBeCloseTo(1 / 3, 12);
    expect(currency).toMatchObject({ unit: 'money', progress: 0.2505, current_value: 250.5 });
    expect(boolean).toMatchObject({ kind: 'boolean', done: true, progress: 1, status: 'achieved' });
    expect(tasks).toMatchObject({
      kind: 'tasks',
      tasks: { done: 0, total: 0 },
      progress: null,
      status: 'no_data',
    });
    // Churn defaults to "stay at most" (its good direction is down) and is named after metric and scope.
    expect(kpi).toMatchObject({
      kind: 'kpi',
      direction: 'at_most',
      name: 'Churn rate — Organisation',
      is_quota: false,
      quota_value: null,
      unit: 'ratio',
    });
    // Goal: (0.2 + 0.2505 + 1 + 0 + churn progress) / 5, the unknown tasks target counting 0.
    expect(view.progress).toBeCloseTo((0.2 + 0.2505 + 1 + 0 + kpi!.progress!) / 5, 12);
    const list = await t.getJson<GoalList>(`/api/v1/goals?folder_id=${folder.id}&today=${TODAY}`);
    expect(list.goals.map((g) => g.id)).toEqual([goal.id]);
    expect(list.today).toBe(TODAY);
  });

  it('weights targets when weights are set', async () => {
    const goal = await created<Goal>('/api/v1/goals', {
      name: 'Weighted',
      ...APRIL,
      targets: [
        { kind: 'number', name: 'a', target_value: 10, current_value: 10, weight: 3 },
        { kind: 'number', name: 'b', target_value: 10, current_value: 2 },
      ],
    });
    // (3 × 1 + 1 × 0.2) / 4 = 0.8
    expect((await getGoal(goal.id)).progress).toBeCloseTo(0.8, 12);
    const b = goal.targets[1]!;
    await send('PATCH', `/api/v1/goals/${goal.id}/targets/${b.id}`, { weight: 1 });
    expect((await getGoal(goal.id)).progress).toBeCloseTo(0.8, 12);
    await send('PATCH', `/api/v1/goals/${goal.id}/targets/${b.id}`, { weight: 0 });
    expect((await getGoal(goal.id)).progress).toBe(1);
  });

  it('a goal without targets has no progress, and one in the future has not started', async () => {
    const goal = await created<Goal>('/api/v1/goals', {
      name: 'Later',
      start_date: '2026-07-01',
      due_date: '2026-09-30',
    });
    expect(goal).toMatchObject({ targets: [], progress: null });
    expect((await getGoal(goal.id)).status).toBe('not_started');
    expect(goal.shares).toEqual(['org']);
  });

  it('records hand-entered values with who and when, newest first', async () => {
    const goal = await created<Goal>('/api/v1/goals', {
      name: 'Partners',
      ...APRIL,
      targets: [{ kind: 'number', name: 'Signed', target_value: 6 }],
    });
    const target = goal.targets[0]!;
    const url = `/api/v1/goals/${goal.id}/targets/${target.id}/updates`;
    await created(url, { value: 1, updated_by: 'Ana', note: 'Gramedia' });
    const second = await created<{ update: TargetUpdateEntry; target: GoalTarget }>(url, {
      value: 3,
      updated_by: 'R02',
    });
    // A signed-in person is recorded by their email, whatever name the request gives.
    const me = t.owner.user.email;
    expect(second.update).toMatchObject({ value: 3, updated_by: me, note: null, target_id: target.id });
    expect(second.target).toMatchObject({ current_value: 3, progress: 0.5 });
    const history = await t.getJson<TargetUpdateEntry[]>(url);
    expect(history.map((u) => [u.value, u.updated_by, u.note])).toEqual([
      [3, me, null],
      [1, me, 'Gramedia'],
    ]);
    expect(Date.parse(history[0]!.at)).toBeGreaterThan(0);
    expect((await getGoal(goal.id)).targets[0]!.last_update).toMatchObject({ value: 3, updated_by: me });

    // A true/false target is done through the same history.
    const hire = await created<GoalTarget>(`/api/v1/goals/${goal.id}/targets`, {
      kind: 'boolean',
      name: 'Hire',
    });
    const done = await created<{ target: GoalTarget }>(
      `/api/v1/goals/${goal.id}/targets/${hire.id}/updates`,
      {
        value: 1,
        updated_by: 'Ana',
      },
    );
    expect(done.target).toMatchObject({ done: true, progress: 1, status: 'achieved' });
  });

  it('updates a goal with its version, and a stale version gets 409 and changes nothing', async () => {
    const goal = await created<Goal>('/api/v1/goals', { name: 'Shared', ...APRIL });
    const renamed = await send('PATCH', `/api/v1/goals/${goal.id}`, {
      name: 'Mine',
      due_date: '2026-05-31',
      shares: ['team:Surabaya'],
      version: 1,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json<Goal>()).toMatchObject({
      name: 'Mine',
      due_date: '2026-05-31',
      shares: ['team:Surabaya'],
      version: 2,
    });
    const before = await snapshotGoals(t.store);
    const stale = await send('PATCH', `/api/v1/goals/${goal.id}`, { name: 'Theirs', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<ApiError>()).toMatchObject({ error: 'conflict', field: 'version' });
    expect(await snapshotGoals(t.store)).toEqual(before);
    expect((await getGoal(goal.id)).name).toBe('Mine');
  });

  it('filters goals by who they are for', async () => {
    const forTeam = await created<Goal>('/api/v1/goals', {
      name: 'Bandung only',
      ...APRIL,
      shares: ['team:Bandung'],
    });
    const forRep = await created<Goal>('/api/v1/goals', { name: 'R05 only', ...APRIL, shares: ['rep:R05'] });
    const owned = await created<Goal>('/api/v1/goals', {
      name: 'Owned by R03',
      ...APRIL,
      shares: ['rep:R12'],
      owner_rep_id: 'R03',
    });
    const ids = async (scope: string) =>
      (await t.getJson<GoalList>(`/api/v1/goals?scope=${scope}&kind=user`)).goals.map((g) => g.id);
    // R03 is in Bandung: the team goal and the goal R03 owns; R05 (Surabaya) only its own.
    expect(await ids('rep:R03')).toEqual(expect.arrayContaining([forTeam.id, owned.id]));
    expect(await ids('rep:R03')).not.toContain(forRep.id);
    expect(await ids('rep:R05')).toContain(forRep.id);
    expect(await ids('rep:R05')).not.toContain(forTeam.id);
    expect(await ids('team:Bandung')).toEqual(expect.arrayContaining([forTeam.id, owned.id]));
    expect(await ids('team:Surabaya')).toContain(forRep.id);
    const unknown = await t.getJson<ApiError>('/api/v1/goals?scope=team:Atlantis', 400);
    expect(unknown.field).toBe('scope');
  });

  it('changes and deletes targets, and deletes goals and folders', async () => {
    const folder = await created<GoalFolder>('/api/v1/goal-folders', { name: 'Temp' });
    const goal = await created<Goal>('/api/v1/goals', {
      name: 'Temp goal',
      folder_id: folder.id,
      ...APRIL,
      targets: [{ kind: 'kpi', metric: 'new_leads', scope: 'team:Jakarta', target_value: 10 }],
    });
    const target = goal.targets[0]!;
    const changed = await send('PATCH', `/api/v1/goals/${goal.id}/targets/${target.id}`, {
      name: 'Leads',
      target_value: 20,
      scope: 'rep:R01',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<GoalTarget>()).toMatchObject({ name: 'Leads', target_value: 20, scope: 'rep:R01' });
    expect((await send('DELETE', `/api/v1/goals/${goal.id}/targets/${target.id}`)).statusCode).toBe(204);
    expect((await getGoal(goal.id)).targets).toEqual([]);
    expect((await send('DELETE', `/api/v1/goals/${goal.id}/targets/${target.id}`)).statusCode).toBe(404);

    // Deleting the folder keeps its goals, without a folder.
    expect((await send('DELETE', `/api/v1/goal-folders/${folder.id}`)).statusCode).toBe(204);
    expect((await getGoal(goal.id)).folder_id).toBeNull();
    expect((await send('DELETE', `/api/v1/goals/${goal.id}`)).statusCode).toBe(204);
    expect((await t.getJson<ApiError>(`/api/v1/goals/${goal.id}`, 404)).error).toBe('not_found');
    const folders = await t.getJson<GoalFolder[]>('/api/v1/goal-folders');
    expect(folders.map((f) => f.id)).not.toContain(folder.id);
  });

  it('a target of one goal is not reachable through another', async () => {
    const a = await created<Goal>('/api/v1/goals', {
      name: 'A',
      ...APRIL,
      targets: [{ kind: 'boolean', name: 'x' }],
    });
    const b = await created<Goal>('/api/v1/goals', { name: 'B', ...APRIL });
    const response = await send('PATCH', `/api/v1/goals/${b.id}/targets/${a.targets[0]!.id}`, { name: 'y' });
    expect(response.statusCode).toBe(404);
    expect(response.json<ApiError>().field).toBe('targetId');
  });

  describe('bad input is a 400 naming the field, and changes nothing', () => {
    let goal: Goal;
    let quotaGoal: Goal;
    beforeAll(async () => {
      goal = await created<Goal>('/api/v1/goals', {
        name: 'Fixture',
        ...APRIL,
        updated_by: 'Ana',
        targets: [
          { kind: 'boolean', name: 'flag' },
          { kind: 'kpi', metric: 'email_open_rate', target_value: 0.3 },
          { kind: 'currency', name: 'Upsell', target_value: 100 },
          { kind: 'kpi', metric: 'revenue', scope: 'rep:R12', target_value: 5000, is_quota: true },
        ],
      });
      quotaGoal = (await t.getJson<GoalList>('/api/v1/goals?kind=quota')).goals[0]!;
    });
    const target = (i: number) => `/api/v1/goals/${goal.id}/targets/${goal.targets[i]!.id}`;
    const addTo = () => `/api/v1/goals/${goal.id}/targets`;

    it.each([
      [
        'a target value on a true/false target',
        () => ['POST', `/api/v1/goals/${goal.id}/targets`, { kind: 'boolean', name: 'x', target_value: 5 }],
        'target_value',
      ],
      [
        'a KPI target without a metric',
        () => ['POST', `/api/v1/goals/${goal.id}/targets`, { kind: 'kpi', target_value: 5 }],
        'metric',
      ],
      [
        'an unknown metric',
        () => [
          'POST',
          `/api/v1/goals/${goal.id}/targets`,
          { kind: 'kpi', metric: 'profit', target_value: 5 },
        ],
        'metric',
      ],
      [
        'a scope naming a missing team',
        () => [
          'POST',
          `/api/v1/goals/${goal.id}/targets`,
          { kind: 'kpi', metric: 'new_leads', scope: 'team:Atlantis', target_value: 5 },
        ],
        'scope',
      ],
      [
        'a scope naming a missing rep',
        () => [
          'POST',
          `/api/v1/goals/${goal.id}/targets`,
          { kind: 'kpi', metric: 'new_leads', scope: 'rep:R99', target_value: 5 },
        ],
        'scope',
      ],
      [
        'an org-only metric for a team',
        () => [
          'POST',
          `/api/v1/goals/${goal.id}/targets`,
          { kind: 'kpi', metric: 'customer_acquisition_cost', scope: 'team:Jakarta', target_value: 5 },
        ],
        'scope',
      ],
      [
        'a number target without a value',
        () => ['POST', `/api/v1/goals/${goal.id}/targets`, { kind: 'number', name: 'n' }],
        'target_value',
      ],
      [
        'a currency value finer than cents',
        () => [
          'POST',
          `/api/v1/goals/${goal.id}/targets`,
          { kind: 'currency', name: 'c', target_value: 10.005 },
        ],
        'target_value',
      ],
      [
        'a KPI target on a quota metric without a value of its own',
        () => [
          'POST',
          `/api/v1/goals/${goal.id}/targets`,
          { kind: 'kpi', metric: 'revenue', scope: 'team:Jakarta' },
        ],
        'target_value',
      ],
      [
        'a target made a quota that does not exist, without a value',
        () => ['POST', addTo(), { kind: 'kpi', metric: 'units', scope: 'rep:R12', is_quota: true }],
        'target_value',
      ],
      [
        'a quota on a metric that has none',
        () => [
          'POST',
          addTo(),
          { kind: 'kpi', metric: 'email_open_rate', target_value: 0.3, is_quota: true, updated_by: 'Ana' },
        ],
        'is_quota',
      ],
      [
        'a ceiling made the quota',
        () => [
          'POST',
          addTo(),
          { kind: 'kpi', metric: 'revenue', direction: 'at_most', target_value: 9, is_quota: true },
        ],
        'is_quota',
      ],
      [
        'a number target made the quota',
        () => ['POST', addTo(), { kind: 'number', name: 'n', target_value: 9, is_quota: true }],
        'is_quota',
      ],
      ['a quota turned into a ceiling', () => ['PATCH', target(3), { direction: 'at_most' }], 'direction'],
      [
        'a quota moved to a metric without quotas',
        () => ['PATCH', target(3), { metric: 'new_leads' }],
        'metric',
      ],
      [
        'a quota goal’s target made independent',
        () => [
          'PATCH',
          `/api/v1/goals/${quotaGoal.id}/targets/${quotaGoal.targets[0]!.id}`,
          { is_quota: false },
        ],
        'is_quota',
      ],
      [
        'a negative amount (−5000 shown as −IDR 5K)',
        () => ['POST', addTo(), { kind: 'currency', name: 'c', target_value: -5000 }],
        'target_value',
      ],
      [
        'a negative start amount',
        () => ['POST', addTo(), { kind: 'currency', name: 'c', start_value: -1, target_value: 10 }],
        'start_value',
      ],
      [
        'a negative amount inside a new goal',
        () => [
          'POST',
          '/api/v1/goals',
          { name: 'x', ...APRIL, targets: [{ kind: 'currency', name: 'c', target_value: -5000 }] },
        ],
        'targets.0.target_value',
      ],
      [
        'a negative revenue target',
        () => ['POST', addTo(), { kind: 'kpi', metric: 'revenue', target_value: -5000 }],
        'target_value',
      ],
      [
        'a fractional count',
        () => ['POST', addTo(), { kind: 'kpi', metric: 'new_leads', target_value: 2.5 }],
        'target_value',
      ],
      [
        'a rate typed as a percentage (35 for 35%)',
        () => ['POST', addTo(), { kind: 'kpi', metric: 'email_open_rate', target_value: 35 }],
        'target_value',
      ],
      ['a rate above 100% (update)', () => ['PATCH', target(1), { target_value: 30 }], 'target_value'],
      [
        'a negative amount recorded',
        () => ['POST', `${target(2)}/updates`, { value: -5000, updated_by: 'Ana' }],
        'value',
      ],
      ['a negative amount (update)', () => ['PATCH', target(2), { target_value: -1 }], 'target_value'],
      [
        'a target period ending before it starts',
        () => [
          'POST',
          `/api/v1/goals/${goal.id}/targets`,
          { kind: 'boolean', name: 'x', period_start: '2026-04-20', period_end: '2026-04-10' },
        ],
        'period_end',
      ],
      [
        'a due date before the start',
        () => ['POST', '/api/v1/goals', { name: 'x', start_date: '2026-04-10', due_date: '2026-04-01' }],
        'due_date',
      ],
      [
        'a start date that is not a date',
        () => ['POST', '/api/v1/goals', { name: 'x', start_date: '2026-02-30', due_date: '2026-04-01' }],
        'start_date',
      ],
      [
        'an unknown owner',
        () => ['POST', '/api/v1/goals', { name: 'x', ...APRIL, owner_rep_id: 'R99' }],
        'owner_rep_id',
      ],
      [
        'a missing folder',
        () => ['POST', '/api/v1/goals', { name: 'x', ...APRIL, folder_id: 99999 }],
        'folder_id',
      ],
      [
        'a share with a missing team',
        () => ['POST', '/api/v1/goals', { name: 'x', ...APRIL, shares: ['org', 'team:Atlantis'] }],
        'shares.1',
      ],
      [
        'a bad inline target',
        () => [
          'POST',
          '/api/v1/goals',
          {
            name: 'x',
            ...APRIL,
            targets: [
              { kind: 'tasks', name: 't' },
              { kind: 'boolean', name: 'b', current_value: 1 },
            ],
          },
        ],
        'targets.1.current_value',
      ],
      ['an unknown field', () => ['POST', '/api/v1/goals', { name: 'x', ...APRIL, colour: 'red' }], 'colour'],
      [
        'a start after the stored due date',
        () => ['PATCH', `/api/v1/goals/${goal.id}`, { start_date: '2026-05-15', version: goal.version }],
        'start_date',
      ],
      [
        'a goal save without a version',
        () => ['PATCH', `/api/v1/goals/${goal.id}`, { name: 'y' }],
        'version',
      ],
      ['a change of kind', () => ['PATCH', target(0), { kind: 'number' }], 'kind'],
      ['a hand-set current value outside the history', () => ['PATCH', target(0), { done: true }], 'done'],
      [
        'a target value on a true/false target (update)',
        () => ['PATCH', target(0), { target_value: 3 }],
        'target_value',
      ],
      ['a KPI target moved to a missing rep', () => ['PATCH', target(1), { scope: 'rep:R99' }], 'scope'],
      [
        'a value typed into a KPI target',
        () => ['POST', `${target(1)}/updates`, { value: 0.5, updated_by: 'Ana' }],
        'value',
      ],
      [
        'a true/false value other than 0 or 1',
        () => ['POST', `${target(0)}/updates`, { value: 2, updated_by: 'Ana' }],
        'value',
      ],
    ] as const)('%s', async (_what, request, field) => {
      const [method, url, body] = request() as ['POST' | 'PATCH', string, unknown];
      const before = await snapshotGoals(t.store);
      const response = await send(method, url, body);
      expect(response.statusCode, response.body).toBe(400);
      const error = response.json<ApiError>();
      expect(error).toMatchObject({ error: 'bad_request', field });
      expect(error.message.startsWith(`${field}: `)).toBe(true);
      expect(await snapshotGoals(t.store)).toEqual(before);
    });
  });

  it('every write tells open pages that goals changed', async () => {
    const publish = vi.spyOn(t.app.udn.live, 'publish');
    try {
      const goal = await created<Goal>('/api/v1/goals', { name: 'Live', ...APRIL });
      await send('PATCH', `/api/v1/goals/${goal.id}`, { name: 'Live 2', version: goal.version });
      await send('DELETE', `/api/v1/goals/${goal.id}`);
      const events = publish.mock.calls.map(([, event]) => (event as LiveEvent).type);
      expect(events.filter((type) => type === 'goals-changed')).toHaveLength(3);
    } finally {
      publish.mockRestore();
    }
  });

  it('serves the compact progress and the goal map', async () => {
    const goal = await created<Goal>('/api/v1/goals', {
      name: 'Mapped',
      ...APRIL,
      targets: [
        { kind: 'kpi', metric: 'new_leads', scope: 'org', target_value: 50 },
        { kind: 'tasks', name: 'Calls' },
      ],
    });
    await created('/api/v1/tasks', {
      title: 'Call Sinar',
      target_id: goal.targets[1]!.id,
      due_date: '2026-04-05',
    });
    const progress = await t.getJson<GoalProgress>(`/api/v1/goals/progress?today=${TODAY}`);
    const mine = progress.goals.find((g) => g.id === goal.id)!;
    expect(mine.targets.map((x) => [x.kind, x.scope, x.metric])).toEqual([
      ['kpi', 'org', 'new_leads'],
      ['tasks', null, null],
    ]);
    const map = await t.getJson<GoalMap>(`/api/v1/goals/map?today=${TODAY}`);
    const node = map.root.children.find((n) => n.id === `goal:${goal.id}`)!;
    expect(node).toMatchObject({ type: 'goal', label: 'Mapped', ref: { goal_id: goal.id } });
    expect(node.children[0]!.children[0]).toMatchObject({
      type: 'kpi',
      ref: { metric: 'new_leads', scope: 'org' },
    });
    expect(node.children[1]!.children[0]).toMatchObject({
      type: 'task',
      label: 'Call Sinar',
      status: 'overdue',
    });
    expect(map.root.children.some((n) => n.type === 'folder' && n.label === 'Sales quotas')).toBe(true);
  });
});
