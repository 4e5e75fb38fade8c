import { orderGoals as orderByPhase } from '../../../../src/core/goals/goal-order.ts';
import type { Goal, PaceStatus } from '../../api/types.ts';

/**
 * The order of the goals page: goals running today first (soonest due first), then those still to
 * start, then finished ones (latest first) — what needs attention now is at the top. The rule is
 * core's, shared with `udn goals`. Ordering only; statuses and progress are the API's.
 */
export function orderGoals(goals: readonly Goal[], today: string): Goal[] {
  return orderByPhase(goals, today);
}

/** Filters of the status strip; each counts the goals the API gave that status. */
export const STATUS_FILTERS: readonly PaceStatus[] = [
  'off_track',
  'at_risk',
  'on_track',
  'achieved',
  'missed',
  'not_started',
  'no_data',
];

export function countByStatus(goals: readonly Goal[]): Record<PaceStatus, number> {
  const counts = Object.fromEntries(STATUS_FILTERS.map((status) => [status, 0])) as Record<
    PaceStatus,
    number
  >;
  for (const goal of goals) counts[goal.status] += 1;
  return counts;
}

/** Goals whose name, description or a target's name holds the text (case-insensitive). */
export function matchesSearch(goal: Goal, text: string): boolean {
  const needle = text.trim().toLocaleLowerCase();
  if (!needle) return true;
  return (
    goal.name.toLocaleLowerCase().includes(needle) ||
    (goal.description ?? '').toLocaleLowerCase().includes(needle) ||
    goal.targets.some((target) => target.name.toLocaleLowerCase().includes(needle))
  );
}
