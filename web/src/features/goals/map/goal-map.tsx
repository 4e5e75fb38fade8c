import { ActionIcon, Group, Text, Tooltip } from '@mantine/core';
import { IconFocusCentered, IconZoomIn, IconZoomOut } from '@tabler/icons-react';
import { type KeyboardEvent, memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GoalMapNode } from '../../../api/types.ts';
import { navigate } from '../../../app/router.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useGoalText } from '../goal-text.ts';
import { ExpandCollapse } from './expand-collapse.tsx';
import classes from './goal-map.module.css';
import { DRAFT_HEIGHT, MapAddForm } from './map-add-form.tsx';
import {
  DRAFT_EXTRA_WIDTH,
  DRAFT_ID,
  defaultExpanded,
  edgePath,
  layoutMap,
  type MapEdge,
  type PlacedNode,
} from './map-layout.ts';
import { canAdd, MapNode } from './map-node.tsx';
import { expandableIds } from './outline-state.ts';
import { usePanZoom } from './use-pan-zoom.ts';

const LEGEND = ['achieved', 'on_track', 'at_risk', 'off_track', 'missed', 'not_started', 'no_data'] as const;

/** Edges are drawn once per layout; panning and zooming only move the stage. */
const Edges = memo(function Edges({
  edges,
  width,
  height,
}: {
  edges: MapEdge[];
  width: number;
  height: number;
}) {
  return (
    <svg className={classes.edges} width={Math.max(1, width)} height={Math.max(1, height)} aria-hidden>
      {edges.map((edge) => (
        <path
          key={edge.id}
          d={edgePath(edge)}
          data-status={edge.status ?? undefined}
          className={classes.edge}
        />
      ))}
    </svg>
  );
});

/**
 * The goal map: organisation → folders → goals → targets → KPIs and tasks, coloured by status,
 * pannable, zoomable and collapsible; a tree for the keyboard (arrows, Enter, +) where a goal or a
 * target can be added in place.
 */
