import { describe, expect, it } from 'vitest';
import type { Goal } from '../../api/types.ts';
import { targetOptions } from './target-options.ts';

const goal = (id: number, name: string, start_date: string, due_date: string, targets: string[]) =>
  ({
    id,
    name,
    start_date,
    due_date,
    targets: targets.map((target, i) => ({ id: id * 100 + i, name: target })),
  }) as unknown as Goal;

describe('the targets a task can count for', () => {
  it('lists the goals running today first, then upcoming, then finished ones latest first', () => {
    const goals = [
      goal(1, 'Sales quotas 2025-Q1', '2025-01-01', '2025-03-31', ['Revenue']),
      goal(2, 'Sales quotas 2026-Q3', '2026-07-01', '2026-09-30', ['Revenue']),
      goal(3, 'Q4 visits', '2026-10-01', '2026-12-31', ['Key-account visits']),
      goal(4, 'Empty', '2026-10-01', '2026-12-31', []),
      goal(5, 'Q1 plan', '2027-01-01', '2027-03-31', ['Calls']),
    ];
    expect(targetOptions(goals, '2026-12-05')).toEqual([
      { group: 'Q4 visits', items: [{ value: '300', label: 'Key-account visits' }] },
      { group: 'Q1 plan', items: [{ value: '500', label: 'Calls' }] },
      { group: 'Sales quotas 2026-Q3', items: [{ value: '200', label: 'Revenue' }] },
      { group: 'Sales quotas 2025-Q1', items: [{ value: '100', label: 'Revenue' }] },
    ]);
  });
});
