import { Skeleton } from '@mantine/core';
import {
  IconChartBar,
  IconChartDonut3,
  IconChartFunnel,
  IconChartLine,
  IconListNumbers,
  IconNote,
  IconSquareNumber1,
  IconTable,
  IconTarget,
  IconTrophy,
} from '@tabler/icons-react';
import { type ComponentType, lazy, Suspense } from 'react';
import type { Widget, WidgetType } from '../api/types.ts';
import { BreakdownBar } from './breakdown-bar.tsx';
import { Funnel } from './funnel.tsx';
import { GoalProgress } from './goal-progress.tsx';
import { KpiCard } from './kpi-card.tsx';
import { Leaderboard } from './leaderboard.tsx';
import { PieChartWidget } from './pie-chart.tsx';
import { DEFAULT_TABLE_METRICS } from './table-columns.ts';
import { TargetLeaderboard } from './target-leaderboard.tsx';
import { TeamTable } from './team-table.tsx';
import { TimeChart } from './time-chart.tsx';

// Markdown (react-markdown and its parser, ~38 KB gzipped) loads with the first text note, not with
// every dashboard.
const LazyTextNote = lazy(() => import('./text-note.tsx').then((module) => ({ default: module.TextNote })));
function TextNoteWidget({ widget }: { widget: Widget }) {
  return (
    <Suspense fallback={<Skeleton h="100%" radius="sm" />}>
      <LazyTextNote widget={widget} />
    </Suspense>
  );
}

export interface WidgetSpec {
  type: WidgetType;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  component: ComponentType<{ widget: Widget }>;
  size: { w: number; h: number };
  minSize: { w: number; h: number };
  config: Widget['config'];
  /** Which settings the configuration form offers for this type. */
  fields: ReadonlyArray<
    | 'metric'
    | 'metrics'
    | 'scope'
    | 'period'
    | 'chart'
    | 'grain'
    | 'by'
    | 'dimension'
    | 'limit'
    | 'text'
    | 'goal'
  >;
  /** Offered in the "add widget" catalogue. */
  inCatalogue: boolean;
}

export const WIDGETS: Record<WidgetType, WidgetSpec> = {
  kpi_card: {
    type: 'kpi_card',
    icon: IconSquareNumber1,
    component: KpiCard,
    size: { w: 3, h: 5 },
    minSize: { w: 2, h: 4 },
    config: { metric: 'revenue' },
    fields: ['metric', 'scope', 'period'],
    inCatalogue: true,
  },
  line_chart: {
    type: 'line_chart',
    icon: IconChartLine,
    component: TimeChart,
    size: { w: 6, h: 7 },
    minSize: { w: 3, h: 4 },
    config: { metric: 'revenue', chart: 'line' },
    fields: ['metric', 'chart', 'grain', 'scope', 'period'],
    inCatalogue: true,
  },
  bar_chart: {
    type: 'bar_chart',
    icon: IconChartBar,
    component: TimeChart,
    size: { w: 6, h: 7 },
    minSize: { w: 3, h: 4 },
    config: { metric: 'new_leads', chart: 'bar' },
    fields: ['metric', 'chart', 'grain', 'scope', 'period'],
    inCatalogue: true,
  },
  breakdown_bar: {
    type: 'breakdown_bar',
    icon: IconChartBar,
    component: BreakdownBar,
    size: { w: 6, h: 7 },
    minSize: { w: 3, h: 4 },
    config: { metric: 'revenue', by: 'rep' },
    fields: ['metric', 'by', 'limit', 'scope', 'period'],
    inCatalogue: true,
  },
  pie_chart: {
    type: 'pie_chart',
    icon: IconChartDonut3,
    component: PieChartWidget,
    size: { w: 4, h: 7 },
    minSize: { w: 3, h: 4 },
    config: { dimension: 'lead_source' },
    fields: ['dimension', 'scope', 'period'],
    inCatalogue: true,
  },
  funnel: {
    type: 'funnel',
    icon: IconChartFunnel,
    component: Funnel,
    size: { w: 4, h: 5 },
    minSize: { w: 3, h: 4 },
    config: {},
    fields: ['scope', 'period'],
    inCatalogue: true,
  },
  team_table: {
    type: 'team_table',
    icon: IconTable,
    component: TeamTable,
    size: { w: 12, h: 9 },
    minSize: { w: 4, h: 5 },
    config: { metrics: [...DEFAULT_TABLE_METRICS] },
    fields: ['metrics', 'scope', 'period'],
    inCatalogue: true,
  },
  leaderboard: {
    type: 'leaderboard',
    icon: IconListNumbers,
    component: Leaderboard,
    size: { w: 4, h: 7 },
    minSize: { w: 3, h: 4 },
    config: { metric: 'revenue', by: 'rep', limit: 10 },
    fields: ['metric', 'by', 'limit', 'scope', 'period'],
    inCatalogue: true,
  },
  text_note: {
    type: 'text_note',
    icon: IconNote,
    component: TextNoteWidget,
    size: { w: 4, h: 4 },
    minSize: { w: 2, h: 2 },
    config: { text: '' },
    fields: ['text'],
    inCatalogue: true,
  },
  goal_progress: {
    type: 'goal_progress',
    icon: IconTarget,
    component: GoalProgress,
    size: { w: 4, h: 7 },
    minSize: { w: 3, h: 4 },
    config: {},
    fields: ['goal'],
    inCatalogue: true,
  },
  target_leaderboard: {
    type: 'target_leaderboard',
    icon: IconTrophy,
    component: TargetLeaderboard,
    size: { w: 4, h: 7 },
    minSize: { w: 3, h: 4 },
    config: { limit: 10 },
    fields: ['limit', 'scope', 'period'],
    inCatalogue: true,
  },
};
