import { describe, expect, it } from 'vitest';
import { currentFirst } from './current-first.ts';

const goal = (id: number, name: string, start_date: string, due_date: string) => ({
  id,
  name,
  start_date,
  due_date,
});

describe('currentFirst', () => {
  it('puts running goals first (soonest due), then upcoming (soonest start), then finished (latest first)', () => {
    const goals = [
      goal(1, 'Q1 2025', '2025-01-01', '2025-03-31'),
      goal(2, 'Q2 quota', '2026-04-01', '2026-06-30'),
      goal(3, 'Q3 plan', '2026-07-01', '2026-09-30'),
      goal(4, 'Q1 2026', '2026-01-01', '2026-03-31'),
      goal(5, 'April push', '2026-04-01', '2026-04-30'),
      goal(6, 'Year', '2026-01-01', '2026-12-31'),
      goal(7, 'Q4 plan', '2026-10-01', '2026-12-31'),
      goal(8, 'A Q2 goal', '2026-04-01', '2026-06-30'),
    ];
    expect(currentFirst(goals, '2026-04-10').map((g) => g.name)).toEqual([
      'April push',
      'A Q2 goal',
      'Q2 quota',
      'Year',
      'Q3 plan',
      'Q4 plan',
      'Q1 2026',
      'Q1 2025',
    ]);
  });

  it('counts the first and the last day as running, and leaves its input alone', () => {
    const goals = [
      goal(1, 'ends today', '2026-03-01', '2026-04-10'),
      goal(2, 'starts today', '2026-04-10', '2026-05-31'),
    ];
    expect(currentFirst(goals, '2026-04-10').map((g) => g.id)).toEqual([1, 2]);
    expect(currentFirst(goals, '2026-04-11').map((g) => g.id)).toEqual([2, 1]);
    expect(goals.map((g) => g.id)).toEqual([1, 2]);
  });
});
