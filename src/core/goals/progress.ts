/**
 * Progress and pacing of goals and their targets (issue: goals, targets and tasks). Pure: the
 * current values come in (typed by hand, counted from tasks, or from the KPI engine).
 */

export const TARGET_KINDS = ['number', 'currency', 'boolean', 'tasks', 'kpi'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** Reach at least the target value, or stay at most at it (churn, CAC, cycle length). */
export type TargetDirection = 'at_least' | 'at_most';

export type PaceStatus =
  | 'achieved'
  | 'on_track'
  | 'at_risk'
  | 'off_track'
  | 'missed'
  | 'not_started'
  | 'no_data';

/** Progress below this share of where a linear pace would be today is "off track" rather than "at risk". */
export const AT_RISK_FLOOR = 0.8;

export interface TargetMeasure {
  kind: TargetKind;
  /** Inclusive epoch days. */
  from: number;
  to: number;
  direction: TargetDirection;
  /** Number and currency targets start from here (0 for the others). */
  start: number;
  target: number | null;
  /** null when nothing is known yet (no KPI value, no entry). For tasks: completed count; boolean: 1 or 0. */
  current: number | null;
  /** Tasks targets: how many tasks are linked. */
  total?: number;
  /**
   * Whether the value builds up over the period (revenue, units, a count, a number typed by hand)
   * so that linear pacing applies; a level such as a rate is judged against the target directly.
   */
  cumulative: boolean;
}

export interface Pacing {
  /** 0..1, capped at 1; null when it cannot be known. */
  progress: number | null;
  /** Where linear progress would be today, 0..1; null before/after the period does not matter. */
  expected: number;
  status: PaceStatus;
  /** Days after today until the period ends (today counts as elapsed, as in `expected`). */
  daysLeft: number;
  /** What is still missing, in the target's unit, towards the target (null for true/false and for "at most" targets). */
  remaining: number | null;
  neededPerDay: number | null;
  neededPerWeek: number | null;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Raw progress of one target, before the cap; null when unknown. */
export function rawProgress(t: TargetMeasure): number | null {
  if (t.current === null) return null;
  switch (t.kind) {
    case 'boolean':
      return t.current >= 1 ? 1 : 0;
    case 'tasks':
      return t.total === undefined || t.total === 0 ? null : t.current / t.total;
    default: {
      if (t.target === null) return null;
      if (t.direction === 'at_most') {
        // Staying at or under the ceiling is complete; above it, progress falls with the overshoot.
        if (t.current <= t.target) return 1;
        return t.current === 0 ? 0 : Math.max(0, t.target / t.current);
      }
      const span = t.target - t.start;
      if (span === 0) return t.current >= t.target ? 1 : 0;
      return (t.current - t.start) / span;
    }
  }
}

/** Share of the period elapsed by the end of `today` (0 before it starts, 1 after it ends). */
export function elapsedShare(from: number, to: number, today: number): number {
  const days = to - from + 1;
  return clamp01((today - from + 1) / days);
}

/** Progress (capped), linear-pace expectation, status and what it still takes. */
export function pace(t: TargetMeasure, today: number): Pacing {
  const raw = rawProgress(t);
  const progress = raw === null ? null : clamp01(raw);
  const expected = expectedShare(t, today);
  const daysLeft = Math.max(0, t.to - Math.max(today, t.from - 1));
  const remaining = remainingOf(t);
  const perDay = remaining === null || daysLeft === 0 ? null : remaining / daysLeft;
  return {
    progress,
    expected,
    status: statusOf(progress, expected, t, today),
    daysLeft,
    remaining,
    neededPerDay: perDay,
    neededPerWeek: perDay === null ? null : perDay * 7,
  };
}

/**
 * Where the target should be by the end of today. A build-up is linear over the period; a level is
 * judged against the target from the first day; a yes/no cannot be partly done, so nothing is
 * expected of it before its last day has passed (it is on track until then, missed after).
 */
function expectedShare(t: TargetMeasure, today: number): number {
  if (t.kind === 'boolean') return today > t.to ? 1 : 0;
  if (t.cumulative) return elapsedShare(t.from, t.to, today);
  return today < t.from ? 0 : 1;
}

function remainingOf(t: TargetMeasure): number | null {
  if (t.kind === 'boolean' || t.direction === 'at_most' || t.current === null) return null;
  if (t.kind === 'tasks') return t.total === undefined ? null : Math.max(0, t.total - t.current);
  if (t.target === null) return null;
  // A decrease target (start above target) still has to fall by current − target.
  return t.target < t.start ? Math.max(0, t.current - t.target) : Math.max(0, t.target - t.current);
}

function statusOf(progress: number | null, expected: number, t: TargetMeasure, today: number): PaceStatus {
  if (progress === null) return today < t.from ? 'not_started' : 'no_data';
  // A ceiling is only met once the period is over; until then it is on track while under it.
  if (progress >= 1 && !(t.direction === 'at_most' && today <= t.to)) return 'achieved';
  if (today > t.to) return progress >= 1 ? 'achieved' : 'missed';
  if (today < t.from) return 'not_started';
  if (progress >= expected) return 'on_track';
  return progress >= expected * AT_RISK_FLOOR ? 'at_risk' : 'off_track';
}

export interface WeightedProgress {
  progress: number | null;
  weight: number | null;
}

/**
 * A goal's progress: the mean of its targets' progress (each already capped at 1), or the
 * weighted mean when weights are set (a target without a weight then counts 1). Targets whose
 * progress is unknown count as 0: an unmeasured target is not done. No targets: null.
 */
export function goalProgress(targets: readonly WeightedProgress[]): number | null {
  if (targets.length === 0) return null;
  const weighted = targets.some((t) => t.weight !== null);
  let sum = 0;
  let weights = 0;
  for (const t of targets) {
    const w = weighted ? (t.weight ?? 1) : 1;
    sum += w * clamp01(t.progress ?? 0);
    weights += w;
  }
  return weights === 0 ? null : sum / weights;
}

/** A goal's status from its own progress over its own period, by the same rule as a target. */
export function goalPace(progress: number | null, from: number, to: number, today: number): Pacing {
  return pace(
    {
      kind: 'number',
      from,
      to,
      direction: 'at_least',
      start: 0,
      target: 1,
      current: progress,
      cumulative: true,
    },
    today,
  );
}
