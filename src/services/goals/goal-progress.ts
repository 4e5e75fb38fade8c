import type { Goal, GoalList, GoalProgress } from '../../core/contracts/goals.ts';

/**
 * The compact progress of `udn goals --json` and GET /goals/progress: per goal and target, the
 * numbers and status without the stored details. `target` and `current` are in the target's unit
 * (money in major units); for a true/false target 1 and 1/0, for a tasks target linked and done tasks.
 */
export function goalProgressOf(list: GoalList): GoalProgress {
  return {
    today: list.today,
    goals: list.goals.map((goal: Goal) => ({
      id: goal.id,
      name: goal.name,
      progress: goal.progress,
      status: goal.status,
      expected: goal.pacing.expected,
      days_left: goal.pacing.days_left,
      needed_per_day: goal.pacing.needed_per_day,
      needed_per_week: goal.pacing.needed_per_week,
      folder: goal.folder_name,
      owner: goal.owner_name ?? goal.owner_rep_id,
      from: goal.start_date,
      due: goal.due_date,
      kind: goal.kind,
      targets: goal.targets.map((t) => ({
        id: t.id,
        name: t.name,
        kind: t.kind,
        scope: t.kind === 'kpi' ? t.scope : null,
        metric: t.kind === 'kpi' ? t.metric : null,
        direction: t.direction,
        from: t.from,
        to: t.to,
        target: t.target_value,
        current: t.current_value,
        progress: t.progress,
        status: t.status,
        unit: t.unit,
        expected: t.pacing.expected,
        days_left: t.pacing.days_left,
        remaining: t.pacing.remaining,
        needed_per_day: t.pacing.needed_per_day,
        needed_per_week: t.pacing.needed_per_week,
      })),
    })),
  };
}
