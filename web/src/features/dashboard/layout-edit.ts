import type { Widget } from '../../api/types.ts';

export const COLS = 12;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Where a new widget of `size` goes: the first place, row by row from the top and left to right in
 * each row, where it overlaps nothing. A new dashboard then fills its rows as one reads them instead
 * of stacking everything in the left column; a full grid puts it below everything.
 */
export function firstFreeSlot(
  boxes: readonly Box[],
  size: { w: number; h: number },
): { x: number; y: number } {
  const w = clamp(size.w, 1, COLS);
  const bottom = boxes.reduce((lowest, box) => Math.max(lowest, box.y + box.h), 0);
  for (let y = 0; y <= bottom; y++) {
    for (let x = 0; x + w <= COLS; x++) {
      const candidate = { x, y, w, h: size.h };
      if (!boxes.some((box) => overlaps(box, candidate))) return { x, y };
    }
  }
  return { x: 0, y: bottom };
}

/** Widgets in reading order (row, then column): the order of the stacked phone layout and of Tab. */
export function readingOrder(widgets: Widget[]): Widget[] {
  return [...widgets].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
}

export function newWidgetId(type: string): string {
  return `${type.replace(/_/g, '-')}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Moves a widget one place earlier (-1) or later (+1) in reading order, the order of the stacked
 * phone layout. The widget takes the place of the one it passes (kept inside the grid, and below
 * anything that still comes before it); the passed one takes the mover's old place, or goes below
 * the mover when that place would read first. Sizes never change; the grid's compaction then closes
 * the gaps and pushes down whatever overlaps.
 */
export function moveInReadingOrder(widgets: Widget[], id: string, step: -1 | 1): Widget[] {
  const order = readingOrder(widgets);
  const index = order.findIndex((widget) => widget.id === id);
  // Moving one later is the next one moving earlier.
  const moverAt = step === -1 ? index : index + 1;
  const mover = order[moverAt];
  const passed = order[moverAt - 1];
  if (index < 0 || !mover || !passed) return widgets;
  const size = { w: mover.layout.w, h: mover.layout.h };
  const to: Box = { x: Math.min(passed.layout.x, COLS - size.w), y: passed.layout.y, ...size };
  const before = order.slice(0, moverAt - 1).map((widget) => widget.layout);
  for (
    let blocker = before.find((box) => overlaps(box, to));
    blocker;
    blocker = before.find((box) => overlaps(box, to))
  ) {
    to.y = blocker.y + blocker.h;
  }
  const passedTo: Box = {
    ...passed.layout,
    x: Math.min(mover.layout.x, COLS - passed.layout.w),
    y: mover.layout.y,
  };
  if (passedTo.y < to.y || (passedTo.y === to.y && passedTo.x <= to.x)) passedTo.y = to.y + to.h;
  const moved = { ...mover, layout: to };
  // First in the list: where two start on the same row the compaction keeps the mover ahead.
  return [
    moved,
    ...widgets
      .filter((widget) => widget.id !== mover.id)
      .map((widget) => (widget.id === passed.id ? { ...passed, layout: passedTo } : widget)),
  ];
}
