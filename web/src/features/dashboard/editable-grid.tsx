import ReactGridLayout, { type Layout, type LayoutItem } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import 'react-resizable/css/styles.css';
import type { ReactNode } from 'react';
import { GAP, ROW_HEIGHT } from './grid-geometry.ts';
import { COLS } from './layout-edit.ts';

/** The drag-and-resize grid, loaded only when someone edits a layout. */
export default function EditableGrid({
  width,
  layout,
  onLayout,
  children,
}: {
  width: number;
  layout: LayoutItem[];
  onLayout: (layout: Layout) => void;
  children: ReactNode;
}) {
  return (
    <ReactGridLayout
      width={width}
      layout={layout}
      gridConfig={{ cols: COLS, rowHeight: ROW_HEIGHT, margin: [GAP, GAP], containerPadding: [0, 0] }}
      dragConfig={{ enabled: true, handle: '.udn-drag-handle' }}
      resizeConfig={{ enabled: true, handles: ['se'] }}
      onDragStop={onLayout}
      onResizeStop={onLayout}
    >
      {children}
    </ReactGridLayout>
  );
}
