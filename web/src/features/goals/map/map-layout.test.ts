import { describe, expect, it } from 'vitest';
import type { GoalMapNode } from '../../../api/types.ts';
import { ancestorsOf, defaultExpanded, layoutMap, NODE_HEIGHT, ROW_GAP } from './map-layout.ts';

const node = (
  id: string,
  type: GoalMapNode['type'],
  children: GoalMapNode[] = [],
  extra: Partial<GoalMapNode> = {},
): GoalMapNode => ({
  id,
  type,
  label: id,
  status: null,
  progress: null,
  ref: {},
  children,
  ...extra,
});

const tree = node('org', 'root', [
  node('folder:1', 'folder', [
    node('goal:1', 'goal', [node('target:1', 'target', [node('kpi:1', 'kpi')]), node('target:2', 'target')], {
      status: 'on_track',
      ref: { kind: 'user' },
    }),
    node('goal:2', 'goal', [node('target:3', 'target')], { status: 'missed', ref: { kind: 'user' } }),
  ]),
  node('goal:3', 'goal', [], { status: 'at_risk' }),
]);

describe('goal map layout', () => {
  it('gives each visible leaf a row and centres parents on their children', () => {
    const layout = layoutMap(tree, new Set(['org', 'folder:1', 'goal:1', 'target:1']));
    const ids = layout.nodes.map((item) => item.node.id);
    // Reading order: a node, then its children.
    expect(ids).toEqual(['org', 'folder:1', 'goal:1', 'target:1', 'kpi:1', 'target:2', 'goal:2', 'goal:3']);
    const at = (id: string) => layout.byId.get(id)!;
    const centre = (id: string) => at(id).y + at(id).height / 2;
    const slot = (type: keyof typeof NODE_HEIGHT) => NODE_HEIGHT[type] + ROW_GAP;
    expect(centre('kpi:1')).toBe(slot('kpi') / 2);
    expect(centre('target:2')).toBe(slot('kpi') + slot('target') / 2);
    expect(centre('goal:1')).toBe((centre('target:1') + centre('target:2')) / 2);
    expect(layout.height).toBe(slot('kpi') + slot('target') + 2 * slot('goal'));
    expect(at('goal:2').expandable).toBe(true);
    expect(at('goal:2').expanded).toBe(false);
    expect(layout.edges).toHaveLength(7);
    // No two nodes of a column overlap.
    const columns = new Map<number, { y: number; height: number }[]>();
    for (const item of layout.nodes) columns.set(item.x, [...(columns.get(item.x) ?? []), item]);
    for (const items of columns.values()) {
      const sorted = items.sort((a, b) => a.y - b.y);
      for (let i = 1; i < sorted.length; i++)
        expect(sorted[i]!.y).toBeGreaterThanOrEqual(sorted[i - 1]!.y + NODE_HEIGHT.task);
    }
  });

  it('opens running goals first, within a height, and finds ancestors', () => {
    const open = defaultExpanded(tree);
    expect(open.has('folder:1')).toBe(true);
    expect(open.has('goal:1')).toBe(true);
    expect(open.has('target:1')).toBe(true);
    expect(open.has('goal:2')).toBe(false);
    // Three goal rows fit; opening goal 1 (two target rows) would not.
    const tight = defaultExpanded(tree, 3 * (NODE_HEIGHT.goal + ROW_GAP));
    expect(tight.has('folder:1')).toBe(true);
    expect(tight.has('goal:1')).toBe(false);
    expect(ancestorsOf(tree, 'kpi:1')).toEqual(['org', 'folder:1', 'goal:1', 'target:1']);
  });
});
