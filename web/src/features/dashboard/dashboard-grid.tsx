import { Box } from '@mantine/core';
import { IconBellPlus, IconPhoto } from '@tabler/icons-react';
import { lazy, type ReactNode, Suspense, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  cloneLayout,
  type Layout,
  type LayoutItem,
  moveElement,
  verticalCompactor,
} from 'react-grid-layout/core';
import type { Widget } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { WhenVisible } from '../../ui/when-visible.tsx';
import { asCompare } from '../../widgets/comparison.ts';
import { periodKindOf, widgetPngUrl } from '../../widgets/export-links.ts';
import { useWidgetView } from '../../widgets/widget-env.tsx';
import { type FrameActions, type ViewItem, WidgetFrame } from '../../widgets/widget-frame.tsx';
import { WIDGETS } from '../../widgets/widget-registry.tsx';
import { AlertRuleDialog } from '../alerts/alert-rule-dialog.tsx';
import classes from './dashboard-grid.module.css';
import { boxOf, gridHeight, heightOf, toLayout } from './grid-geometry.ts';
import { COLS, moveInReadingOrder, readingOrder } from './layout-edit.ts';
import { useWidgetTitle } from './widget-title.ts';

/** What a KPI card's "Create alert…" starts the alert form with. */
type AlertInitial = { metric: string; scope: string; period?: 'week' | 'month' | 'quarter' | 'year' };

// Dragging and resizing are for editing; viewers get the same boxes from plain CSS.
const EditableGrid = lazy(() => import('./editable-grid.tsx'));

/** Below this width the grid stacks widgets in one column, in reading order. */
const STACK_BELOW = 720;

/** On a phone every widget takes the full width, so its height follows its type, not the desktop layout. */
const stackedRows = (widget: Widget) =>
  widget.type === 'kpi_card' ? 4 : Math.max(WIDGETS[widget.type].minSize.h, Math.min(widget.layout.h, 9));

interface DashboardGridProps {
  widgets: Widget[];
  editing: boolean;
  onChange: (widgets: Widget[]) => void;
  onConfigure: (widget: Widget) => void;
  onRemove: (widget: Widget) => void;
}

/** Applies a grid layout back onto the widgets (only what changed gets a new object). */
function applyLayout(widgets: Widget[], layout: Layout): Widget[] {
  const byId = new Map(layout.map((item) => [item.i, item]));
  return widgets.map((widget) => {
    const item = byId.get(widget.id);
    if (!item) return widget;
    const next = { x: item.x, y: item.y, w: item.w, h: item.h };
    const same = Object.entries(next).every(
      ([key, value]) => widget.layout[key as keyof typeof next] === value,
    );
    return same ? widget : { ...widget, layout: next };
  });
}

function WidgetBody({ widget }: { widget: Widget }) {
  const Component = WIDGETS[widget.type].component;
  // KPI cards are the first thing read and notes cost nothing: they render at once; the rest
  // (charts, tables) when scrolled near.
  if (widget.type === 'kpi_card' || widget.type === 'text_note') return <Component widget={widget} />;
  return (
    <WhenVisible>
      <Component widget={widget} />
    </WhenVisible>
  );
}

/** Outside editing: the widget as a PNG, and for a KPI card an alert on its metric, scope and period. */
function useViewItems(widget: Widget, onCreateAlert: (initial: AlertInitial) => void): ViewItem[] {
  const { t } = useI18n();
  const { period, scope, env } = useWidgetView(widget);
  const items: ViewItem[] = [];
  if (env.dashboardId !== undefined && widget.type !== 'text_note') {
    items.push({
      key: 'download-png',
      label: t('export.png'),
      icon: <IconPhoto size={16} />,
      href: widgetPngUrl(env.dashboardId, widget.id, period, scope, asCompare(env.compare)),
    });
  }
  if (widget.type === 'kpi_card') {
    const kind = periodKindOf(period);
    items.push({
      key: 'create-alert',
      label: t('export.createAlert'),
      icon: <IconBellPlus size={16} />,
      onClick: () =>
        onCreateAlert({
          metric: widget.config.metric ?? 'revenue',
          scope,
          ...(kind ? { period: kind } : {}),
        }),
    });
  }
  return items;
}

function GridItem({
  widget,
  actions,
  onCreateAlert,
}: {
  widget: Widget;
  actions: FrameActions;
  onCreateAlert: (initial: AlertInitial) => void;
}) {
  const title = useWidgetTitle(widget);
  const viewItems = useViewItems(widget, onCreateAlert);
  return (
    <WidgetFrame
      title={title.title}
      subtitle={title.subtitle}
      metric={title.metric}
      actions={actions}
      widgetId={widget.id}
      flush={widget.type === 'kpi_card'}
      viewItems={viewItems}
    >
      <WidgetBody widget={widget} />
    </WidgetFrame>
  );
}

/** The container's width, measured before the first paint and kept up to date. */
function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const element = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!element.current) return;
    setWidth(element.current.offsetWidth);
    const observer = new ResizeObserver((entries) => {
      const next = entries[0]?.contentRect.width;
      if (next) setWidth(Math.round(next));
    });
    observer.observe(element.current);
    return () => observer.disconnect();
  }, []);
  return [element, width];
}

