import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { TARGET_METRICS } from './definitions.ts';
import { targetSources } from './target-sources.ts';
import { type Quota, targetsFor } from './targets.ts';

const day = (text: string) => parseIsoDate(text)!;
const row = (scope: string, metric: Quota['metric'], from: string, to: string, value: number): Quota => ({
  scope,
  metric,
  from: day(from),
  to: day(to),
  value,
});

const reps = [
  { id: 'R1', team: 'North' },
  { id: 'R2', team: 'North' },
  { id: 'R3', team: 'South' },
  { id: 'R4', team: null },
];
const rows: Quota[] = [
  row('rep:R1', 'revenue', '2026-01-01', '2026-03-31', 900),
  row('rep:R2', 'revenue', '2026-02-01', '2026-02-28', 280),
  row('team:South', 'revenue', '2026-01-01', '2026-12-31', 3650),
  row('rep:R3', 'revenue', '2026-01-01', '2026-03-31', 50),
  row('rep:R4', 'revenue', '2025-12-01', '2026-01-31', 620),
  row('org', 'units', '2026-01-01', '2026-01-31', 31),
  row('team:North', 'units', '2026-01-01', '2026-01-31', 10),
];

describe('target sources', () => {
  const periods = [
    { from: day('2026-01-01'), to: day('2026-03-31') },
    { from: day('2026-01-15'), to: day('2026-02-10') },
    { from: day('2026-04-01'), to: day('2026-04-30') },
  ];
  const sum = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0));
  const same = (actual: number | null, expected: number | null) => {
    if (expected === null) expect(actual).toBeNull();
    else expect(actual).toBeCloseTo(expected, 9);
  };

  it('add up to the target of every scope, with the same fallback rule', () => {
    for (const period of periods) {
      for (const metric of TARGET_METRICS) {
        const expected = targetsFor(metric, period, rows, reps);
        const of = (scope: Parameters<typeof targetSources>[4]) =>
          sum(targetSources(metric, period, rows, reps, scope).map((s) => s.contribution));
        same(of({ kind: 'org' }), expected.org);
        for (const [team, value] of expected.teams) same(of({ kind: 'team', name: team }), value);
        for (const [rep, value] of expected.reps) same(of({ kind: 'rep', id: rep }), value);
      }
    }
  });

  it("take a scope's own rows over its members'", () => {
    const period = periods[0]!;
    const south = targetSources('revenue', period, rows, reps, { kind: 'team', name: 'South' });
    expect(south.map((s) => s.row.scope)).toEqual(['team:South']);
  });
});
