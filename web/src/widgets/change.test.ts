import { describe, expect, it } from 'vitest';
import { changeBetween } from './change.ts';

describe('change against the previous period', () => {
  it('colours a rise by the metric direction', () => {
    expect(changeBetween(120, 100, 'money', 'up')).toMatchObject({ kind: 'relative', sign: 1, tone: 'good' });
    expect(changeBetween(12, 10, 'days', 'down')).toMatchObject({ sign: 1, tone: 'bad' });
    expect(changeBetween(12, 10, 'count', 'neutral')).toMatchObject({ tone: 'neutral' });
  });

  it('moves ratios in percentage points, not relative to themselves', () => {
    const change = changeBetween(0.25, 0.2, 'ratio', 'down');
    expect(change?.kind).toBe('points');
    expect(change?.amount).toBeCloseTo(5);
    expect(change?.tone).toBe('bad');
  });

  it('has no change without a previous value, or against zero', () => {
    expect(changeBetween(5, null, 'count', 'up')).toBeNull();
    expect(changeBetween(null, 5, 'count', 'up')).toBeNull();
    expect(changeBetween(5, 0, 'count', 'up')).toBeNull();
  });
});
