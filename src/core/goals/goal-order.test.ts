import { describe, expect, it } from 'vitest';
import { goalPhase, orderGoals } from './goal-order.ts';

const goal = (id: number, start_date: string, due_date: string, name = `G${id}`) => ({
  id,
  name,
  start_date,
  due_date,
});

// `udn goals` listed 262 goals oldest first, the current ones last (issue 8, item 6).
describe('the order of goals', () => {
  const today = '2026-11-28';
  const list = [
    goal(1, '2025-01-01', '2025-03-31'),
    goal(2, '2026-10-01', '2026-12-31'),
    goal(3, '2027-01-01', '2027-03-31'),
    goal(4, '2026-07-01', '2026-09-30'),
    goal(5, '2026-11-01', '2026-11-30'),
    goal(6, '2026-11-28', '2026-11-28'),
    goal(7, '2026-12-01', '2026-12-31'),
    goal(8, '2025-01-01', '2025-12-31', 'A year'),
    goal(9, '2025-10-01', '2025-12-31', 'B quarter'),
  ];

  it('puts goals running today first (soonest due first), then those to come, then the past, newest first', () => {
    expect(orderGoals(list, today).map((g) => g.id)).toEqual([6, 5, 2, 7, 3, 4, 9, 8, 1]);
  });

  it('counts a goal due today as current and one that ended yesterday as past', () => {
    expect(goalPhase(goal(1, '2026-11-01', today), today)).toBe('current');
    expect(goalPhase(goal(1, '2026-11-01', '2026-11-27'), today)).toBe('past');
    expect(goalPhase(goal(1, '2026-11-29', '2026-12-01'), today)).toBe('upcoming');
  });
});
