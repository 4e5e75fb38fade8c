import { describe, expect, it } from 'vitest';
import type { GoalMapNode } from '../../../api/types.ts';
import { expandableIds, outlineExpanded } from './outline-state.ts';

const node = (
  id: string,
  type: GoalMapNode['type'],
  children: GoalMapNode[] = [],
  extra: Partial<GoalMapNode> = {},
): GoalMapNode => ({ id, type, label: id, status: null, progress: null, ref: {}, children, ...extra });

const tree = node('org', 'root', [
  node('folder:1', 'folder', [
    node('goal:1', 'goal', [node('target:1', 'target', [node('kpi:1', 'kpi')])], {
      status: 'on_track',
      ref: { kind: 'user' },
    }),
    node('goal:2', 'goal', [node('target:2', 'target')], { status: 'missed', ref: { kind: 'user' } }),
  ]),
  node('folder:2', 'folder', [
    node('goal:3', 'goal', [node('target:3', 'target')], { status: 'at_risk', ref: { kind: 'quota' } }),
  ]),
  node('goal:4', 'goal', [node('target:4', 'target')], { status: 'at_risk', ref: { kind: 'user' } }),
  node('folder:3', 'folder'),
]);

describe('goal outline', () => {
  it('opens the running goals and their folders, not quotas, settled goals or KPI leaves', () => {
    expect([...outlineExpanded(tree)].sort()).toEqual(['folder:1', 'goal:1', 'goal:4', 'org']);
  });

  it('expands everything with children, or down to a depth', () => {
    expect([...expandableIds(tree)].sort()).toEqual([
      'folder:1',
      'folder:2',
      'goal:1',
      'goal:2',
      'goal:3',
      'goal:4',
      'org',
      'target:1',
    ]);
    expect([...expandableIds(tree, 1)].sort()).toEqual(['folder:1', 'folder:2', 'goal:4', 'org']);
  });
});
