import { describe, expect, it } from 'vitest';
import {
  behindPace,
  changeCrossed,
  crossingOf,
  daysInactive,
  importCrossed,
  inactivityCrossed,
  relativeChange,
  thresholdCrossed,
} from './alert-checks.ts';

describe('fire once per crossing', () => {
  it('fires on crossing, stays quiet while crossed, fires again only after recovering', () => {
    const seen = [false, true, true, false, false, true];
    let was: boolean | undefined;
    const out = seen.map((crossed) => {
      const step = crossingOf(was, crossed);
      was = crossed;
      return step;
    });
    expect(out).toEqual(['quiet', 'fire', 'still-crossed', 'recovered', 'quiet', 'fire']);
  });

  it('fires for a subject seen crossed the first time (a new rule tells what is already wrong)', () => {
    expect(crossingOf(undefined, true)).toBe('fire');
    expect(crossingOf(undefined, false)).toBe('quiet');
  });
});

describe('conditions', () => {
  it('a threshold is strict, and an undefined figure crosses nothing', () => {
    expect(thresholdCrossed(0.031, 'above', 0.03)).toBe(true);
    expect(thresholdCrossed(0.03, 'above', 0.03)).toBe(false);
    expect(thresholdCrossed(10, 'below', 11)).toBe(true);
    expect(thresholdCrossed(null, 'below', 11)).toBe(false);
  });

  it('a change is relative to the base, null over a zero base', () => {
    expect(relativeChange(90, 100)).toBeCloseTo(-0.1, 12);
    expect(relativeChange(5, 0)).toBeNull();
    expect(relativeChange(null, 4)).toBeNull();
    // Exactly 10% down crosses a 10% rule despite binary fractions (0.9 − 1 = −0.09999…).
    expect(changeCrossed(relativeChange(0.9, 1), 'down', 10)).toBe(true);
    expect(changeCrossed(relativeChange(0.91, 1), 'down', 10)).toBe(false);
    expect(changeCrossed(relativeChange(125, 100), 'up', 25)).toBe(true);
    expect(changeCrossed(relativeChange(125, 100), 'down', 25)).toBe(false);
    expect(changeCrossed(null, 'up', 1)).toBe(false);
  });

  it('counts inactive days from the last activity, else from the start', () => {
    expect(daysInactive(100, 0, 107)).toBe(7);
    expect(daysInactive(107, 0, 107)).toBe(0);
    // Started on day 100, nothing since: day 100 is the first idle day.
    expect(daysInactive(null, 100, 106)).toBe(7);
    expect(daysInactive(null, null, 106)).toBeNull();
    expect(inactivityCrossed(7, 7)).toBe(true);
    expect(inactivityCrossed(6, 7)).toBe(false);
    expect(inactivityCrossed(null, 7)).toBe(true);
  });

  it('an import fires on failure, or on removing at least the count', () => {
    expect(importCrossed(true, 0, 0)).toBe(true);
    expect(importCrossed(false, 500, 0)).toBe(false);
    expect(importCrossed(false, 500, 500)).toBe(true);
    expect(importCrossed(false, 499, 500)).toBe(false);
  });

  it('behind pace is the share missing from where a steady pace would be', () => {
    expect(behindPace(0.2, 10 / 31)).toBeCloseTo(0.38, 12);
    expect(behindPace(0.5, 0.4)).toBe(0);
    expect(behindPace(0.2, 0)).toBeNull();
  });
});
