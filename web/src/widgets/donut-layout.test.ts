import { describe, expect, it } from 'vitest';
import { DONUT_PAD, donutLayout, HOVER_GROWTH } from './donut-layout.ts';

const SOURCES = ['website', 'linkedin', 'referral', 'cold call', 'event', 'partner'];

/** The donut, grown on hover, lies inside the box and clear of the legend. */
function expectInside(width: number, height: number, labels: string[]) {
  const layout = donutLayout(width, height, labels);
  const [cx, cy] = layout.center;
  const r = layout.radius[1] + HOVER_GROWTH;
  expect(cx - r, `left at ${width}×${height}`).toBeGreaterThanOrEqual(DONUT_PAD - 1);
  expect(cy - r, `top at ${width}×${height}`).toBeGreaterThanOrEqual(DONUT_PAD - 1);
  expect(cy + r, `bottom at ${width}×${height}`).toBeLessThanOrEqual(
    layout.legend === 'bottom' ? height - 22 : height,
  );
  const right = layout.legend === 'right' ? width - layout.legendWidth : width;
  expect(cx + r, `right at ${width}×${height}`).toBeLessThanOrEqual(right);
  expect(layout.radius[0]).toBeLessThan(layout.radius[1]);
  return layout;
}

describe('donut layout', () => {
  it('fits the default dashboard donuts at 1440 px (4 of 12 columns, 8 rows)', () => {
    const layout = expectInside(420, 390, SOURCES);
    expect(layout.legend).toBe('right');
    expect(layout.radius[1]).toBeGreaterThan(120);
  });

  it('puts the legend under a narrow donut instead of over it', () => {
    const layout = expectInside(260, 390, ['salaries', 'advertising', 'marketing', 'events', 'tools']);
    expect(layout.legend).toBe('bottom');
  });

  it('stays inside every box from a phone to a full-width widget', () => {
    for (const width of [120, 200, 280, 330, 358, 420, 640, 900, 1390]) {
      for (const height of [150, 200, 250, 390, 560]) {
        expectInside(width, height, SOURCES);
        expectInside(width, height, ['a very long category name that would not fit anywhere at all']);
      }
    }
  });

  it('keeps a long legend to less than half the width', () => {
    const layout = donutLayout(600, 300, ['a very long category name that would not fit anywhere at all']);
    expect(layout.legend).toBe('right');
    expect(layout.legendWidth).toBeLessThanOrEqual(270);
  });
});
