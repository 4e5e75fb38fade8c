import type { GoalMapNode } from '../../../api/types.ts';

/**
 * The goal map's layout: a left-to-right tree (organisation → folders → goals → targets → KPI or
 * tasks). Each visible leaf takes the next row; a parent sits centred on its children, so subtrees
 * never overlap and one pass over the visible nodes places them all (O(n), no layout library).
 */

export const NODE_WIDTH: Record<GoalMapNode['type'], number> = {
  root: 220,
  folder: 200,
  goal: 260,
  target: 250,
  kpi: 230,
  task: 230,
};
export const NODE_HEIGHT: Record<GoalMapNode['type'], number> = {
  root: 60,
  folder: 48,
  goal: 72,
  target: 64,
  kpi: 48,
  task: 44,
};
/** Air between two leaves: each leaf's row is its own height plus this. */
export const ROW_GAP = 22;
export const COLUMN = 320;

export interface PlacedNode {
  node: GoalMapNode;
  parentId: string | null;
  depth: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Has children, shown or not. */
  expandable: boolean;
  expanded: boolean;
}

export interface MapEdge {
  id: string;
  from: { x: number; y: number };
  to: { x: number; y: number };
  status: GoalMapNode['status'];
}

/** A form drawn in the tree where the new goal or target will be: the layout makes room for it. */
export interface MapDraft {
  parentId: string;
  type: 'goal' | 'target';
  height: number;
}

export const DRAFT_ID = 'draft';
/** How much wider than its column the in-place form is drawn. */
export const DRAFT_EXTRA_WIDTH = 30;

export interface MapLayout {
  nodes: PlacedNode[];
  edges: MapEdge[];
  width: number;
  height: number;
  /**
   * What is drawn, edge to edge: a parent taller than its children pokes above the first row, the
   * in-place form is wider than a node. "Fit" frames this box.
   */
  bounds: { x: number; y: number; width: number; height: number };
  byId: Map<string, PlacedNode>;
}

export function layoutMap(
  root: GoalMapNode,
  expanded: ReadonlySet<string>,
  draft: MapDraft | null = null,
): MapLayout {
  const nodes: PlacedNode[] = [];
  const edges: MapEdge[] = [];
  let bottom = 0;
  let width = 0;

  const childrenOf = (node: GoalMapNode): GoalMapNode[] =>
    draft?.parentId === node.id
      ? [
          ...node.children,
          { id: DRAFT_ID, type: draft.type, label: '', status: null, progress: null, ref: {}, children: [] },
        ]
      : node.children;

  const place = (node: GoalMapNode, parentId: string | null, depth: number): PlacedNode => {
    const children = childrenOf(node);
    const open = children.length > 0 && (expanded.has(node.id) || draft?.parentId === node.id);
    const placed: PlacedNode = {
      node,
      parentId,
      depth,
      x: depth * COLUMN,
      y: 0,
      width: NODE_WIDTH[node.type],
      height: node.id === DRAFT_ID && draft ? draft.height : NODE_HEIGHT[node.type],
      expandable: node.children.length > 0,
      expanded: open,
    };
    // Pre-order: the list is the keyboard's reading order (a node, then its children).
    nodes.push(placed);
    width = Math.max(width, placed.x + placed.width);
    if (open) {
      const placedChildren = children.map((child) => place(child, node.id, depth + 1));
      const first = placedChildren[0]!;
      const last = placedChildren[placedChildren.length - 1]!;
      const centre = (first.y + first.height / 2 + last.y + last.height / 2) / 2;
      placed.y = centre - placed.height / 2;
      for (const child of placedChildren) {
        edges.push({
          id: `${node.id}>${child.node.id}`,
          from: { x: placed.x + placed.width, y: centre },
          to: { x: child.x, y: child.y + child.height / 2 },
          status: child.node.status,
        });
      }
    } else {
      // A leaf takes the next row, as tall as it is (KPI and task leaves are short ones).
      placed.y = bottom + ROW_GAP / 2;
      bottom += placed.height + ROW_GAP;
    }
    return placed;
  };

  place(root, null, 0);
  let top = 0;
  let right = width;
  let lowest = bottom;
  for (const item of nodes) {
    top = Math.min(top, item.y);
    lowest = Math.max(lowest, item.y + item.height);
    // The in-place form is drawn wider than the column (goal-map.tsx).
    if (item.node.id === DRAFT_ID) right = Math.max(right, item.x + item.width + DRAFT_EXTRA_WIDTH);
  }
  return {
    nodes,
    edges,
    width,
    height: bottom,
    bounds: { x: 0, y: top, width: right, height: lowest - top },
    byId: new Map(nodes.map((item) => [item.node.id, item])),
  };
}

/** A bezier from a parent's right edge to a child's left edge. */
export function edgePath(edge: MapEdge): string {
  const mid = (edge.from.x + edge.to.x) / 2;
  return `M${edge.from.x},${edge.from.y} C${mid},${edge.from.y} ${mid},${edge.to.y} ${edge.to.x},${edge.to.y}`;
}

const running = (goal: GoalMapNode) =>
  goal.ref.kind !== 'quota' && goal.status !== 'missed' && goal.status !== 'achieved';

/**
 * What opens first, within a height (px at 100%) so the map opens readable: the organisation,
 * the folders holding goals that are still running, those goals, and then their targets' KPIs and
 * tasks while they fit. Everything else is a click (or an arrow key) away.
 */
export function defaultExpanded(root: GoalMapNode, budget = 900): Set<string> {
  const open = new Set<string>([root.id]);
  const goals: GoalMapNode[] = [];
  for (const child of root.children) {
    if (child.type === 'goal' && running(child)) goals.push(child);
    if (child.type === 'folder' && child.children.some(running)) {
      open.add(child.id);
      goals.push(...child.children.filter(running));
    }
  }
  const tryOpen = (id: string) => {
    open.add(id);
    if (layoutMap(root, open).height > budget) open.delete(id);
  };
  for (const goal of goals) tryOpen(goal.id);
  for (const goal of goals) if (open.has(goal.id)) for (const target of goal.children) tryOpen(target.id);
  return open;
}

/** The path from the root to a node (to open its ancestors, e.g. after adding in place). */
export function ancestorsOf(root: GoalMapNode, id: string): string[] {
  const path: string[] = [];
  const walk = (node: GoalMapNode): boolean => {
    if (node.id === id) return true;
    for (const child of node.children) {
      if (walk(child)) {
        path.push(node.id);
        return true;
      }
    }
    return false;
  };
  walk(root);
  return path.reverse();
}
