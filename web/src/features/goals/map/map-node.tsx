import { Tooltip } from '@mantine/core';
import {
  IconBuildingSkyscraper,
  IconChartLine,
  IconCheckbox,
  IconExternalLink,
  IconFolder,
  IconMinus,
  IconPlus,
  IconSquare,
  IconTarget,
} from '@tabler/icons-react';
import { memo } from 'react';
import type { GoalMapNode, TargetKind } from '../../../api/types.ts';
import { onLinkClick } from '../../../app/router.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { KindIcon } from '../kind-icon.tsx';
import classes from './goal-map.module.css';
import type { PlacedNode } from './map-layout.ts';

export function NodeIcon({ node }: { node: GoalMapNode }) {
  switch (node.type) {
    case 'root':
      return <IconBuildingSkyscraper size={18} stroke={1.8} aria-hidden />;
    case 'folder':
      return <IconFolder size={16} stroke={1.8} aria-hidden />;
    case 'goal':
      return <IconTarget size={16} stroke={1.8} aria-hidden />;
    case 'target':
      return <KindIcon kind={(node.ref.kind as TargetKind | undefined) ?? 'number'} size={15} />;
    case 'kpi':
      return <IconChartLine size={15} stroke={1.8} aria-hidden />;
    case 'task':
      return node.status === 'done' ? (
        <IconCheckbox size={15} stroke={1.8} aria-hidden />
      ) : (
        <IconSquare size={15} stroke={1.8} aria-hidden />
      );
  }
}

/** Root, folders and goals take something new in place: a goal, or a target of the goal. */
export const canAdd = (node: GoalMapNode): 'goal' | 'target' | null =>
  node.type === 'root' || node.type === 'folder' ? 'goal' : node.type === 'goal' ? 'target' : null;

/**
 * One node of the goal map, coloured by the status the API gave it. It is a treeitem: arrows move
 * between nodes, and its buttons (collapse, add, open) are for the mouse — the keyboard has keys.
 */
export const MapNode = memo(MapNodeView, (before, after) => {
  // A layout makes new boxes each time; a node redraws only if what it shows changed.
  const a = before.placed;
  const b = after.placed;
  return (
    a.node === b.node &&
    a.x === b.x &&
    a.y === b.y &&
    a.expanded === b.expanded &&
    before.focused === after.focused &&
    before.label === after.label &&
    before.percent === after.percent &&
    before.statusText === after.statusText &&
    before.onToggle === after.onToggle &&
    before.onAdd === after.onAdd &&
    before.onFocusNode === after.onFocusNode
  );
});

function MapNodeView({
  placed,
  label: shownLabel,
  focused,
  percent,
  statusText,
  onFocusNode,
  onToggle,
  onAdd,
}: {
  placed: PlacedNode;
  /** The node's text in the reader's language (a KPI leaf names its metric and scope). */
  label: string;
  focused: boolean;
  percent: string | null;
  statusText: string | null;
  onFocusNode: (id: string) => void;
  onToggle: (id: string) => void;
  onAdd: (id: string) => void;
}) {
  const { t } = useI18n();
  const { node } = placed;
  const add = canAdd(node);
  const progress = node.progress === null ? null : Math.min(1, Math.max(0, node.progress));

  return (
    <div
      className={classes.node}
      data-type={node.type}
      data-status={node.status ?? undefined}
      data-focused={focused || undefined}
      style={{ left: placed.x, top: placed.y, width: placed.width, height: placed.height }}
      role="treeitem"
      aria-level={placed.depth + 1}
      aria-expanded={placed.expandable ? placed.expanded : undefined}
      aria-selected={focused}
      tabIndex={focused ? 0 : -1}
      onFocus={() => onFocusNode(node.id)}
      onDoubleClick={() => placed.expandable && onToggle(node.id)}
      data-testid={`map-node-${node.id}`}
      data-node-id={node.id}
    >
      <div className={classes.nodeHead}>
        <span className={classes.nodeIcon}>
          <NodeIcon node={node} />
        </span>
        <span className={classes.nodeLabel} title={shownLabel}>
          {shownLabel}
        </span>
        {node.type === 'goal' && node.ref.goal_id !== undefined && (
          <Tooltip label={t('map.openInList')}>
            <a
              href={`/goals?goal=${node.ref.goal_id}`}
              className={classes.nodeLink}
              tabIndex={-1}
              aria-label={t('map.openInList')}
              onClick={(event) => onLinkClick(event, `/goals?goal=${node.ref.goal_id}`)}
            >
              <IconExternalLink size={14} />
            </a>
          </Tooltip>
        )}
      </div>
      {(node.type === 'goal' || node.type === 'target' || node.type === 'kpi') && (
        <div className={classes.nodeFoot}>
          <span className={classes.nodeBar}>
            <span style={{ width: `${(progress ?? 0) * 100}%` }} />
          </span>
          <span className={`${classes.nodePercent} udn-num`}>{percent ?? '—'}</span>
        </div>
      )}
      {(node.type === 'goal' || node.type === 'target' || node.type === 'task') && statusText && (
        <span className={classes.nodeStatus} data-testid={`map-status-${node.id}`}>
          {statusText}
        </span>
      )}
      {node.type === 'folder' && (
        <span className={classes.nodeCount}>{t('goals.count', { count: node.children.length })}</span>
      )}

      {placed.expandable && (
        <button
          type="button"
          className={classes.toggle}
          tabIndex={-1}
          onClick={() => onToggle(node.id)}
          // The collapsed toggle shows how many children it hides: its name says so too.
          aria-label={placed.expanded ? t('map.collapse') : `${t('map.expand')}: ${node.children.length}`}
          data-testid={`map-toggle-${node.id}`}
        >
          {placed.expanded ? <IconMinus size={12} stroke={2.5} /> : node.children.length}
        </button>
      )}
      {add && (
        <Tooltip label={add === 'goal' ? t('map.addGoal') : t('map.addTarget')}>
          <button
            type="button"
            className={classes.add}
            tabIndex={-1}
            onClick={() => onAdd(node.id)}
            aria-label={add === 'goal' ? t('map.addGoal') : t('map.addTarget')}
            data-testid={`map-add-${node.id}`}
          >
            <IconPlus size={14} stroke={2.5} />
          </button>
        </Tooltip>
      )}
    </div>
  );
}
