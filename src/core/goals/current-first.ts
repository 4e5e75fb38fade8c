/**
 * The order a picker lists goals in: what runs today first (soonest due first), then what is still
 * to start (soonest first), then finished goals, the latest first — so this quarter's goals lead and
 * two-year-old ones come last. Days are `YYYY-MM-DD` text, which sorts as the calendar does.
 */
export interface DatedGoal {
  id: number;
  name: string;
  start_date: string;
  due_date: string;
}

const phaseOf = (goal: DatedGoal, today: string): number =>
  goal.start_date > today ? 1 : goal.due_date < today ? 2 : 0;

export function currentFirst<T extends DatedGoal>(goals: readonly T[], today: string): T[] {
  return [...goals].sort((a, b) => {
    const pa = phaseOf(a, today);
    const pb = phaseOf(b, today);
    if (pa !== pb) return pa - pb;
    const byDate =
      pa === 0
        ? a.due_date.localeCompare(b.due_date)
        : pa === 1
          ? a.start_date.localeCompare(b.start_date) || a.due_date.localeCompare(b.due_date)
          : b.due_date.localeCompare(a.due_date) || b.start_date.localeCompare(a.start_date);
    return byDate || a.name.localeCompare(b.name) || a.id - b.id;
  });
}
