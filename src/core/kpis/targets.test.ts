import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import type { DayRange } from '../periods.ts';
import type { TargetMetric } from './definitions.ts';
import { type Quota, type RepTeam, targetsFor } from './targets.ts';

const day = (text: string): number => {
  const d = parseIsoDate(text);
  if (d === undefined) throw new Error(`bad test date ${text}`);
  return d;
};
const range = (from: string, to: string): DayRange => ({ from: day(from), to: day(to) });
const row = (
  scope: string,
  from: string,
  to: string,
  value: number,
  metric: TargetMetric = 'revenue',
): Quota => ({
  scope,
  metric,
  ...range(from, to),
  value,
});

/** Team Alpha: a1, a2; team Beta: b1; s1 has no team. */
const REPS: RepTeam[] = [
  { id: 'a1', team: 'Alpha' },
  { id: 'a2', team: 'Alpha' },
  { id: 'b1', team: 'Beta' },
  { id: 's1', team: null },
];
const JANUARY = range('2026-01-01', '2026-01-31'); // 31 days

describe('targetsFor: proration by overlap days', () => {
  it('takes value × overlap days / target days, both counted inclusively', () => {
    // Q1 2026 = 31 + 28 + 31 = 90 days; January overlaps 31 → 9000 × 31 / 90 = 3100
    const t = targetsFor('revenue', JANUARY, [row('rep:a1', '2026-01-01', '2026-03-31', 9000)], REPS);
    expect(t.reps.get('a1')).toBeCloseTo(3100, 9);
  });

  it('prorates a target straddling the start of the period', () => {
    // 16 Dec … 15 Jan = 16 + 15 = 31 days; 15 of them in January → 3100 × 15 / 31 = 1500
    const t = targetsFor('revenue', JANUARY, [row('rep:a2', '2025-12-16', '2026-01-15', 3100)], REPS);
    expect(t.reps.get('a2')).toBeCloseTo(1500, 9);
  });

  it('counts a one-day overlap at either edge as one day', () => {
    const t = targetsFor(
      'revenue',
      JANUARY,
      [
        row('rep:a1', '2025-12-31', '2026-01-01', 10), // 2 days, 1 in P → 5
        row('rep:a2', '2026-01-31', '2026-01-31', 70), // 1 day, in P → 70
        row('rep:b1', '2026-01-31', '2026-02-09', 100), // 10 days, 1 in P → 10
      ],
      REPS,
    );
    expect(t.reps.get('a1')).toBe(5);
    expect(t.reps.get('a2')).toBe(70);
    expect(t.reps.get('b1')).toBe(10);
  });

  it('sums several overlapping targets of one scope and ignores the rest', () => {
    const t = targetsFor(
      'revenue',
      JANUARY,
      [
        row('rep:b1', '2026-01-01', '2026-01-10', 100), // 10 days, all in P → 100
        row('rep:b1', '2026-01-25', '2026-02-03', 200), // 10 days, 25 … 31 Jan = 7 in P → 140
        row('rep:b1', '2026-02-01', '2026-02-28', 999), // no overlap
        row('rep:b1', '2026-01-01', '2026-01-31', 5, 'units'), // another metric
      ],
      REPS,
    );
    expect(t.reps.get('b1')).toBe(240);
  });

  it('keeps the unrounded prorated value', () => {
    // 1000 over 15 Jan … 14 Feb (17 + 14 = 31 days); 17 in January → 17000 / 31 = 548.387…
    const t = targetsFor('revenue', JANUARY, [row('rep:a1', '2026-01-15', '2026-02-14', 1000)], REPS);
    expect(t.reps.get('a1')).toBeCloseTo(17_000 / 31, 12);
  });

  it('uses each metric’s own rows', () => {
    const rows = [
      row('rep:a1', '2026-01-01', '2026-01-31', 31, 'units'),
      row('rep:a1', '2026-01-01', '2026-01-31', 4, 'deals_won'),
      row('rep:a1', '2026-01-01', '2026-01-31', 2, 'new_customers'),
    ];
    expect(targetsFor('units', JANUARY, rows, REPS).reps.get('a1')).toBe(31);
    expect(targetsFor('deals_won', JANUARY, rows, REPS).reps.get('a1')).toBe(4);
    expect(targetsFor('new_customers', JANUARY, rows, REPS).reps.get('a1')).toBe(2);
    expect(targetsFor('revenue', JANUARY, rows, REPS).reps.get('a1')).toBeNull();
  });
});

