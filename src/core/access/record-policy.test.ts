import { describe, expect, it } from 'vitest';
import { memberPrincipal, type Principal } from './principal.ts';
import {
  canAssignTask,
  canCreateDashboard,
  canCreateGoal,
  canEditDashboard,
  canEditFolders,
  canEditGoal,
  canEditTask,
  canManageDashboard,
  canSeeDashboard,
  canSeeGoal,
  canSeeTask,
  canUpdateTarget,
  type PolicyDashboard,
  type PolicyGoal,
  type PolicyShare,
  taskAudience,
} from './record-policy.ts';
import type { Role } from './roles.ts';

const reps = [
  { id: 'r1', team: 'Jakarta' },
  { id: 'r2', team: 'Jakarta' },
  { id: 'r3', team: 'Bandung' },
];

const person = (role: Role, over: Partial<Principal> = {}): Principal => ({
  ...memberPrincipal(
    'token',
    { id: `u-${role}`, email: `${role}@x.test`, name: role },
    { orgId: 1, role, repId: null, teams: [] },
  ),
  ...over,
});

const owner = person('owner');
const admin = person('admin');
const jktManager = person('manager', { userId: 'u-mj', teams: ['Jakarta'] });
const bdgManager = person('manager', { userId: 'u-mb', teams: ['Bandung'] });
const rep1 = person('rep', { userId: 'u-r1', repId: 'r1' });
const rep3 = person('rep', { userId: 'u-r3', repId: 'r3' });
const viewer = person('viewer', { userId: 'u-v' });
const jktViewer = person('viewer', { userId: 'u-vj', repId: 'r2' });
const readToken = person('manager', { userId: 'u-mj', teams: ['Jakarta'], scope: 'read' });
const viewingAs = person('rep', {
  userId: 'u-r1',
  repId: 'r1',
  viewAs: { actorUserId: 'a', actorEmail: 'a@x' },
});
const link = person('viewer', { via: 'share', userId: null, share: { id: 1, dashboardIds: [7] } });

const goal = (over: Partial<PolicyGoal> = {}): PolicyGoal => ({
  kind: 'user',
  createdBy: 'u-admin',
  isPrivate: false,
  ...over,
});

describe('goals: who sees', () => {
  const cases: [string, Principal, PolicyGoal, string[], boolean][] = [
    ['owner: a goal shared with nobody', owner, goal(), [], true],
    ['admin: a private goal of someone else', admin, goal({ isPrivate: true, createdBy: 'u-r1' }), [], true],
    ['rep: shared with the organisation', rep1, goal(), ['org'], true],
    ['rep: shared with their team', rep1, goal(), ['team:Jakarta'], true],
    ['rep: shared with them', rep1, goal(), ['rep:r1'], true],
    ['rep: shared with another team', rep1, goal(), ['team:Bandung'], false],
    ['rep: shared with a teammate only', rep1, goal(), ['rep:r2'], false],
    ['rep: private goal of someone else, shared with org', rep1, goal({ isPrivate: true }), ['org'], false],
    ['rep: their own private goal', rep1, goal({ isPrivate: true, createdBy: 'u-r1' }), [], true],
    ['manager: shared with a rep of their team', jktManager, goal(), ['rep:r2'], true],
    ['manager: shared with their team', jktManager, goal(), ['team:Jakarta'], true],
    ['manager: shared with another team', jktManager, goal(), ['team:Bandung'], false],
    ['manager: shared with a rep of another team', jktManager, goal(), ['rep:r3'], false],
    ['viewer: shared with the organisation', viewer, goal(), ['org'], true],
    ['viewer: shared with a team, not linked', viewer, goal(), ['team:Jakarta'], false],
    ['viewer linked to a Jakarta rep: shared with Jakarta', jktViewer, goal(), ['team:Jakarta'], true],
    ['viewer linked: shared with the rep alone', jktViewer, goal(), ['rep:r2'], false],
    ['share link: never', link, goal(), ['org'], false],
  ];
  it.each(cases)('%s', (_name, who, g, shares, expected) => {
    expect(canSeeGoal(who, g, shares, reps)).toBe(expected);
  });
});

