import { describe, expect, it } from 'vitest';
import { median, ratio } from './stats.ts';

describe('ratio', () => {
  it('divides', () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(0, 4)).toBe(0);
    expect(ratio(-1, 4)).toBe(-0.25);
  });

  it('is null for a zero or missing denominator, or a missing numerator', () => {
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(3, null)).toBeNull();
    expect(ratio(null, 4)).toBeNull();
  });
});

describe('median', () => {
  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });

  it('takes the middle of an odd count', () => {
    expect(median([5])).toBe(5);
    expect(median([10, 20.5, 4])).toBe(10);
  });

  it('takes the mean of the two middle values of an even count', () => {
    expect(median([10, 20.5, 4, 7.25])).toBe(8.625); // (7.25 + 10) / 2
    expect(median([1, 2])).toBe(1.5);
  });

  it('sorts numerically, not as text', () => {
    // as text the order would be 100, 25, 9 → 25
    expect(median([9, 100, 25])).toBe(25);
    expect(median([100, 9, 1000, 25])).toBe(62.5); // 9 25 | 100 1000 → (25 + 100) / 2
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
