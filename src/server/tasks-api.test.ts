import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotGoals } from '../../test/support/goal-snapshot.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError } from '../core/contracts/api.ts';
import type { Goal, Task, TaskList, TaskStats } from '../core/contracts/goals.ts';

const TODAY = '2026-04-10';

describe.each(DIALECTS)('/api/v1/tasks on %s', (dialect) => {
  let t: TestApp;
  let goal: Goal;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    goal = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/goals',
        payload: {
          name: 'Visits',
          start_date: '2026-04-01',
          due_date: '2026-04-30',
          targets: [{ kind: 'tasks', name: 'Key-account visits' }],
        },
      })
    ).json<Goal>();
  });
  afterAll(() => t.dispose());

  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  const create = async (payload: Record<string, unknown>) => {
    const response = await send('POST', '/api/v1/tasks', payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Task>();
  };
  const targetOf = async () => (await t.getJson<Goal>(`/api/v1/goals/${goal.id}?today=${TODAY}`)).targets[0]!;

  it('creates tasks linked to a rep, a deal, an account and a target; a tasks target counts them', async () => {
    const target = goal.targets[0]!;
    const deal = await t.store.db
      .selectFrom('deals')
      .select(['id', 'account_id'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const call = await create({
      title: 'Call Sinar Jaya',
      type: 'call',
      assignee_rep_id: 'R01',
      due_date: '2026-04-08',
      deal_id: deal.id,
      target_id: target.id,
    });
    expect(call).toMatchObject({
      type: 'call',
      status: 'open',
      completed_at: null,
      deal_id: deal.id,
      target_id: target.id,
      goal_id: goal.id,
    });
    await create({
      title: 'Visit Kantorku',
      type: 'meeting',
      assignee_rep_id: 'R01',
      target_id: target.id,
      due_date: '2026-04-20',
    });
    await create({ title: 'Send price list', type: 'email', assignee_rep_id: 'R02', target_id: target.id });
    await create({ title: 'Plan Q3', assignee_rep_id: 'R02', account_id: deal.account_id ?? null });
    // 0 of 3 linked tasks done.
    expect(await targetOf()).toMatchObject({
      tasks: { done: 0, total: 3 },
      progress: 0,
      current_value: 0,
      target_value: 3,
    });

    const done = await send('PATCH', `/api/v1/tasks/${call.id}`, { status: 'done' });
    expect(done.statusCode, done.body).toBe(200);
    const completed = done.json<Task>();
    expect(completed.status).toBe('done');
    expect(Date.parse(completed.completed_at!)).toBeGreaterThan(Date.now() - 60_000);
    // 1 of 3 = 1/3 on 10 April, expected 10/30: on track; 2 tasks over 20 days = 0.7 a week.
    const target1 = await targetOf();
    expect(target1).toMatchObject({ tasks: { done: 1, total: 3 }, status: 'on_track' });
    expect(target1.progress).toBeCloseTo(1 / 3, 12);
    expect(target1.pacing.needed_per_week).toBeCloseTo(0.7, 12);

    const reopened = (await send('PATCH', `/api/v1/tasks/${call.id}`, { status: 'open' })).json<Task>();
    expect(reopened).toMatchObject({ status: 'open', completed_at: null });
    await send('PATCH', `/api/v1/tasks/${call.id}`, { status: 'done' });
  });

  it('filters by assignee, status, target, due dates and overdue', async () => {
    const titles = async (query: string) =>
      (await t.getJson<TaskList>(`/api/v1/tasks?today=${TODAY}&${query}`)).tasks.map((x) => x.title).sort();
    expect(await titles('assignee_rep_id=R02')).toEqual(['Plan Q3', 'Send price list']);
    expect(await titles('status=done')).toEqual(['Call Sinar Jaya']);
    expect(await titles(`target_id=${goal.targets[0]!.id}&status=open`)).toEqual([
      'Send price list',
      'Visit Kantorku',
    ]);
    expect(await titles(`goal_id=${goal.id}`)).toHaveLength(3);
    expect(await titles('due_from=2026-04-09&due_to=2026-04-30')).toEqual(['Visit Kantorku']);
    // 20 April is after today; the 8 April call is done: nothing overdue on 10 April…
    expect(await titles('overdue=true')).toEqual([]);
    // …but on 25 April the 20 April visit is.
    const later = await t.getJson<TaskList>('/api/v1/tasks?today=2026-04-25&overdue=true');
    expect(later.tasks.map((x) => [x.title, x.overdue])).toEqual([['Visit Kantorku', true]]);
    const page = await t.getJson<TaskList>('/api/v1/tasks?limit=2&offset=0');
    expect(page.tasks).toHaveLength(2);
    expect(page.total).toBe(4);
  });

  it('counts tasks completed in a period and open tasks overdue, per rep', async () => {
    // The call was completed just now (real time), inside these years.
    const stats = await t.getJson<TaskStats>(
      '/api/v1/tasks/stats?from=2026-01-01&to=2035-12-31&today=2026-04-25',
    );
    expect(stats.R01).toEqual({ completed: 1, overdue: 1, open: 1 });
    expect(stats.R02).toEqual({ completed: 0, overdue: 0, open: 2 });
    expect(stats.R12).toEqual({ completed: 0, overdue: 0, open: 0 });
    // A period that ends before the task was completed does not count it.
    const tasks = t.store.db;
    await tasks
      .updateTable('tasks')
      .set({ completed_at: Date.parse('2026-03-31T18:00:00Z') })
      .where('status', '=', 'done')
      .execute();
    // 2026-03-31T18:00Z is 1 April 01:00 in Asia/Jakarta: in April, not in March.
    const april = await t.getJson<TaskStats>('/api/v1/tasks/stats?period=2026-04&today=2026-04-25');
    const march = await t.getJson<TaskStats>('/api/v1/tasks/stats?period=2026-03&today=2026-04-25');
    expect(april.R01!.completed).toBe(1);
    expect(march.R01!.completed).toBe(0);
    expect((await t.getJson<ApiError>('/api/v1/tasks/stats', 400)).field).toBe('period');
  });

  it.each([
    ['a missing target', { title: 'x', target_id: 999999 }, 'target_id'],
    ['a missing deal', { title: 'x', deal_id: 'D-404' }, 'deal_id'],
    ['a missing account', { title: 'x', account_id: 'A-404' }, 'account_id'],
    ['a missing rep', { title: 'x', assignee_rep_id: 'R99' }, 'assignee_rep_id'],
    ['an unknown type', { title: 'x', type: 'lunch' }, 'type'],
    ['an empty title', { title: '  ' }, 'title'],
    ['a due date that is not a date', { title: 'x', due_date: '2026-13-01' }, 'due_date'],
  ])('a task with %s is a 400 naming the field, and nothing is written', async (_what, body, field) => {
    const before = await snapshotGoals(t.store);
    const response = await send('POST', '/api/v1/tasks', body);
    expect(response.statusCode).toBe(400);
    expect(response.json<ApiError>()).toMatchObject({ error: 'bad_request', field });
    expect(await snapshotGoals(t.store)).toEqual(before);
  });

  it('an update linking a missing target is refused and changes nothing; delete removes', async () => {
    const task = await create({ title: 'Temp' });
    const before = await snapshotGoals(t.store);
    const refused = await send('PATCH', `/api/v1/tasks/${task.id}`, { title: 'Renamed', target_id: 424242 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<ApiError>().field).toBe('target_id');
    expect(await snapshotGoals(t.store)).toEqual(before);
    expect((await send('DELETE', `/api/v1/tasks/${task.id}`)).statusCode).toBe(204);
    expect((await t.getJson<ApiError>(`/api/v1/tasks/${task.id}`, 404)).field).toBe('id');
  });

  it('deleting a target keeps its tasks, unlinked', async () => {
    const g = (
      await send('POST', '/api/v1/goals', {
        name: 'Temp',
        start_date: '2026-04-01',
        due_date: '2026-04-30',
        targets: [{ kind: 'tasks', name: 'Calls' }],
      })
    ).json<Goal>();
    const task = await create({ title: 'Linked', target_id: g.targets[0]!.id });
    expect((await send('DELETE', `/api/v1/goals/${g.id}`)).statusCode).toBe(204);
    expect((await t.getJson<Task>(`/api/v1/tasks/${task.id}`)).target_id).toBeNull();
  });
});
