import type { Goal } from '../../api/types.ts';
import { orderGoals } from '../goals/goal-order.ts';

export interface GoalGroup {
  group: string;
  items: { value: string; label: string }[];
}

/**
 * The goal widget's picker: running goals first, then those still to start, then finished ones
 * latest first (the goals page's order, not the oldest first); goals grouped by folder, folders in
 * the order of their first goal, so the current ones lead.
 */
export function goalPickerGroups(goals: readonly Goal[], today: string, noFolder: string): GoalGroup[] {
  const ordered = orderGoals(goals, today);
  const folderOf = (goal: Goal) => goal.folder_name ?? noFolder;
  return [...new Set(ordered.map(folderOf))].map((group) => ({
    group,
    items: ordered
      .filter((goal) => folderOf(goal) === group)
      .map((goal) => ({ value: String(goal.id), label: goal.name })),
  }));
}
