import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../contracts/api.ts';
import { parseScope, type Scope } from '../scope.ts';
import { memberPrincipal, type Principal } from './principal.ts';
import type { Role } from './roles.ts';
import {
  canSeeRep,
  canSeeScope,
  hearsEvent,
  needsReps,
  repVisibility,
  visibilityKey,
  visibleOwners,
  visibleRepEntries,
} from './visibility.ts';

// Jakarta: R01 (the rep below), R07 (a team-mate); Surabaya: R02 (another team); R12 has no team.
const REPS = [
  { id: 'R01', team: 'Jakarta' },
  { id: 'R02', team: 'Surabaya' },
  { id: 'R07', team: 'Jakarta' },
  { id: 'R12', team: null },
];

function principal(role: Role, extra: Partial<Principal> = {}): Principal {
  return {
    ...memberPrincipal(
      'token',
      { id: `u-${role}`, email: `${role}@example.test`, name: role },
      { orgId: 1, role, repId: null, teams: [] },
    ),
    ...extra,
  };
}

const WHO: Record<string, Principal> = {
  owner: principal('owner'),
  admin: principal('admin'),
  'manager of Jakarta': principal('manager', { teams: ['Jakarta'] }),
  'manager of Jakarta who is rep R02': principal('manager', { teams: ['Jakarta'], repId: 'R02' }),
  'manager of no team': principal('manager'),
  'rep R01': principal('rep', { repId: 'R01' }),
  'rep without a rep record': principal('rep'),
  viewer: principal('viewer'),
  'share link': principal('viewer', { via: 'share', userId: null, share: { id: 1, dashboardIds: [5] } }),
  'admin viewing as rep R01': principal('rep', {
    repId: 'R01',
    viewAs: { actorUserId: 'u-admin', actorEmail: 'admin@example.test' },
  }),
};

// The rep asked about, seen from each principal: R01 is "own rep" for rep R01, R07 its team-mate,
// R02 in another team. Columns: [own R01, team-mate R07, other team R02, no team R12] with the
// leaderboard closed; with it open everyone sees all four.
const TABLE: [string, [boolean, boolean, boolean, boolean]][] = [
  ['owner', [true, true, true, true]],
  ['admin', [true, true, true, true]],
  ['manager of Jakarta', [true, true, false, false]],
  ['manager of Jakarta who is rep R02', [true, true, true, false]],
  ['manager of no team', [false, false, false, false]],
  ['rep R01', [true, false, false, false]],
  ['rep without a rep record', [false, false, false, false]],
  ['viewer', [false, false, false, false]],
  ['share link', [false, false, false, false]],
  ['admin viewing as rep R01', [true, false, false, false]],
];

const ASKED = ['R01', 'R07', 'R02', 'R12'];

describe('who sees which rep', () => {
  for (const [who, expected] of TABLE) {
    it(`${who}: closed leaderboard`, () => {
      const visibility = repVisibility(WHO[who]!, { open_leaderboard: false }, REPS);
      expect(ASKED.map((id) => canSeeRep(visibility, id))).toEqual(expected);
      expect(ASKED.map((id) => canSeeScope(visibility, { kind: 'rep', id }))).toEqual(expected);
    });
    it(`${who}: open leaderboard → every rep`, () => {
      const visibility = repVisibility(WHO[who]!, { open_leaderboard: true }, REPS);
      expect(visibility).toEqual({ kind: 'all' });
      expect(ASKED.map((id) => canSeeRep(visibility, id))).toEqual([true, true, true, true]);
    });
  }

  it('organisation and team aggregates are every principal’s', () => {
    const aggregates: Scope[] = ['org', 'team:Jakarta', 'team:Surabaya'].map((text) => {
      const parsed = parseScope(text);
      if (!parsed.ok) throw new Error(text);
      return parsed.scope;
    });
    for (const who of Object.values(WHO)) {
      const visibility = repVisibility(who, { open_leaderboard: false }, REPS);
      for (const scope of aggregates) expect(canSeeScope(visibility, scope)).toBe(true);
    }
  });

  it('reads the reps only for a manager of some team, with the leaderboard closed', () => {
    const needs = Object.fromEntries(
      Object.entries(WHO).map(([who, p]) => [who, needsReps(p, { open_leaderboard: false })]),
    );
    expect(needs).toEqual({
      owner: false,
      admin: false,
      'manager of Jakarta': true,
      'manager of Jakarta who is rep R02': true,
      'manager of no team': false,
      'rep R01': false,
      'rep without a rep record': false,
      viewer: false,
      'share link': false,
      'admin viewing as rep R01': false,
    });
    expect(needsReps(WHO['manager of Jakarta']!, { open_leaderboard: true })).toBe(false);
  });
});

