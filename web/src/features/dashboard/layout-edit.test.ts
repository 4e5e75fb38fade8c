import { verticalCompactor } from 'react-grid-layout/core';
import { describe, expect, it } from 'vitest';
import type { Widget } from '../../api/types.ts';
import { type Box, firstFreeSlot, moveInReadingOrder, readingOrder } from './layout-edit.ts';

const box = (x: number, y: number, w: number, h: number): Box => ({ x, y, w, h });
const widget = (id: string, x: number, y: number, w: number, h: number): Widget => ({
  id,
  type: 'text_note',
  layout: { x, y, w, h },
  config: {},
});

/** Adds widgets one after another the way the page does, and returns their boxes. */
function addAll(sizes: { w: number; h: number }[]): Box[] {
  const boxes: Box[] = [];
  for (const size of sizes) boxes.push({ ...firstFreeSlot(boxes, size), ...size });
  return boxes;
}

describe('a new widget goes into the first free slot', () => {
  it('fills a new dashboard row by row, left to right', () => {
    const card = { w: 3, h: 5 };
    expect(addAll([card, card, card, card, card])).toEqual([
      box(0, 0, 3, 5),
      box(3, 0, 3, 5),
      box(6, 0, 3, 5),
      box(9, 0, 3, 5),
      box(0, 5, 3, 5),
    ]);
    // Charts of 6 and 4 columns: two side by side, the third where it first fits.
    expect(
      addAll([
        { w: 6, h: 7 },
        { w: 4, h: 7 },
        { w: 4, h: 7 },
      ]),
    ).toEqual([box(0, 0, 6, 7), box(6, 0, 4, 7), box(0, 7, 4, 7)]);
  });

  it('takes a hole that fits, skips one that is too narrow or too short', () => {
    const layout = [box(0, 0, 4, 5), box(8, 0, 4, 5), box(0, 5, 12, 4)];
    expect(firstFreeSlot(layout, { w: 4, h: 5 })).toEqual({ x: 4, y: 0 });
    expect(firstFreeSlot(layout, { w: 5, h: 5 })).toEqual({ x: 0, y: 9 });
    // Four columns free but only three rows tall: a taller widget does not squeeze in.
    expect(firstFreeSlot([box(0, 0, 8, 5), box(8, 3, 4, 5)], { w: 4, h: 4 })).toEqual({ x: 0, y: 5 });
  });

  it('goes to the top left of an empty grid and below a full one', () => {
    expect(firstFreeSlot([], { w: 12, h: 9 })).toEqual({ x: 0, y: 0 });
    expect(firstFreeSlot([box(0, 0, 12, 9)], { w: 4, h: 4 })).toEqual({ x: 0, y: 9 });
  });
});

describe('moving a widget in reading order (the phone layout)', () => {
  const compacted = (widgets: Widget[]) =>
    verticalCompactor
      .compact(
        widgets.map((item) => ({ i: item.id, ...item.layout })),
        12,
      )
      .map((item) => widget(item.i, item.x, item.y, item.w, item.h));

  it('trades places with the neighbour, in a row and across rows', () => {
    const widgets = [
      widget('a', 0, 0, 3, 5),
      widget('b', 3, 0, 3, 5),
      widget('c', 6, 0, 6, 5),
      widget('d', 0, 5, 12, 8),
    ];
    const ids = (list: Widget[]) => readingOrder(compacted(list)).map((item) => item.id);
    expect(ids(moveInReadingOrder(widgets, 'b', -1))).toEqual(['b', 'a', 'c', 'd']);
    expect(ids(moveInReadingOrder(widgets, 'b', 1))).toEqual(['a', 'c', 'b', 'd']);
    expect(ids(moveInReadingOrder(widgets, 'd', -1))).toEqual(['a', 'b', 'd', 'c']);
    const moved = compacted(moveInReadingOrder(widgets, 'd', -1));
    // Every widget keeps its size and nothing overlaps after the compaction.
    expect(moved.find((item) => item.id === 'd')?.layout).toMatchObject({ w: 12, h: 8 });
    for (const first of moved) {
      for (const second of moved) {
        if (first === second) continue;
        const a = first.layout;
        const b = second.layout;
        expect(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).toBe(false);
      }
    }
  });

  it('keeps a narrow widget beside a tall one in the order it was moved to', () => {
    const widgets = [widget('a', 0, 0, 6, 5), widget('b', 6, 0, 6, 10), widget('c', 0, 5, 6, 5)];
    const ids = readingOrder(compacted(moveInReadingOrder(widgets, 'c', -1))).map((item) => item.id);
    expect(ids).toEqual(['a', 'c', 'b']);
    const back = readingOrder(compacted(moveInReadingOrder(widgets, 'b', 1))).map((item) => item.id);
    expect(back).toEqual(['a', 'c', 'b']);
  });

  it('leaves the first widget first and the last last', () => {
    const widgets = [widget('a', 0, 0, 6, 5), widget('b', 6, 0, 6, 5)];
    expect(moveInReadingOrder(widgets, 'a', -1)).toBe(widgets);
    expect(moveInReadingOrder(widgets, 'b', 1)).toBe(widgets);
  });
});
