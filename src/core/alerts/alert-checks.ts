/**
 * Whether an alert rule's condition holds for a subject, and what to do about it (docs/alerts.md).
 * Pure: the figures come in (the KPI report's values, a goal target's pacing, the days since a
 * rep's last activity); the engine reads them and keeps each subject's state.
 */

/** What happened between the last evaluation and this one for one (rule, subject). */
export type Crossing = 'fire' | 'still-crossed' | 'recovered' | 'quiet';

/**
 * Fire once per crossing: fire when the condition becomes true, stay quiet while it stays true,
 * and let it fire again only after it was seen false (recovered). A subject never seen before that
 * is crossed fires: a new rule tells about what is already wrong.
 */
export function crossingOf(wasCrossed: boolean | undefined, crossed: boolean): Crossing {
  if (crossed) return wasCrossed ? 'still-crossed' : 'fire';
  return wasCrossed ? 'recovered' : 'quiet';
}

/** A threshold rule: strictly above or below the value; an undefined figure (null) crosses nothing. */
export function thresholdCrossed(value: number | null, operator: 'above' | 'below', limit: number): boolean {
  if (value === null) return false;
  return operator === 'above' ? value > limit : value < limit;
}

/**
 * The relative change of `current` against `base` (0.25 = +25%); null when the base is 0 or
 * unknown, where no percentage exists (KPI-SPEC: a ratio over 0 is null, never ∞).
 */
export function relativeChange(current: number | null, base: number | null): number | null {
  if (current === null || base === null || base === 0) return null;
  return (current - base) / Math.abs(base);
}

/** A change rule: a rise ('up') or fall ('down') of at least `percent` percent. */
export function changeCrossed(change: number | null, direction: 'up' | 'down', percent: number): boolean {
  if (change === null) return false;
  // Percent as typed (10 = 10%); compared in hundredths so 10% of 100 → 90 is exactly a 10% fall.
  const hundredths = Math.round(change * 1e6) / 1e4;
  return direction === 'up' ? hundredths >= percent : hundredths <= -percent;
}

/**
 * Whole days since a rep's last activity, as of `today` (epoch days in the organisation's zone):
 * activity today is 0 days. A rep with no activity at all counts from the day before they started
 * (their first day without activity is day 1), or is null when nothing dates them.
 */
export function daysInactive(
  lastActivityDay: number | null,
  startedOn: number | null,
  today: number,
): number | null {
  if (lastActivityDay !== null) return Math.max(0, today - lastActivityDay);
  if (startedOn !== null) return Math.max(0, today - startedOn + 1);
  return null;
}

/** No activity for at least `days` days; a rep with no activity ever and no start date is inactive. */
export function inactivityCrossed(inactiveDays: number | null, days: number): boolean {
  return inactiveDays === null || inactiveDays >= days;
}

/** An import fires when it failed, or removed at least `removedAtLeast` records (0: failures only). */
export function importCrossed(failed: boolean, removed: number, removedAtLeast: number): boolean {
  return failed || (removedAtLeast > 0 && removed >= removedAtLeast);
}

/**
 * How far behind the linear pace a target is, as a share of where it should be (0.12: 12% behind);
 * null when nothing was expected yet.
 */
export function behindPace(progress: number | null, expected: number): number | null {
  if (progress === null || expected <= 0) return null;
  return Math.max(0, 1 - progress / expected);
}
