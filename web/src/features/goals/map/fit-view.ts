/** Framing the goal map in its viewport: pure, so it is tested without a browser. */

export interface View {
  x: number;
  y: number;
  k: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Room left around the map when it is fitted (the toggles and status pills stick out of the boxes). */
export const FIT_PAD = 32;
/** The scale at which a box fits a viewport with FIT_PAD around it, never above 100%. */
export function fitScale(box: Box, viewport: { width: number; height: number }): number {
  const width = Math.max(1, viewport.width - FIT_PAD * 2);
  const height = Math.max(1, viewport.height - FIT_PAD * 2);
  return Math.min(1, width / Math.max(1, box.width), height / Math.max(1, box.height));
}

/**
 * Where a box lands at scale k: centred on an axis where it fits, its start FIT_PAD from the edge
 * where it does not (then the top and left of the map show).
 */
export function fittedView(box: Box, viewport: { width: number; height: number }, k: number): View {
  const place = (start: number, size: number, room: number) =>
    Math.max(FIT_PAD, (room - size * k) / 2) - start * k;
  return { k, x: place(box.x, box.width, viewport.width), y: place(box.y, box.height, viewport.height) };
}