describe('goals: who edits', () => {
  const cases: [string, Principal, PolicyGoal, string[], boolean][] = [
    ['admin: any goal', admin, goal(), ['org'], true],
    ['admin: a quota goal', admin, goal({ kind: 'quota' }), ['org'], true],
    [
      'manager: shared only with their team and its reps',
      jktManager,
      goal(),
      ['team:Jakarta', 'rep:r1'],
      true,
    ],
    ['manager: shared with the organisation, made by others', jktManager, goal(), ['org'], false],
    [
      'manager: shared with their team and another',
      jktManager,
      goal(),
      ['team:Jakarta', 'team:Bandung'],
      false,
    ],
    ['manager: another team', bdgManager, goal(), ['team:Jakarta'], false],
    [
      'manager: made by them, shared with the organisation',
      jktManager,
      goal({ createdBy: 'u-mj' }),
      ['org'],
      true,
    ],
    ['manager: a quota goal of their team', jktManager, goal({ kind: 'quota' }), ['team:Jakarta'], false],
    ['manager: read-only token', readToken, goal(), ['team:Jakarta'], false],
    ['rep: shared with them alone', rep1, goal(), ['rep:r1'], false],
    ['rep: their own goal', rep1, goal({ createdBy: 'u-r1' }), ['rep:r1'], false],
    ['viewer', viewer, goal(), ['org'], false],
  ];
  it.each(cases)('%s', (_name, who, g, shares, expected) => {
    expect(canEditGoal(who, g, shares, reps)).toBe(expected);
  });

  it('creating: admins any, managers user goals, reps and viewers none', () => {
    expect([admin, jktManager, rep1, viewer].map((p) => canCreateGoal(p, 'user'))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect([admin, jktManager].map((p) => canCreateGoal(p, 'quota'))).toEqual([true, false]);
  });
});

describe('targets: who posts a value update', () => {
  const cases: [string, Principal, PolicyGoal, string[], string | null, boolean][] = [
    ['rep: a target scoped to them in a team goal', rep1, goal(), ['team:Jakarta'], 'rep:r1', true],
    ['rep: a teammate target', rep1, goal(), ['team:Jakarta'], 'rep:r2', false],
    ['rep: any target of a goal shared with them alone', rep1, goal(), ['rep:r1'], 'org', true],
    ['rep: their target in a goal they cannot see', rep3, goal(), ['team:Jakarta'], 'rep:r3', false],
    ['rep: their quota target', rep1, goal({ kind: 'quota' }), ['rep:r1'], 'rep:r1', false],
    ['manager: target of their rep in an org goal', jktManager, goal(), ['org'], 'rep:r2', true],
    ['manager: org target of an org goal', jktManager, goal(), ['org'], 'org', false],
    ['viewer linked to r2', jktViewer, goal(), ['org'], 'rep:r2', false],
    ['rep viewed as by an admin', viewingAs, goal(), ['rep:r1'], 'rep:r1', false],
  ];
  it.each(cases)('%s', (_name, who, g, shares, scope, expected) => {
    expect(canUpdateTarget(who, g, shares, { scope }, reps)).toBe(expected);
  });
});

describe('tasks', () => {
  const task = (assigneeRepId: string | null, createdBy: string | null = 'u-admin') => ({
    assigneeRepId,
    createdBy,
  });
  const cases: [string, Principal, ReturnType<typeof task>, boolean, boolean][] = [
    ['assignee', rep1, task('r1'), true, true],
    ['another rep', rep3, task('r1'), false, false],
    ['creator of a task for someone else', rep3, task('r1', 'u-r3'), true, true],
    ["assignee's manager", jktManager, task('r2'), true, true],
    ['manager of another team', bdgManager, task('r2'), false, false],
    ['admin', admin, task('r3', null), true, true],
    ['unassigned, made by nobody, a manager', jktManager, task(null, null), false, false],
    ['viewer linked to the assignee', jktViewer, task('r2'), true, false],
    ['viewer, not linked', viewer, task('r2'), false, false],
    ['share link', link, task('r1'), false, false],
  ];
  it.each(cases)('%s', (_name, who, t, sees, edits) => {
    expect([canSeeTask(who, t, reps), canEditTask(who, t, reps)]).toEqual([sees, edits]);
  });

  it('the audience a list query uses lets through exactly the tasks canSeeTask does', () => {
    const tasks = [null, 'r1', 'r2', 'r3'].flatMap((assignee) =>
      [null, 'u-r1', 'u-r3', 'u-mj', 'u-vj'].map((creator) => task(assignee, creator)),
    );
    for (const who of [owner, admin, jktManager, bdgManager, rep1, rep3, viewer, jktViewer, link]) {
      const audience = taskAudience(who, reps);
      for (const t of tasks) {
        const listed =
          audience === null ||
          (t.assigneeRepId !== null && audience.assigneeRepIds.includes(t.assigneeRepId)) ||
          (audience.createdBy !== null && t.createdBy === audience.createdBy);
        expect([who.userId, t, listed]).toEqual([who.userId, t, canSeeTask(who, t, reps)]);
      }
    }
  });

  it('making a task for a rep: admins anyone, managers their reps, reps themselves', () => {
    expect(canAssignTask(admin, 'r3', reps)).toBe(true);
    expect(canAssignTask(jktManager, 'r2', reps)).toBe(true);
    expect(canAssignTask(jktManager, 'r3', reps)).toBe(false);
    expect(canAssignTask(rep1, 'r1', reps)).toBe(true);
    expect(canAssignTask(rep1, 'r2', reps)).toBe(false);
    expect(canAssignTask(rep1, null, reps)).toBe(true);
    expect(canAssignTask(viewer, null, reps)).toBe(false);
  });
});

describe('dashboards', () => {
  const board = (over: Partial<PolicyDashboard> = {}): PolicyDashboard => ({
    id: 7,
    ownerUserId: 'u-r1',
    isDefault: false,
    ...over,
  });
  const cases: [string, Principal, PolicyDashboard, PolicyShare[], boolean, boolean][] = [
    ['owner, not shared', rep1, board(), [], true, true],
    ['another rep, not shared', rep3, board(), [], false, false],
    ['admin, not shared', admin, board(), [], true, true],
    [
      'manager, shared with their team to read',
      jktManager,
      board(),
      [{ scope: 'team:Jakarta', canEdit: false }],
      true,
      false,
    ],
    [
      'rep of the team shared with',
      person('rep', { userId: 'u-r2', repId: 'r2' }),
      board(),
      [{ scope: 'team:Jakarta', canEdit: false }],
      true,
      false,
    ],
    ['rep of another team', rep3, board(), [{ scope: 'team:Jakarta', canEdit: true }], false, false],
    ['user given edit', rep3, board(), [{ scope: 'user:u-r3', canEdit: true }], true, true],
    ['shared with the organisation to read', rep3, board(), [{ scope: 'org', canEdit: false }], true, false],
    ['viewer given edit', viewer, board(), [{ scope: 'org', canEdit: true }], true, false],
    ['default dashboard, a viewer', viewer, board({ isDefault: true, ownerUserId: null }), [], true, false],
    ['made before people: an admin owns it', admin, board({ ownerUserId: null }), [], true, true],
    ['made before people: a manager', jktManager, board({ ownerUserId: null }), [], false, false],
    ['share link naming it', link, board(), [], true, false],
    ['share link not naming it', link, board({ id: 8 }), [{ scope: 'org', canEdit: false }], false, false],
  ];
  it.each(cases)('%s', (_name, who, d, shares, sees, edits) => {
    expect([canSeeDashboard(who, d, shares, reps), canEditDashboard(who, d, shares, reps)]).toEqual([
      sees,
      edits,
    ]);
  });

  it('sharing and deleting: the owner and admins; creating: anyone who writes', () => {
    expect([rep1, rep3, admin, owner].map((p) => canManageDashboard(p, board()))).toEqual([
      true,
      false,
      true,
      true,
    ]);
    expect([rep1, viewer, link, viewingAs].map(canCreateDashboard)).toEqual([true, false, false, false]);
    expect([admin, jktManager, rep1, viewer].map(canEditFolders)).toEqual([true, true, false, false]);
  });
});
