import type { Widget } from '../../api/types.ts';

export const COLS = 12;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The first free row below every widget: where a new one goes. */
export function bottomOf(widgets: Widget[]): number {
  return widgets.reduce((bottom, widget) => Math.max(bottom, widget.layout.y + widget.layout.h), 0);
}

/** Moves or resizes one widget by whole cells, kept inside the 12-column grid. */
export function nudge(
  widgets: Widget[],
  id: string,
  move: { dx?: number; dy?: number; dw?: number; dh?: number },
  minSize: { w: number; h: number },
): Widget[] {
  return widgets.map((widget) => {
    if (widget.id !== id) return widget;
    const w = clamp(widget.layout.w + (move.dw ?? 0), minSize.w, COLS);
    const h = clamp(widget.layout.h + (move.dh ?? 0), minSize.h, 40);
    const x = clamp(widget.layout.x + (move.dx ?? 0), 0, COLS - w);
    const y = clamp(widget.layout.y + (move.dy ?? 0), 0, 10_000);
    return { ...widget, layout: { x, y, w, h } };
  });
}

/** Widgets in reading order (row, then column): the order of the stacked phone layout and of Tab. */
export function readingOrder(widgets: Widget[]): Widget[] {
  return [...widgets].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
}

export function newWidgetId(type: string): string {
  return `${type.replace(/_/g, '-')}-${Math.random().toString(36).slice(2, 8)}`;
}
