import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import type { MetricKey, SeriesPoint, Widget } from '../api/types.ts';
import { useKpis } from '../api/use-kpis.ts';
import { type Grain, useSeries } from '../api/use-series.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../ui/use-format.ts';
import { useChartTheme } from './chart-theme.ts';
import { EChart } from './echart.tsx';
import { grainFor, pastPoints } from './grain.ts';
import { useWidgetView } from './widget-env.tsx';
import { WidgetMessage } from './widget-message.tsx';

/** A metric over time (line, area or bars), with the previous period dashed behind it when comparing. */
export function TimeChart({ widget }: { widget: Widget }) {
  const { t, l } = useI18n();
  const format = useFormat();
  const theme = useChartTheme();
  const { period, scope, env } = useWidgetView(widget);
  const metric: MetricKey = widget.config.metric ?? 'revenue';
  const definition = env.definitions.metrics[metric];
  const grain: Grain = widget.config.grain ?? grainFor(period);
  const kind = widget.config.chart ?? (widget.type === 'bar_chart' ? 'bar' : 'line');
  const series = useSeries(metric, grain, scope, period);
  const report = useKpis(period);
  const previousRange = report.data?.period.previous;
  const previous = useSeries(
    metric,
    grain,
    scope,
    previousRange ? { from: previousRange.from, to: previousRange.to } : null,
    env.compare,
  );

  const option = useMemo((): EChartsCoreOption | null => {
    if (!series.data || !definition) return null;
    const points = pastPoints(series.data.points, env.org.today);
    const label = (point: SeriesPoint) =>
      grain === 'month' ? format.month(point.from) : format.day(point.from, 'short');
    const previousPoints = env.compare ? (previous.data?.points ?? []) : [];
    const seriesList: Record<string, unknown>[] = [
      {
        name: l(definition.label),
        type: kind === 'bar' ? 'bar' : 'line',
        data: points.map((point) => point.value),
        smooth: kind !== 'bar' ? 0.25 : undefined,
        showSymbol: points.length <= 14,
        symbolSize: 6,
        barMaxWidth: 28,
        itemStyle: { color: theme.colors[0], borderRadius: kind === 'bar' ? [4, 4, 0, 0] : undefined },
        lineStyle: { width: 2.5 },
        areaStyle: kind === 'area' ? { opacity: 0.12 } : undefined,
        z: 3,
      },
    ];
    if (previousPoints.length > 0) {
      seriesList.unshift({
        name: t('chart.previousPeriod'),
        type: kind === 'bar' ? 'bar' : 'line',
        data: points.map((_, index) => previousPoints[index]?.value ?? null),
        smooth: 0.25,
        showSymbol: false,
        barMaxWidth: 28,
        itemStyle: { color: theme.dark ? '#5c5f66' : '#ced4da', borderRadius: [4, 4, 0, 0] },
        lineStyle: { width: 1.5, type: 'dashed' },
        z: 2,
      });
    }
    return {
      textStyle: { fontFamily: theme.font },
      grid: { left: 8, right: 12, top: 28, bottom: 4, containLabel: true },
      legend: {
        show: previousPoints.length > 0,
        top: 0,
        right: 0,
        icon: 'roundRect',
        itemWidth: 10,
        itemHeight: 4,
        textStyle: { color: theme.muted, fontSize: 11 },
      },
      tooltip: {
        trigger: 'axis',
        backgroundColor: theme.tooltipBg,
        borderColor: theme.tooltipBorder,
        textStyle: { color: theme.text, fontSize: 12 },
        valueFormatter: (value: unknown) =>
          format.value(typeof value === 'number' ? value : null, definition.unit),
      },
      xAxis: {
        type: 'category',
        data: points.map(label),
        axisLine: { lineStyle: { color: theme.grid } },
        axisTick: { show: false },
        axisLabel: { color: theme.muted, fontSize: 11, hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        splitNumber: 4,
        splitLine: { lineStyle: { color: theme.grid } },
        axisLabel: {
          color: theme.muted,
          fontSize: 11,
          formatter: (value: number) => format.value(value, definition.unit, true),
        },
      },
      series: seriesList,
    };
  }, [series.data, previous.data, definition, env.compare, env.org.today, kind, grain, theme, format, l, t]);

  if (!definition) return <WidgetMessage>{t('widget.unknownMetric')}</WidgetMessage>;
  if (series.isError) return <WidgetMessage tone="error">{t('widget.loadFailed')}</WidgetMessage>;
  if (series.data?.points.every((point) => point.value === null)) {
    return <WidgetMessage>{t('widget.noData')}</WidgetMessage>;
  }
  return (
    <EChart
      option={option ?? {}}
      height="100%"
      ariaLabel={t('chart.over', { name: l(definition.label) })}
      onClick={() => env.openDrilldown({ metric, scope, period })}
    />
  );
}
