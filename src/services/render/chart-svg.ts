import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { formatValue } from '../../core/format.ts';
import type { ChartSpec } from './snapshot-types.ts';

// Only what UDN draws is registered: the whole of `echarts` is ~1.4 MB and slower to load.
echarts.use([
  LineChart,
  BarChart,
  PieChart,
  FunnelChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  SVGRenderer,
]);

/**
 * The web app's light theme (web/src/app/theme.ts CHART_COLORS, web/src/widgets/chart-theme.ts),
 * copied rather than imported: the server never loads web code. Images in e-mails and PDFs are
 * read on white paper, so only the light scheme exists here.
 */
export const CHART_THEME = {
  colors: ['#5870db', '#2fb39a', '#f2a93b', '#e0607e', '#8c6bd8', '#45a6dd', '#9aa5b1'],
  text: '#495057',
  muted: '#868e96',
  grid: 'rgba(0,0,0,0.06)',
  target: '#e0607e',
  background: '#ffffff',
  font: 'Inter',
} as const;

type Option = echarts.EChartsCoreOption;

const axisValue = (spec: ChartSpec) => (value: number) =>
  formatValue(value, spec.unit, { locale: 'en', currency: spec.currency, compact: true });

const labelOf = (spec: ChartSpec, index: number, value: number | null): string =>
  spec.labels?.[index] ?? axisValue(spec)(value ?? 0);

function cartesian(spec: ChartSpec): Option {
  const horizontal = spec.type === 'hbar';
  const categoryAxis = {
    type: 'category',
    data: spec.categories,
    axisLabel: { color: CHART_THEME.muted, fontSize: 11, hideOverlap: true },
    axisLine: { lineStyle: { color: CHART_THEME.grid } },
    axisTick: { show: false },
    ...(horizontal ? { inverse: true } : {}),
  };
  const valueAxis = {
    type: 'value',
    splitNumber: horizontal ? 3 : 5,
    axisLabel: { color: CHART_THEME.muted, fontSize: 11, formatter: axisValue(spec), hideOverlap: true },
    splitLine: { lineStyle: { color: CHART_THEME.grid } },
  };
  const bars = spec.type === 'bar' || spec.type === 'hbar';
  const series = spec.series.map((s, seriesIndex) => ({
    name: s.name,
    type: bars && !s.target ? 'bar' : 'line',

    data: s.values,
    // Points are marked on short series, so a value between two gaps still shows.
    symbol: 'circle',
    symbolSize: 5,
    showSymbol: spec.categories.length <= 24,
    lineStyle: s.target ? { color: CHART_THEME.target, type: 'dashed', width: 1.5 } : { width: 2 },
    ...(s.target ? { itemStyle: { color: CHART_THEME.target }, showSymbol: false } : {}),
    connectNulls: false,
    barMaxWidth: 36,
    ...(spec.type === 'area' && !s.target ? { areaStyle: { opacity: 0.15 } } : {}),
    ...(bars && seriesIndex === 0 && spec.labels
      ? {
          label: {
            show: true,
            position: horizontal ? 'right' : 'top',
            color: CHART_THEME.text,
            fontSize: 11,
            formatter: (p: { dataIndex: number; value: number | null }) =>
              labelOf(spec, p.dataIndex, p.value),
          },
        }
      : {}),
    ...(seriesIndex === 0 && spec.target
      ? {
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: CHART_THEME.target, type: 'dashed', width: 1.5 },
            label: {
              formatter: `${spec.target.label} ${axisValue(spec)(spec.target.value)}`,
              color: CHART_THEME.target,
              fontSize: 11,
              position: 'insideEndTop',
            },
            data: [horizontal ? { xAxis: spec.target.value } : { yAxis: spec.target.value }],
          },
        }
      : {}),
  }));
  const legend = spec.series.length > 1;
  return {
    legend: legend ? { top: 0, textStyle: { color: CHART_THEME.text, fontSize: 11 } } : { show: false },
    grid: { left: 8, right: horizontal ? 72 : 16, top: legend ? 32 : 20, bottom: 16 },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series,
  };
}

function pie(spec: ChartSpec): Option {
  const values = spec.series[0]?.values ?? [];
  return {
    legend: {
      orient: 'vertical',
      right: 8,
      top: 'middle',
      textStyle: { color: CHART_THEME.text, fontSize: 11 },
      formatter: (name: string) => {
        const index = spec.categories.indexOf(name);
        return `${name}  ${labelOf(spec, index, values[index] ?? null)}`;
      },
    },
    series: [
      {
        type: 'pie',
        radius: ['45%', '72%'],
        center: ['30%', '50%'],
        label: { show: false },
        data: spec.categories.map((name, i) => ({ name, value: values[i] ?? 0 })),
      },
    ],
  };
}

function funnel(spec: ChartSpec): Option {
  const values = spec.series[0]?.values ?? [];
  return {
    series: [
      {
        type: 'funnel',
        // Labels beside the steps: a narrow last step has no room for its words inside it.
        left: '2%',
        width: '52%',
        top: 12,
        bottom: 12,
        sort: 'none',
        gap: 2,
        minSize: '8%',
        label: {
          show: true,
          position: 'right',
          color: CHART_THEME.text,
          fontSize: 12,
          formatter: (p: { dataIndex: number; name: string; value: number | null }) =>
            `${p.name}: ${labelOf(spec, p.dataIndex, p.value)}`,
        },
        data: spec.categories.map((name, i) => ({ name, value: values[i] ?? 0 })),
      },
    ],
  };
}

/** The ECharts option of a chart: exported for tests of what a chart shows. */
export function chartOption(spec: ChartSpec): Option {
  const body = spec.type === 'pie' ? pie(spec) : spec.type === 'funnel' ? funnel(spec) : cartesian(spec);
  return {
    animation: false,
    backgroundColor: CHART_THEME.background,
    color: [...CHART_THEME.colors],
    textStyle: { fontFamily: CHART_THEME.font, color: CHART_THEME.text },
    ...body,
  };
}

/** A chart as an SVG document of the given size, drawn without a browser (ECharts' SSR mode). */
export function chartSvg(spec: ChartSpec, size: { width: number; height: number }): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    chart.setOption(chartOption(spec));
    return chart.renderToSVGString();
  } finally {
    // An undisposed chart keeps its timers and the process alive.
    chart.dispose();
  }
}
