import { type LayoutItem, verticalCompactor } from 'react-grid-layout/core';
import type { Widget } from '../../api/types.ts';
import { WIDGETS } from '../../widgets/widget-registry.tsx';
import { COLS } from './layout-edit.ts';

export const ROW_HEIGHT = 40;
export const GAP = 16;

export const heightOf = (rows: number) => rows * ROW_HEIGHT + (rows - 1) * GAP;

/**
 * The grid layout of the widgets. A widget is never drawn below its type's minimum size (a layout
 * saved by another client may be smaller); the compactor then moves what overlaps out of the way.
 */
export function toLayout(widgets: Widget[]): LayoutItem[] {
  const items = widgets.map((widget) => {
    const spec = WIDGETS[widget.type];
    const w = Math.max(widget.layout.w, spec.minSize.w);
    return {
      i: widget.id,
      x: Math.min(widget.layout.x, COLS - w),
      y: widget.layout.y,
      w,
      h: Math.max(widget.layout.h, spec.minSize.h),
      minW: spec.minSize.w,
      minH: spec.minSize.h,
    };
  });
  return [...verticalCompactor.compact(items, COLS)];
}

/** Pixel box of a grid item, the same arithmetic react-grid-layout uses (no container padding). */
export function boxOf(
  item: LayoutItem,
  width: number,
): { left: number; top: number; width: number; height: number } {
  const column = (width - GAP * (COLS - 1)) / COLS;
  return {
    left: Math.round(item.x * (column + GAP)),
    top: item.y * (ROW_HEIGHT + GAP),
    width: Math.round(item.w * column + (item.w - 1) * GAP),
    height: heightOf(item.h),
  };
}

export const gridHeight = (layout: LayoutItem[]) =>
  layout.reduce((bottom, item) => Math.max(bottom, item.y + item.h), 0) * (ROW_HEIGHT + GAP) - GAP;
