import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import {
  formatScope,
  parseScope,
  resolveScope,
  SCOPE_SYNTAX,
  type Scope,
  scopeProblem,
  scopeProblemError,
  scopeProblemText,
  scopeSlice,
  teamMembers,
} from './scope.ts';

const team = (name: string): Scope => ({ kind: 'team', name });
const rep = (id: string): Scope => ({ kind: 'rep', id });

describe('parseScope', () => {
  it.each<[string, Scope]>([
    ['org', { kind: 'org' }],
    ['team:Jakarta', team('Jakarta')],
    ['rep:R1', rep('R1')],
    // targets.csv and the goals API have always read a space after the colon as no part of the name.
    ['team: Jakarta', team('Jakarta')],
    ['rep:\tR1', rep('R1')],
    ['  org  ', { kind: 'org' }],
    ['team:Jakarta Selatan', team('Jakarta Selatan')],
    // Only the first colon separates: the rest is the name.
    ['team:a:b', team('a:b')],
    ['rep:team:x', rep('team:x')],
  ])('reads %j', (text, scope) => {
    expect(parseScope(text)).toEqual({ ok: true, scope });
  });

  it.each([
    'team:',
    'rep:',
    'team:   ',
    'rep: ',
    'Org',
    'organisation',
    'team',
    'Team:Jakarta',
    'REP:R1',
    '',
    ':Jakarta',
    'team:Jakarta\nrep:R1',
    'rep:R1\rR2',
  ])('refuses %j with the syntax of a scope', (text) => {
    expect(parseScope(text)).toEqual({ ok: false, reason: 'must be org, team:<team name> or rep:<rep id>' });
  });

  it('says what a scope looks like in the words the API always used', () => {
    expect(SCOPE_SYNTAX).toBe('must be org, team:<team name> or rep:<rep id>');
  });
});

describe('formatScope', () => {
  it('writes the canonical text', () => {
    expect(formatScope({ kind: 'org' })).toBe('org');
    expect(formatScope(team('Jakarta'))).toBe('team:Jakarta');
    expect(formatScope(rep('R1'))).toBe('rep:R1');
  });

  it('round-trips every scope it reads, and canonicalises what it accepts loosely', () => {
    for (const text of ['org', 'team:Jakarta', 'rep:R1', 'team:a:b']) {
      const parsed = parseScope(text);
      expect(parsed.ok && formatScope(parsed.scope)).toBe(text);
    }
    const loose = parseScope(' team:  Jakarta ');
    expect(loose.ok && formatScope(loose.scope)).toBe('team:Jakarta');
  });
});

describe('scopeSlice', () => {
  const report = {
    org: 'all',
    teams: { Jakarta: 'jkt', Surabaya: 'sby' },
    reps: { R1: 'r1' },
  };

  it('picks org, teams[name] or reps[id] of a report', () => {
    expect(scopeSlice(report, { kind: 'org' })).toBe('all');
    expect(scopeSlice(report, team('Surabaya'))).toBe('sby');
    expect(scopeSlice(report, rep('R1'))).toBe('r1');
  });

  it('is undefined for a team or rep the report does not have, prototype keys included', () => {
    expect(scopeSlice(report, team('Bandung'))).toBeUndefined();
    expect(scopeSlice(report, rep('R9'))).toBeUndefined();
    expect(scopeSlice(report, team('constructor'))).toBeUndefined();
    expect(scopeSlice(report, rep('toString'))).toBeUndefined();
  });

  it('reads maps as well (the computed values behind a report)', () => {
    const values = { org: 1, teams: new Map([['Jakarta', 2]]), reps: new Map([['R1', 3]]) };
    expect(scopeSlice(values, { kind: 'org' })).toBe(1);
    expect(scopeSlice(values, team('Jakarta'))).toBe(2);
    expect(scopeSlice(values, rep('R1'))).toBe(3);
    expect(scopeSlice(values, rep('R2'))).toBeUndefined();
  });
});

describe('resolving a scope against the reps', () => {
  const reps = [
    { id: 'R1', team: 'Jakarta', name: 'Ani' },
    { id: 'R2', team: 'Jakarta', name: 'Budi' },
    { id: 'R3', team: 'Surabaya', name: 'Citra' },
    { id: 'R4', team: null, name: 'Dewi' },
  ];

  it('gives a team its current members', () => {
    expect(teamMembers(reps, 'Jakarta').map((r) => r.id)).toEqual(['R1', 'R2']);
    expect(teamMembers(reps, 'Bali')).toEqual([]);
  });

  it('counts every owner for the organisation (null: unowned records too), a team its members, a rep itself', () => {
    expect(resolveScope({ kind: 'org' }, reps)).toEqual({
      ok: true,
      resolved: { scope: { kind: 'org' }, owners: null, reps },
    });
    expect(resolveScope(team('Jakarta'), reps)).toEqual({
      ok: true,
      resolved: { scope: team('Jakarta'), owners: ['R1', 'R2'], reps: [reps[0], reps[1]] },
    });
    expect(resolveScope(rep('R4'), reps)).toEqual({
      ok: true,
      resolved: { scope: rep('R4'), owners: ['R4'], reps: [reps[3]] },
    });
  });

  it('names a team no rep has, or a rep that does not exist', () => {
    expect(scopeProblem({ kind: 'org' }, [])).toBeNull();
    expect(scopeProblem(team('Surabaya'), reps)).toBeNull();
    expect(scopeProblem(team('Bali'), reps)).toEqual({ kind: 'unknown_team', team: 'Bali' });
    expect(scopeProblem(rep('R9'), reps)).toEqual({ kind: 'unknown_rep', rep: 'R9' });
    expect(resolveScope(team('Bali'), reps)).toEqual({
      ok: false,
      problem: { kind: 'unknown_team', team: 'Bali' },
    });
  });

  it('words the problem as each API always has', () => {
    const noTeam = { kind: 'unknown_team', team: 'Bali' } as const;
    expect(scopeProblemText(noTeam, 'kpis')).toBe('unknown team "Bali"');
    expect(scopeProblemText(noTeam, 'goals')).toBe('unknown team "Bali" (no rep has it)');
    expect(scopeProblemText({ kind: 'unknown_rep', rep: 'R9' }, 'kpis')).toBe('unknown rep "R9"');
    expect(scopeProblemText({ kind: 'unknown_rep', rep: 'R9' }, 'goals')).toBe('unknown rep "R9"');
  });

  it('refuses it as an invalid field whose params name the team or rep', () => {
    const error = scopeProblemError('shares.1', { kind: 'unknown_team', team: 'Bali' }, 'goals');
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'invalid',
      field: 'shares.1',
      reason: 'unknown team "Bali" (no rep has it)',
      message: 'shares.1: unknown team "Bali" (no rep has it)',
      params: { rule: 'unknown_team', team: 'Bali' },
    });
    expect(scopeProblemError('scope', { kind: 'unknown_rep', rep: 'R9' }, 'kpis').params).toEqual({
      rule: 'unknown_rep',
      rep: 'R9',
    });
  });
});
