import { describe, expect, it } from 'vitest';
import { FIT_PAD, fitScale, fittedView } from './fit-view.ts';

const viewport = { width: 1000, height: 600 };

describe('fitting the goal map', () => {
  it('scales a map wider than the viewport down as far as it takes, below 25% if need be', () => {
    const wide = { x: 0, y: 0, width: 8000, height: 900 };
    const k = fitScale(wide, viewport);
    expect(k).toBeCloseTo((1000 - 2 * FIT_PAD) / 8000, 12);
    expect(k).toBeLessThan(0.25);
    const view = fittedView(wide, viewport, k);
    // Its right edge lands inside the viewport, with the padding.
    expect(view.x + wide.width * k).toBeCloseTo(1000 - FIT_PAD, 9);
    expect(view.x).toBeCloseTo(FIT_PAD, 9);
  });

  it('never zooms a small map in, centres it, and counts a box that starts above zero', () => {
    const small = { x: 0, y: -10, width: 300, height: 200 };
    expect(fitScale(small, viewport)).toBe(1);
    const view = fittedView(small, viewport, 1);
    expect(view.x).toBe(350);
    // The box's top (-10) lands where a centred 200-high box starts.
    expect(view.y + small.y).toBe(200);
  });

  it('shows the top left of a map that does not fit at a floor scale', () => {
    const tall = { x: 0, y: -4, width: 4000, height: 5000 };
    const view = fittedView(tall, viewport, 0.5);
    expect(view.x + tall.x * 0.5).toBe(FIT_PAD);
    expect(view.y + tall.y * 0.5).toBe(FIT_PAD);
  });
});
