import { describe, expect, it } from 'vitest';
import type { Goal } from '../../api/types.ts';
import { goalPickerGroups } from './goal-picker.ts';

const goal = (id: number, start: string, due: string, folder: string | null): Goal =>
  ({
    id,
    name: `Goal ${id}`,
    start_date: start,
    due_date: due,
    folder_name: folder,
    targets: [],
  }) as unknown as Goal;

describe('the goal widget picker', () => {
  it('lists the current goal first and the oldest last, not the other way round', () => {
    // As the API lists them: oldest first.
    const goals = [
      goal(1, '2025-01-01', '2025-03-31', null),
      goal(2, '2026-07-01', '2026-09-30', null),
      goal(3, '2026-10-01', '2026-12-31', null),
      goal(4, '2027-01-01', '2027-03-31', null),
    ];
    const [only] = goalPickerGroups(goals, '2026-12-05', 'No folder');
    expect(only?.items.map((item) => item.value)).toEqual(['3', '4', '2', '1']);
  });

  it('groups by folder, the folder of the current goal first', () => {
    const goals = [
      goal(1, '2025-01-01', '2025-12-31', 'Quotas'),
      goal(2, '2026-10-01', '2026-12-31', 'Jakarta'),
      goal(3, '2026-06-01', '2026-12-15', 'Quotas'),
      goal(4, '2024-01-01', '2024-12-31', null),
    ];
    expect(goalPickerGroups(goals, '2026-12-05', 'No folder')).toEqual([
      {
        group: 'Quotas',
        items: [
          { value: '3', label: 'Goal 3' },
          { value: '1', label: 'Goal 1' },
        ],
      },
      { group: 'Jakarta', items: [{ value: '2', label: 'Goal 2' }] },
      { group: 'No folder', items: [{ value: '4', label: 'Goal 4' }] },
    ]);
  });
});
