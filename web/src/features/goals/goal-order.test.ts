import { describe, expect, it } from 'vitest';
import type { Goal } from '../../api/types.ts';
import { countByStatus, matchesSearch, orderGoals } from './goal-order.ts';

const goal = (id: number, start: string, due: string, extra: Partial<Goal> = {}): Goal =>
  ({
    id,
    name: `Goal ${id}`,
    description: null,
    start_date: start,
    due_date: due,
    status: 'on_track',
    targets: [],
    ...extra,
  }) as Goal;

describe('goals page order', () => {
  it('puts running goals first, then upcoming, then finished ones', () => {
    const goals = [
      goal(1, '2026-01-01', '2026-03-31'),
      goal(2, '2026-10-01', '2026-12-31'),
      goal(3, '2027-01-01', '2027-03-31'),
      goal(4, '2026-11-01', '2026-11-30'),
      goal(5, '2026-04-01', '2026-06-30'),
    ];
    expect(orderGoals(goals, '2026-11-28').map((g) => g.id)).toEqual([4, 2, 3, 5, 1]);
  });

  it('counts statuses and searches names, descriptions and targets', () => {
    const goals = [
      goal(1, '2026-01-01', '2026-03-31', { status: 'missed' }),
      goal(2, '2026-10-01', '2026-12-31', {
        status: 'at_risk',
        targets: [{ name: 'Jakarta revenue' }] as Goal['targets'],
      }),
    ];
    expect(countByStatus(goals)).toMatchObject({ missed: 1, at_risk: 1, on_track: 0 });
    expect(goals.filter((g) => matchesSearch(g, 'jakarta')).map((g) => g.id)).toEqual([2]);
    expect(goals.filter((g) => matchesSearch(g, '  ')).length).toBe(2);
  });
});
