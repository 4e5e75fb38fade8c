import type { GoalMapNode } from '../../../api/types.ts';

/** A goal still worth looking at now: not a quota, not settled. */
const running = (goal: GoalMapNode) =>
  goal.ref.kind !== 'quota' && goal.status !== 'missed' && goal.status !== 'achieved';

/**
 * What the phone outline opens first: the folders that hold running goals and those goals, so their
 * targets show with progress and status; settled goals, quotas and each target's KPI and tasks are
 * a tap away. No height budget: an outline scrolls down, it never runs off to the right.
 */
export function outlineExpanded(root: GoalMapNode): Set<string> {
  const open = new Set<string>([root.id]);
  for (const child of root.children) {
    if (child.type === 'goal' && running(child)) open.add(child.id);
    if (child.type === 'folder') {
      const goals = child.children.filter((goal) => goal.type === 'goal' && running(goal));
      if (goals.length > 0) open.add(child.id);
      for (const goal of goals) open.add(goal.id);
    }
  }
  return open;
}

/** The nodes with children, down to `depthLimit` levels below the root (for "expand all"). */
export function expandableIds(root: GoalMapNode, depthLimit = Number.POSITIVE_INFINITY): Set<string> {
  const ids = new Set<string>();
  const walk = (node: GoalMapNode, depth: number) => {
    if (node.children.length === 0 || depth > depthLimit) return;
    ids.add(node.id);
    for (const child of node.children) walk(child, depth + 1);
  };
  walk(root, 0);
  return ids;
}