describe('targetsFor: roll-up where a scope has no target of its own', () => {
  const repRows = [
    row('rep:a1', '2026-01-01', '2026-03-31', 9000), // → 3100
    row('rep:a2', '2025-12-16', '2026-01-15', 3100), // → 1500
    row('rep:b1', '2026-01-01', '2026-01-10', 100), // → 100
    row('rep:s1', '2026-02-01', '2026-02-28', 500), // outside January → none
  ];

  it('sums a team’s reps and the organisation’s teams plus team-less reps', () => {
    const t = targetsFor('revenue', JANUARY, repRows, REPS);
    expect(t.teams.get('Alpha')).toBeCloseTo(3100 + 1500, 9);
    expect(t.teams.get('Beta')).toBeCloseTo(100, 9);
    expect(t.reps.get('s1')).toBeNull();
    // Alpha 4600 + Beta 100 + s1 (none, skipped)
    expect(t.org).toBeCloseTo(4700, 9);
  });

  it('skips reps without a target instead of counting them as 0 or making the sum null', () => {
    const t = targetsFor('revenue', JANUARY, [row('rep:a1', '2026-01-01', '2026-01-31', 800)], REPS);
    expect(t.reps.get('a2')).toBeNull();
    expect(t.teams.get('Alpha')).toBe(800);
    expect(t.teams.get('Beta')).toBeNull();
    expect(t.org).toBe(800);
  });

  it('counts team-less reps into the organisation', () => {
    const t = targetsFor(
      'revenue',
      JANUARY,
      [row('rep:s1', '2026-01-01', '2026-01-31', 50), row('rep:b1', '2026-01-01', '2026-01-31', 20)],
      REPS,
    );
    expect(t.teams.get('Alpha')).toBeNull();
    expect(t.teams.get('Beta')).toBe(20);
    expect(t.org).toBe(70);
  });

  it('counts a rep whose team is the empty text as team-less', () => {
    const reps: RepTeam[] = [
      { id: 'x', team: '' },
      { id: 'y', team: 'Alpha' },
    ];
    const t = targetsFor('revenue', JANUARY, [row('rep:x', '2026-01-01', '2026-01-31', 40)], reps);
    expect([...t.teams.keys()]).toEqual(['Alpha']);
    expect(t.org).toBe(40);
  });

  it('is null everywhere when nobody has a target', () => {
    const t = targetsFor('revenue', JANUARY, [], REPS);
    expect(t.org).toBeNull();
    expect([...t.teams]).toEqual([
      ['Alpha', null],
      ['Beta', null],
    ]);
    expect([...t.reps]).toEqual([
      ['a1', null],
      ['a2', null],
      ['b1', null],
      ['s1', null],
    ]);
  });

  it('ignores a team’s own target that does not overlap the period, and rolls up instead', () => {
    const t = targetsFor(
      'revenue',
      JANUARY,
      [row('team:Alpha', '2026-02-01', '2026-02-28', 10_000), ...repRows],
      REPS,
    );
    expect(t.teams.get('Alpha')).toBeCloseTo(4600, 9);
  });
});

describe('targetsFor: an own target wins over the roll-up, decided for the whole period', () => {
  const repRows = [
    row('rep:a1', '2026-01-01', '2026-01-31', 3100),
    row('rep:a2', '2026-01-01', '2026-01-31', 1500),
    row('rep:b1', '2026-01-01', '2026-01-31', 100),
  ];

  it('uses only a team’s own target even when it covers half of the period', () => {
    // team:Alpha covers 1 … 15 Jan only; its reps' targets do not fill in 16 … 31 Jan.
    const t = targetsFor(
      'revenue',
      JANUARY,
      [row('team:Alpha', '2026-01-01', '2026-01-15', 1500), ...repRows],
      REPS,
    );
    expect(t.teams.get('Alpha')).toBe(1500);
    expect(t.reps.get('a1')).toBe(3100); // the reps keep their own
    // the organisation rolls up the team's own target: Alpha 1500 + Beta 100
    expect(t.org).toBe(1600);
  });

  it('prorates an own target that straddles the period end, still without filling in', () => {
    // 20 Jan … 18 Feb = 12 + 18 = 30 days, 12 in January → 600 × 12 / 30 = 240
    const t = targetsFor(
      'revenue',
      JANUARY,
      [row('team:Beta', '2026-01-20', '2026-02-18', 600), ...repRows],
      REPS,
    );
    expect(t.teams.get('Beta')).toBeCloseTo(240, 9);
    expect(t.org).toBeCloseTo(3100 + 1500 + 240, 9);
  });

  it('uses an own target of 0 as a target (not as missing)', () => {
    const t = targetsFor(
      'revenue',
      JANUARY,
      [row('team:Beta', '2026-01-01', '2026-01-31', 0), ...repRows],
      REPS,
    );
    expect(t.teams.get('Beta')).toBe(0);
    expect(t.org).toBe(4600);
  });

  it('uses the organisation’s own target over its teams and reps', () => {
    // 36 500 over 2026 (365 days) → 31 days of January = 3100
    const t = targetsFor(
      'revenue',
      JANUARY,
      [row('org', '2026-01-01', '2026-12-31', 36_500), ...repRows],
      REPS,
    );
    expect(t.org).toBeCloseTo(3100, 9);
    expect(t.teams.get('Alpha')).toBe(4600); // teams still roll up their reps
  });

  it('keeps the organisation’s own target for a part of the period only', () => {
    const t = targetsFor('revenue', JANUARY, [row('org', '2026-01-31', '2026-01-31', 10), ...repRows], REPS);
    expect(t.org).toBe(10);
  });
});