describe('records and rows narrowed to the visible reps', () => {
  const rep = repVisibility(WHO['rep R01']!, { open_leaderboard: false }, REPS);
  const manager = repVisibility(WHO['manager of Jakarta']!, { open_leaderboard: false }, REPS);
  const all = repVisibility(WHO.admin!, { open_leaderboard: false }, REPS);

  it('owners of a list: the scope’s owners that are visible; unowned records only for all', () => {
    expect(visibleOwners(null, all, REPS)).toBeNull();
    expect(visibleOwners(['R01', 'R07'], all, REPS)).toEqual(['R01', 'R07']);
    expect(visibleOwners(null, rep, REPS)).toEqual(['R01']);
    expect(visibleOwners(null, manager, REPS)).toEqual(['R01', 'R07']);
    expect(visibleOwners(['R02'], manager, REPS)).toEqual([]);
  });

  it('per-rep entries', () => {
    const perRep = { R01: 1, R02: 2, R07: 7, R12: 12 };
    expect(visibleRepEntries(perRep, all)).toEqual(perRep);
    expect(visibleRepEntries(perRep, rep)).toEqual({ R01: 1 });
    expect(visibleRepEntries(perRep, manager)).toEqual({ R01: 1, R07: 7 });
  });

  it('cache keys: equal exactly when the same reps are seen', () => {
    expect(visibilityKey(all)).toBe('all');
    expect(visibilityKey(manager)).toBe('some:R01,R07');
    expect(visibilityKey({ kind: 'some', repIds: new Set(['R07', 'R01']) })).toBe('some:R01,R07');
    expect(visibilityKey(rep)).not.toBe(visibilityKey(manager));
    expect(visibilityKey({ kind: 'some', repIds: new Set() })).toBe('some:');
  });
});

describe('who hears a live event', () => {
  const EVENTS: Record<string, LiveEvent> = {
    data: { type: 'data-changed', dataVersion: 3 },
    goals: { type: 'goals-changed' },
    'dashboard 5': { type: 'dashboard-changed', dashboardId: 5, version: 2 },
    'dashboard 6': { type: 'dashboard-changed', dashboardId: 6, version: 2 },
    progress: {
      type: 'import-progress',
      importId: 1,
      progress: { file: 'deals.csv', bytes: 1, totalBytes: 2, rows: 1 },
    },
    finished: { type: 'import-finished', importId: 1, status: 'succeeded', changed: true, dataVersion: 3 },
  };
  // Columns in the order of EVENTS.
  const HEARS: [string, boolean[]][] = [
    ['owner', [true, true, true, true, true, true]],
    ['admin', [true, true, true, true, true, true]],
    ['manager of Jakarta', [true, true, true, true, false, false]],
    ['rep R01', [true, true, true, true, false, false]],
    ['viewer', [true, true, true, true, false, false]],
    ['share link', [true, false, true, false, false, false]],
  ];
  for (const [who, expected] of HEARS) {
    it(who, () => {
      expect(Object.values(EVENTS).map((event) => hearsEvent(WHO[who]!, event))).toEqual(expected);
    });
  }
});
