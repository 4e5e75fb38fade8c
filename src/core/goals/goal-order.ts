/**
 * The order every list of goals uses (the goals page, `udn goals`): goals running today first
 * (soonest due first), then those still to start, then finished ones, latest first — what needs
 * attention now is at the top, and history at the bottom. Days are `YYYY-MM-DD` text, which sorts
 * as dates do.
 */

export type GoalPhase = 'current' | 'upcoming' | 'past';

interface Dated {
  id: number;
  name: string;
  start_date: string;
  due_date: string;
}

export function goalPhase(goal: Pick<Dated, 'start_date' | 'due_date'>, today: string): GoalPhase {
  if (goal.start_date > today) return 'upcoming';
  return goal.due_date < today ? 'past' : 'current';
}

const RANK: Record<GoalPhase, number> = { current: 0, upcoming: 1, past: 2 };

export function orderGoals<T extends Dated>(goals: readonly T[], today: string): T[] {
  return [...goals].sort((a, b) => {
    const pa = goalPhase(a, today);
    const pb = goalPhase(b, today);
    if (pa !== pb) return RANK[pa] - RANK[pb];
    // The past newest first: latest end, then latest start (a quarter before the year it closes).
    const byDate =
      pa === 'past'
        ? b.due_date.localeCompare(a.due_date) || b.start_date.localeCompare(a.start_date)
        : a.due_date.localeCompare(b.due_date);
    return byDate || a.name.localeCompare(b.name) || a.id - b.id;
  });
}