export function GoalMap({ root }: { root: GoalMapNode }) {
  const { t } = useI18n();
  const text = useGoalText();
  const { percentOf } = text;
  const viewport = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => defaultExpanded(root));
  const [draft, setDraft] = useState<{ parentId: string; type: 'goal' | 'target' } | null>(null);
  const [focusedId, setFocusedId] = useState(root.id);
  const moveFocus = useRef(false);
  const layout = useMemo(
    () => layoutMap(root, expanded, draft ? { ...draft, height: DRAFT_HEIGHT[draft.type] } : null),
    [root, expanded, draft],
  );
  const { view, zoomBy, fitToView, reveal, handlers } = usePanZoom(viewport, layout.bounds);
  const order = useMemo(() => layout.nodes.filter((item) => item.node.id !== DRAFT_ID), [layout]);
  const focused = layout.byId.has(focusedId) ? focusedId : root.id;

  // The first view shows the opened map whole (never zoomed past 100%; below 50% it shows the top).
  // contentRef already holds this layout when the effect runs.
  const fitted = useRef(false);
  useEffect(() => {
    if (fitted.current) return;
    fitted.current = true;
    fitToView(0.5);
  }, [fitToView]);

  // Keyboard moves focus the node and bring it into view; a click already focused it.
  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    const placed = layout.byId.get(focused);
    if (placed) reveal(placed);
    viewport.current?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(focused)}"]`)?.focus({
      preventScroll: true,
    });
  }, [focused, layout, reveal]);

  const focusNode = useCallback((id: string) => {
    moveFocus.current = true;
    setFocusedId(id);
  }, []);

  const toggle = useCallback((id: string) => {
    setExpanded((open) => {
      const next = new Set(open);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const startAdd = useCallback(
    (id: string) => {
      const placed = layout.byId.get(id);
      const type = placed ? canAdd(placed.node) : null;
      if (!type) return;
      setExpanded((open) => new Set([...open, id]));
      setDraft({ parentId: id, type });
    },
    [layout],
  );

  // Saved (the refresh after the write brings the new node) or cancelled: focus returns to the parent.
  const finishAdd = useCallback(() => {
    const parent = draft?.parentId;
    setDraft(null);
    if (parent) focusNode(parent);
  }, [draft, focusNode]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = order.findIndex((item) => item.node.id === focused);
    const current = order[index];
    if (!current) return;
    const go = (target: PlacedNode | undefined) => {
      if (target) focusNode(target.node.id);
    };
    switch (event.key) {
      case 'ArrowDown':
        go(order[index + 1]);
        break;
      case 'ArrowUp':
        go(order[index - 1]);
        break;
      case 'Home':
        go(order[0]);
        break;
      case 'End':
        go(order[order.length - 1]);
        break;
      case 'ArrowRight':
        if (current.expandable && !current.expanded) toggle(current.node.id);
        else go(order.find((item) => item.parentId === current.node.id));
        break;
      case 'ArrowLeft':
        if (current.expanded) toggle(current.node.id);
        else go(current.parentId ? layout.byId.get(current.parentId) : undefined);
        break;
      case 'Enter':
      case ' ':
        if (event.key === 'Enter' && event.shiftKey && current.node.ref.goal_id !== undefined) {
          navigate(`/goals?goal=${current.node.ref.goal_id}`);
        } else if (current.expandable) toggle(current.node.id);
        break;
      case '+':
      case 'Insert':
        startAdd(current.node.id);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const statusText = (node: GoalMapNode) => (node.status ? t(`status.${node.status}`) : null);
  const labelOf = (node: GoalMapNode) =>
    node.type === 'kpi' && node.ref.metric
      ? `${text.metricLabel(node.ref.metric)} · ${text.scope(node.ref.scope ?? 'org')}`
      : node.label;

  return (
    <div className={classes.wrap}>
      <div className={classes.toolbar}>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={t('map.zoomOut')}>
            <ActionIcon variant="default" onClick={() => zoomBy(1 / 1.2)} aria-label={t('map.zoomOut')}>
              <IconZoomOut size={16} />
            </ActionIcon>
          </Tooltip>
          <Text fz="xs" fw={600} className="udn-num" w={44} ta="center" data-testid="map-zoom">
            {Math.round(view.k * 100)}%
          </Text>
          <Tooltip label={t('map.zoomIn')}>
            <ActionIcon variant="default" onClick={() => zoomBy(1.2)} aria-label={t('map.zoomIn')}>
              <IconZoomIn size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('map.fit')}>
            <ActionIcon
              variant="default"
              onClick={() => fitToView()}
              aria-label={t('map.fit')}
              data-testid="map-fit"
            >
              <IconFocusCentered size={16} />
            </ActionIcon>
          </Tooltip>
          <ExpandCollapse
            testIdPrefix="map"
            onExpand={() => setExpanded(expandableIds(root))}
            onCollapse={() => setExpanded(new Set([root.id]))}
          />
        </Group>
        <div className={classes.legend} title={t('map.legend')}>
          {LEGEND.map((status) => (
            <span key={status} className={classes.legendItem} data-status={status}>
              <span className={classes.legendDot} />
              {t(`status.${status}`)}
            </span>
          ))}
        </div>
      </div>

      <div ref={viewport} className={classes.viewport} {...handlers} data-testid="goal-map">
        <div
          className={classes.stage}
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.k})` }}
          role="tree"
          aria-label={t('map.label')}
          onKeyDown={onKeyDown}
        >
          <Edges edges={layout.edges} width={layout.width} height={layout.height} />
          {layout.nodes.map((placed) =>
            placed.node.id === DRAFT_ID ? (
              <div
                key={DRAFT_ID}
                className={classes.draftBox}
                style={{
                  left: placed.x,
                  top: placed.y,
                  width: placed.width + DRAFT_EXTRA_WIDTH,
                  height: placed.height,
                }}
              >
                <MapAddForm
                  parent={layout.byId.get(placed.parentId ?? '')?.node ?? root}
                  type={draft?.type ?? 'goal'}
                  onDone={finishAdd}
                  onCancel={finishAdd}
                />
              </div>
            ) : (
              <MapNode
                key={placed.node.id}
                placed={placed}
                label={labelOf(placed.node)}
                focused={placed.node.id === focused}
                percent={placed.node.progress === null ? null : percentOf(placed.node.progress)}
                statusText={statusText(placed.node)}
                onFocusNode={setFocusedId}
                onToggle={toggle}
                onAdd={startAdd}
              />
            ),
          )}
        </div>
      </div>
      <Text fz="xs" c="dimmed" className={classes.hint}>
        {t('map.keys')}
      </Text>
    </div>
  );
}
