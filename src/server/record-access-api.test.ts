import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotGoals } from '../../test/support/goal-snapshot.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError, Dashboard } from '../core/contracts/api.ts';
import type { Goal, GoalList, Task, TaskList } from '../core/contracts/goals.ts';

// The conformance example's reps: R01, R04, R07, R10 are Jakarta; R03, R06 Bandung; R02 Surabaya.
const APRIL = { start_date: '2026-04-01', due_date: '2026-04-30' };

describe.each(DIALECTS)('who sees and edits goals, tasks and dashboards, on %s', (dialect) => {
  let t: TestApp;
  let rep1: TestPerson; // R01, Jakarta
  let rep3: TestPerson; // R03, Bandung
  let jakartaManager: TestPerson;
  let bandungManager: TestPerson;
  let viewer: TestPerson;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await t.org();
    rep1 = await addTestPerson(t.store, org, 'rep', { repId: 'R01' });
    rep3 = await addTestPerson(t.store, org, 'rep', { repId: 'R03' });
    jakartaManager = await addTestPerson(t.store, org, 'manager', { teams: ['Jakarta'] });
    bandungManager = await addTestPerson(t.store, org, 'manager', { teams: ['Bandung'] });
    viewer = await addTestPerson(t.store, org, 'viewer');
  });
  afterAll(() => t.dispose());

  type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  const as = (who: TestPerson | null, method: Method, url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      ...(who ? { headers: who.headers } : {}),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const ok = async <T>(
    who: TestPerson | null,
    method: Method,
    url: string,
    payload?: unknown,
    status = 200,
  ) => {
    const response = await as(who, method, url, payload);
    expect(response.statusCode, response.body).toBe(status);
    return response.json<T>();
  };
  const newGoal = (who: TestPerson | null, name: string, extra: object = {}) =>
    ok<Goal>(who, 'POST', '/api/v1/goals', { name, ...APRIL, ...extra }, 201);
  const audited = async (kind: string) =>
    (
      await t.store.db
        .selectFrom('audit_log')
        .select(['actor_email', 'action', 'subject'])
        .where('org_id', '=', (await t.org()).id)
        .where('kind', '=', kind)
        .execute()
    ).map((e) => [e.actor_email, e.action, e.subject]);
  const goalNames = async (who: TestPerson) =>
    (await ok<GoalList>(who, 'GET', '/api/v1/goals?kind=user')).goals.map((g) => g.name);

  describe('goals', () => {
    let org: Goal;
    let jakarta: Goal;
    let bandung: Goal;
    let mine: Goal;
    let teammate: Goal;
    let secret: Goal;
    beforeAll(async () => {
      org = await newGoal(null, 'Everyone', { shares: ['org'] });
      jakarta = await newGoal(null, 'Jakarta push', {
        shares: ['team:Jakarta'],
        targets: [{ kind: 'number', name: 'Team calls', target_value: 10 }],
      });
      bandung = await newGoal(null, 'Bandung push', { shares: ['team:Bandung'] });
      mine = await newGoal(null, 'Rep 1 alone', {
        shares: ['rep:R01'],
        targets: [{ kind: 'number', name: 'Visits', target_value: 4 }],
      });
      teammate = await newGoal(null, 'Rep 7 alone', { shares: ['rep:R07'] });
      secret = await newGoal(null, 'Owner notes', { shares: ['org'], isPrivate: true });
    });

    it('a rep lists the goals shared with the organisation, their team and them, not a private one', async () => {
      expect(await goalNames(rep1)).toEqual(['Everyone', 'Jakarta push', 'Rep 1 alone']);
      expect(await goalNames(rep3)).toEqual(['Everyone', 'Bandung push']);
      expect(await goalNames(viewer)).toEqual(['Everyone']);
      expect(await goalNames(jakartaManager)).toEqual([
        'Everyone',
        'Jakarta push',
        'Rep 1 alone',
        'Rep 7 alone',
      ]);
      expect(await goalNames(t.owner)).toEqual(expect.arrayContaining(['Owner notes', 'Bandung push']));
      const progress = await ok<{ goals: { name: string }[] }>(
        rep3,
        'GET',
        '/api/v1/goals/progress?kind=user',
      );
      expect(progress.goals.map((g) => g.name)).toEqual(['Everyone', 'Bandung push']);
    });

    it('a goal says who made it, whether it is private and whether the caller may change it', async () => {
      expect(secret).toMatchObject({ isPrivate: true, createdBy: t.owner.user.id, canEdit: true });
      const seen = await ok<Goal>(rep1, 'GET', `/api/v1/goals/${jakarta.id}`);
      expect(seen).toMatchObject({ isPrivate: false, canEdit: false });
      expect((await ok<Goal>(jakartaManager, 'GET', `/api/v1/goals/${jakarta.id}`)).canEdit).toBe(true);
    });

    it('a goal someone may not see is a 404, as if it did not exist', async () => {
      for (const [who, goal] of [
        [rep1, bandung],
        [rep1, teammate],
        [rep1, secret],
        [viewer, jakarta],
        [bandungManager, jakarta],
      ] as const) {
        const response = await as(who, 'GET', `/api/v1/goals/${goal.id}`);
        expect(response.statusCode).toBe(404);
        expect(response.body).not.toContain(goal.name);
        expect(
          (await as(who, 'PATCH', `/api/v1/goals/${goal.id}`, { name: 'x', version: 1 })).statusCode,
          // A viewer writes nothing at all: the route refuses before the goal is looked at.
        ).toBe(who === viewer ? 403 : 404);
      }
      // Nor can a task be linked to a target of a goal its maker may not see.
      const linked = { title: 'Follow up', assignee_rep_id: 'R03', target_id: jakarta.targets[0]!.id };
      const refused = await as(rep3, 'POST', '/api/v1/tasks', linked);
      expect(refused.statusCode).toBe(400);
      expect(refused.json<ApiError>().field).toBe('target_id');
      await ok(rep1, 'POST', '/api/v1/tasks', { ...linked, assignee_rep_id: 'R01' }, 201);
    });

    it('a rep cannot change a goal (403, nothing changes) but posts a value on their own target', async () => {
      const before = await snapshotGoals(t.store);
      const refused = await as(rep1, 'PATCH', `/api/v1/goals/${jakarta.id}`, {
        name: 'Mine now',
        version: 1,
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json<ApiError>().error).toBe('forbidden');
      expect((await as(rep1, 'DELETE', `/api/v1/goals/${mine.id}`)).statusCode).toBe(403);
      // A target of their team's goal is not theirs alone (only KPI targets name a rep).
      const teamTarget = jakarta.targets[0]!;
      const other = await as(rep1, 'POST', `/api/v1/goals/${jakarta.id}/targets/${teamTarget.id}/updates`, {
        value: 3,
      });
      expect(other.statusCode).toBe(403);
      expect((await as(rep1, 'POST', '/api/v1/goals', { name: 'Mine', ...APRIL })).statusCode).toBe(403);
      expect(await snapshotGoals(t.store)).toEqual(before);

      // A goal shared with them alone: its targets are theirs; they are recorded by their email.
      const posted = await ok<{ update: { updated_by: string }; target: { current_value: number } }>(
        rep1,
        'POST',
        `/api/v1/goals/${mine.id}/targets/${mine.targets[0]!.id}/updates`,
        { value: 2, updated_by: 'someone else' },
        201,
      );
      expect(posted.update.updated_by).toBe(rep1.user.email);
      expect(posted.target.current_value).toBe(2);
      // A rep of another team cannot even find the goal.
      const hidden = await as(
        rep3,
        'POST',
        `/api/v1/goals/${mine.id}/targets/${mine.targets[0]!.id}/updates`,
        {
          value: 9,
        },
      );
      expect(hidden.statusCode).toBe(404);
      const audit = await audited('target');
      expect(audit).toContainEqual([rep1.user.email, 'value_recorded', String(mine.targets[0]!.id)]);
    });

    it("a manager changes their team's goal, not another team's nor one shared with everyone", async () => {
      const changed = await ok<Goal>(jakartaManager, 'PATCH', `/api/v1/goals/${jakarta.id}`, {
        description: 'Push calls',
        version: jakarta.version,
      });
      expect(changed.description).toBe('Push calls');
      expect(
        (await as(bandungManager, 'PATCH', `/api/v1/goals/${jakarta.id}`, { version: 2 })).statusCode,
      ).toBe(404);
      const everyone = await as(jakartaManager, 'PATCH', `/api/v1/goals/${org.id}`, {
        name: 'x',
        version: 1,
      });
      expect(everyone.statusCode).toBe(403);
      // Sharing their team's goal with everyone would take it out of their hands: refused.
      const wider = await as(jakartaManager, 'PATCH', `/api/v1/goals/${jakarta.id}`, {
        shares: ['org'],
        version: changed.version,
      });
      expect(wider.statusCode).toBe(403);
      expect((await ok<Goal>(null, 'GET', `/api/v1/goals/${jakarta.id}`)).shares).toEqual(['team:Jakarta']);
      // A goal the manager makes is theirs, and recorded as made by them.
      const made = await newGoal(jakartaManager, 'Manager made', { shares: ['org'] });
      expect(made).toMatchObject({ createdBy: jakartaManager.user.id, canEdit: true });
      await ok(jakartaManager, 'PATCH', `/api/v1/goals/${made.id}`, { name: 'Manager made it', version: 1 });
      expect(await audited('goal')).toEqual(
        expect.arrayContaining([
          [jakartaManager.user.email, 'created', String(made.id)],
          [jakartaManager.user.email, 'updated', String(made.id)],
        ]),
      );
    });

    it('goal folders: admins and managers arrange them, a rep may not; counts are of goals one sees', async () => {
      expect((await as(rep1, 'POST', '/api/v1/goal-folders', { name: 'Reps' })).statusCode).toBe(403);
      const folder = await ok<{ id: number }>(
        jakartaManager,
        'POST',
        '/api/v1/goal-folders',
        { name: 'Managers' },
        201,
      );
      await newGoal(null, 'Filed for Bandung', { folder_id: folder.id, shares: ['team:Bandung'] });
      const count = async (who: TestPerson) =>
        (await ok<{ id: number; goal_count: number }[]>(who, 'GET', '/api/v1/goal-folders')).find(
          (f) => f.id === folder.id,
        )!.goal_count;
      expect([await count(rep3), await count(rep1), await count(t.owner)]).toEqual([1, 0, 1]);
      expect((await as(rep1, 'DELETE', `/api/v1/goal-folders/${folder.id}`)).statusCode).toBe(403);
    });

    it('a sales quota changes only by an admin, even through a goal a manager edits', async () => {
      const quota = { kind: 'kpi', metric: 'units', scope: 'rep:R07', target_value: 40, is_quota: true };
      const before = await snapshotGoals(t.store);
      const made = await as(jakartaManager, 'POST', `/api/v1/goals/${jakarta.id}/targets`, quota);
      expect(made.statusCode).toBe(403);
      expect(made.json<ApiError>().message).toContain('sales quotas');
      expect(await snapshotGoals(t.store)).toEqual(before);
      // Its own value, not the quota: the manager's to set.
      await ok(
        jakartaManager,
        'POST',
        `/api/v1/goals/${jakarta.id}/targets`,
        { ...quota, is_quota: false },
        201,
      );
      const quotaGoal = (await ok<GoalList>(jakartaManager, 'GET', '/api/v1/goals?kind=quota')).goals[0]!;
      expect(quotaGoal.canEdit).toBe(false);
      const patch = await as(jakartaManager, 'PATCH', `/api/v1/goals/${quotaGoal.id}`, {
        name: 'x',
        version: quotaGoal.version,
      });
      expect(patch.statusCode).toBe(403);
    });
  });

  describe('tasks', () => {
    let task: Task;
    beforeAll(async () => {
      task = await ok<Task>(
        jakartaManager,
        'POST',
        '/api/v1/tasks',
        { title: 'Call Gramedia', assignee_rep_id: 'R01' },
        201,
      );
    });

    it('its assignee, creator, the assignee’s manager and admins see it; another rep gets 404', async () => {
      expect(task).toMatchObject({ createdBy: jakartaManager.user.id, canEdit: true });
      for (const who of [rep1, jakartaManager, t.owner]) {
        expect((await ok<Task>(who, 'GET', `/api/v1/tasks/${task.id}`)).title).toBe('Call Gramedia');
        const list = await ok<TaskList>(who, 'GET', '/api/v1/tasks');
        expect(list.tasks.map((x) => x.id)).toContain(task.id);
      }
      for (const who of [rep3, bandungManager, viewer]) {
        expect((await as(who, 'GET', `/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
        const list = await ok<TaskList>(who, 'GET', '/api/v1/tasks');
        expect(list.tasks.map((x) => x.id)).not.toContain(task.id);
        expect((await as(who, 'PATCH', `/api/v1/tasks/${task.id}`, { status: 'done' })).statusCode).toBe(
          who === viewer ? 403 : 404,
        );
      }
    });

    it('a rep ticks their task but cannot hand it or make one for another rep', async () => {
      const done = await ok<Task>(rep1, 'PATCH', `/api/v1/tasks/${task.id}`, {
        status: 'done',
        due_date: '2026-04-20',
      });
      expect(done).toMatchObject({ status: 'done', due_date: '2026-04-20' });
      const handed = await as(rep1, 'PATCH', `/api/v1/tasks/${task.id}`, { assignee_rep_id: 'R07' });
      expect(handed.statusCode).toBe(403);
      expect((await ok<Task>(null, 'GET', `/api/v1/tasks/${task.id}`)).assignee_rep_id).toBe('R01');
      expect(
        (await as(rep1, 'POST', '/api/v1/tasks', { title: 'x', assignee_rep_id: 'R07' })).statusCode,
      ).toBe(403);
      const own = await ok<Task>(
        rep1,
        'POST',
        '/api/v1/tasks',
        { title: 'Mine', assignee_rep_id: 'R01' },
        201,
      );
      expect(own.createdBy).toBe(rep1.user.id);
      expect(
        (await as(jakartaManager, 'POST', '/api/v1/tasks', { title: 'x', assignee_rep_id: 'R03' }))
          .statusCode,
      ).toBe(403);
    });
  });

  describe('dashboards', () => {
    it('private to its owner until shared; a team share reaches the team; can_edit lets a person edit', async () => {
      const board = await ok<Dashboard>(rep1, 'POST', '/api/v1/dashboards', { name: 'Rep 1 board' }, 201);
      expect(board).toMatchObject({ ownerUserId: rep1.user.id, shares: [], canEdit: true });
      const rep7 = await addTestPerson(t.store, await t.org(), 'rep', { repId: 'R07' });
      const listed = async (who: TestPerson) =>
        (await ok<Dashboard[]>(who, 'GET', '/api/v1/dashboards')).map((d) => d.name);
      expect(await listed(rep7)).not.toContain('Rep 1 board');
      expect((await as(rep7, 'GET', `/api/v1/dashboards/${board.id}`)).statusCode).toBe(404);
      expect(await listed(t.owner)).toContain('Rep 1 board');

      // Only the owner and admins share it; scopes must name a team and members that exist.
      const bySomeoneElse = await as(rep7, 'PUT', `/api/v1/dashboards/${board.id}/shares`, { shares: [] });
      expect(bySomeoneElse.statusCode).toBe(404);
      const unknownTeam = await as(rep1, 'PUT', `/api/v1/dashboards/${board.id}/shares`, {
        shares: [{ scope: 'team:Atlantis', canEdit: false }],
      });
      expect(unknownTeam.statusCode).toBe(400);
      expect(unknownTeam.json<ApiError>().field).toBe('shares.0.scope');
      const unknownUser = await as(rep1, 'PUT', `/api/v1/dashboards/${board.id}/shares`, {
        shares: [{ scope: 'user:nobody', canEdit: true }],
      });
      expect(unknownUser.statusCode).toBe(400);

      const shared = await ok<Dashboard>(rep1, 'PUT', `/api/v1/dashboards/${board.id}/shares`, {
        shares: [
          { scope: 'team:Jakarta', canEdit: false },
          { scope: `user:${rep3.user.id}`, canEdit: true },
        ],
      });
      expect(shared.shares).toEqual([
        { scope: 'team:Jakarta', canEdit: false },
        { scope: `user:${rep3.user.id}`, canEdit: true },
      ]);
      // Jakarta's members see it, read-only.
      const seen = await ok<Dashboard>(rep7, 'GET', `/api/v1/dashboards/${board.id}`);
      expect(seen.canEdit).toBe(false);
      expect(await listed(jakartaManager)).toContain('Rep 1 board');
      const refused = await as(rep7, 'PATCH', `/api/v1/dashboards/${board.id}`, {
        name: 'Taken',
        version: 1,
      });
      expect(refused.statusCode).toBe(403);
      // Bandung's manager does not; rep3 was given edit.
      expect((await as(bandungManager, 'GET', `/api/v1/dashboards/${board.id}`)).statusCode).toBe(404);
      const edited = await ok<Dashboard>(rep3, 'PATCH', `/api/v1/dashboards/${board.id}`, {
        name: 'Shared board',
        version: 1,
      });
      expect(edited).toMatchObject({ name: 'Shared board', canEdit: true });
      // An editor is not its owner: sharing and deleting stay with the owner and admins.
      expect((await as(rep3, 'DELETE', `/api/v1/dashboards/${board.id}`)).statusCode).toBe(403);
      expect(
        (await as(rep3, 'PUT', `/api/v1/dashboards/${board.id}/shares`, { shares: [] })).statusCode,
      ).toBe(403);
      expect(await audited('dashboard')).toEqual(
        expect.arrayContaining([
          [rep1.user.email, 'created', String(board.id)],
          [rep1.user.email, 'shared', String(board.id)],
          [rep3.user.email, 'updated', String(board.id)],
        ]),
      );
      expect((await as(rep1, 'DELETE', `/api/v1/dashboards/${board.id}`)).statusCode).toBe(204);
    });

    it('the default dashboard is the whole organisation’s, viewers included', async () => {
      const boards = await ok<Dashboard[]>(viewer, 'GET', '/api/v1/dashboards');
      expect(boards.some((d) => d.isDefault)).toBe(true);
      expect(boards.every((d) => !d.canEdit)).toBe(true);
    });
  });

  it('a viewer creates nothing (403) and nothing is written', async () => {
    const before = await snapshotGoals(t.store);
    const attempts: [string, unknown][] = [
      ['/api/v1/goals', { name: 'V', ...APRIL }],
      ['/api/v1/tasks', { title: 'V' }],
      ['/api/v1/dashboards', { name: 'V' }],
      ['/api/v1/goal-folders', { name: 'V' }],
    ];
    for (const [url, body] of attempts) {
      expect((await as(viewer, 'POST', url, body)).statusCode, url).toBe(403);
    }
    expect(await snapshotGoals(t.store)).toEqual(before);
    expect((await ok<Dashboard[]>(null, 'GET', '/api/v1/dashboards')).map((d) => d.name)).not.toContain('V');
  });

  it('a goal one sees leaves out its targets on reps one may not see, and their numbers', async () => {
    const goal = await newGoal(null, 'Everyone sees this goal', {
      shares: ['org'],
      targets: [
        { kind: 'kpi', name: 'Team', metric: 'deals_won', scope: 'team:Jakarta', target_value: 10 },
        { kind: 'kpi', name: 'R01 wins', metric: 'deals_won', scope: 'rep:R01', target_value: 5 },
        { kind: 'kpi', name: 'R03 wins', metric: 'deals_won', scope: 'rep:R03', target_value: 5 },
      ],
    });
    const targetNames = async (who: TestPerson | null) =>
      (await ok<Goal>(who, 'GET', `/api/v1/goals/${goal.id}`)).targets.map((target) => target.name).sort();
    expect(await targetNames(null)).toEqual(['R01 wins', 'R03 wins', 'Team']);
    expect(await targetNames(rep1)).toEqual(['R01 wins', 'Team']);
    expect(await targetNames(rep3)).toEqual(['R03 wins', 'Team']);
    expect(await targetNames(jakartaManager)).toEqual(['R01 wins', 'Team']);
    expect(await targetNames(viewer)).toEqual(['Team']);
    const listed = (await ok<GoalList>(rep1, 'GET', '/api/v1/goals?kind=user')).goals.find(
      (g) => g.id === goal.id,
    )!;
    expect(JSON.stringify(listed)).not.toContain('R03');
  });
});
