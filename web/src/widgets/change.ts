import type { Direction, MetricUnit } from '../api/types.ts';

export type Tone = 'good' | 'bad' | 'neutral';

export interface Change {
  /** Ratios change in percentage points; everything else relative to the previous value. */
  kind: 'points' | 'relative';
  amount: number;
  sign: -1 | 0 | 1;
  tone: Tone;
}

/**
 * How a value moved against the previous period's value, both as the API reported them. This is a
 * comparison for display (arrow, colour, "+4.2%"), not a KPI: the values themselves are never derived.
 */
export function changeBetween(
  value: number | null | undefined,
  previous: number | null | undefined,
  unit: MetricUnit,
  direction: Direction,
): Change | null {
  if (value === null || value === undefined || previous === null || previous === undefined) return null;
  const kind = unit === 'ratio' ? 'points' : 'relative';
  if (kind === 'relative' && previous === 0) return null;
  const amount = kind === 'points' ? (value - previous) * 100 : (value - previous) / Math.abs(previous);
  const sign = Math.abs(amount) < 1e-9 ? 0 : amount > 0 ? 1 : -1;
  const tone: Tone =
    sign === 0 || direction === 'neutral' ? 'neutral' : sign > 0 === (direction === 'up') ? 'good' : 'bad';
  return { kind, amount, sign, tone };
}
