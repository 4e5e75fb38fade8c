import { currentFirst } from '../../../../src/core/goals/current-first.ts';
import type { Goal } from '../../api/types.ts';

/**
 * Every target a task can count for, grouped by goal (its label says which goal and target); the
 * goals running today first, so this quarter's targets are not below two years of old quotas.
 */
export function targetOptions(goals: readonly Goal[], today: string) {
  return currentFirst(goals, today)
    .filter((goal) => goal.targets.length > 0)
    .map((goal) => ({
      group: goal.name,
      items: goal.targets.map((target) => ({ value: String(target.id), label: target.name })),
    }));
}

/** Target id → its goal and name, for the links of a task. */
export function targetIndex(
  goals: readonly Goal[],
): Map<number, { goalId: number; goal: string; target: string }> {
  const index = new Map<number, { goalId: number; goal: string; target: string }>();
  for (const goal of goals) {
    for (const target of goal.targets)
      index.set(target.id, { goalId: goal.id, goal: goal.name, target: target.name });
  }
  return index;
}