/** Widgets at their grid boxes with plain CSS: what viewers get, no drag-and-drop code loaded. */
function StaticGrid({
  layout,
  width,
  children,
}: {
  layout: LayoutItem[];
  width: number;
  children: (id: string) => ReactNode;
}) {
  return (
    <div className={classes.static} style={{ height: gridHeight(layout) }}>
      {/* In reading order, so Tab and screen readers go row by row as the eye does. */}
      {[...layout]
        .sort((a, b) => a.y - b.y || a.x - b.x)
        .map((item) => {
          const box = boxOf(item, width);
          return (
            <div
              key={item.i}
              className={classes.cell}
              style={{
                transform: `translate(${box.left}px, ${box.top}px)`,
                width: box.width,
                height: box.height,
              }}
            >
              {children(item.i)}
            </div>
          );
        })}
    </div>
  );
}

export function DashboardGrid({ widgets, editing, onChange, onConfigure, onRemove }: DashboardGridProps) {
  const { t } = useI18n();
  const [containerRef, width] = useWidth();
  const [alert, setAlert] = useState<AlertInitial | null>(null);
  const layout = useMemo(() => toLayout(widgets), [widgets]);
  const stacked = width > 0 && width < STACK_BELOW;
  const byId = useMemo(() => new Map(widgets.map((widget) => [widget.id, widget])), [widgets]);

  /** Keyboard moves behave like a drag: neighbours make way, then the grid compacts. */
  const nudge = (widget: Widget, move: { dx?: number; dy?: number; dw?: number; dh?: number }) => {
    const current = cloneLayout(layout);
    const item = current.find((entry) => entry.i === widget.id);
    if (!item) return;
    if (move.dw || move.dh) {
      item.w = Math.min(COLS - item.x, Math.max(item.minW ?? 1, item.w + (move.dw ?? 0)));
      item.h = Math.min(40, Math.max(item.minH ?? 1, item.h + (move.dh ?? 0)));
      onChange(applyLayout(widgets, verticalCompactor.compact(current, COLS)));
      return;
    }
    const overlaps = (other: LayoutItem) => other.x < item.x + item.w && item.x < other.x + other.w;
    let y = item.y;
    if (move.dy && move.dy > 0) {
      const below = current.filter(
        (other) => other !== item && overlaps(other) && other.y >= item.y + item.h,
      );
      const next = below.sort((a, b) => a.y - b.y)[0];
      y = next ? next.y + next.h - item.h + 1 : item.y + 1;
    } else if (move.dy && move.dy < 0) {
      const above = current.filter(
        (other) => other !== item && overlaps(other) && other.y + other.h <= item.y,
      );
      const next = above.sort((a, b) => b.y - a.y)[0];
      y = next ? next.y : 0;
    }
    const x = Math.min(COLS - item.w, Math.max(0, item.x + (move.dx ?? 0)));
    const moved = moveElement(current, item, x, Math.max(0, y), true, false, 'vertical', COLS);
    onChange(applyLayout(widgets, verticalCompactor.compact(moved, COLS)));
  };

  /** Up or down one place on the phone; the desktop grid is compacted the same way a drag would be. */
  const moveStacked = (widget: Widget, step: -1 | 1) => {
    const moved = moveInReadingOrder(widgets, widget.id, step);
    onChange(applyLayout(moved, toLayout(moved)));
  };

  const actionsFor = (widget: Widget): FrameActions => ({
    editing,
    onConfigure: () => onConfigure(widget),
    onRemove: () => onRemove(widget),
    onNudge: (move) => nudge(widget, move),
  });
  const item = (id: string) => {
    const widget = byId.get(id);
    return widget ? <GridItem widget={widget} actions={actionsFor(widget)} onCreateAlert={setAlert} /> : null;
  };
  const staticGrid = (
    <StaticGrid layout={layout} width={width}>
      {item}
    </StaticGrid>
  );

  return (
    <Box ref={containerRef} className={classes.container} aria-label={t('dashboard.widgets')}>
      {width === 0 ? null : stacked ? (
        <div className={classes.stack}>
          {readingOrder(widgets).map((widget, index, ordered) => (
            <div key={widget.id} style={{ height: heightOf(stackedRows(widget)) }}>
              <GridItem
                widget={widget}
                actions={{
                  ...actionsFor(widget),
                  stacked: {
                    first: index === 0,
                    last: index === ordered.length - 1,
                    onMove: (step) => moveStacked(widget, step),
                  },
                }}
                onCreateAlert={setAlert}
              />
            </div>
          ))}
        </div>
      ) : editing ? (
        <Suspense fallback={staticGrid}>
          <EditableGrid
            width={width}
            layout={layout}
            onLayout={(next) => onChange(applyLayout(widgets, next))}
          >
            {layout.map((entry) => (
              <div key={entry.i}>{item(entry.i)}</div>
            ))}
          </EditableGrid>
        </Suspense>
      ) : (
        staticGrid
      )}
      <AlertRuleDialog opened={alert !== null} onClose={() => setAlert(null)} initial={alert ?? undefined} />
    </Box>
  );
}
