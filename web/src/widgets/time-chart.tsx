import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import type { MetricKey, Widget } from '../api/types.ts';
import { useAnnotations } from '../api/use-annotations.ts';
import { type Grain, useSeries } from '../api/use-series.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { isolated } from '../ui/name-text.tsx';
import { useFormat } from '../ui/use-format.ts';
import { annotationMarks, annotationsForScope } from './annotation-marks.ts';
import { useChartTheme } from './chart-theme.ts';
import { EChart } from './echart.tsx';
import { grainFor, pastPoints } from './grain.ts';
import { targetOf } from './metric-relations.ts';
import { bucketLabel, incompleteFrom } from './time-axis.ts';
import { useComparison } from './use-report.ts';
import { useWidgetView } from './widget-env.tsx';
import { WidgetMessage } from './widget-message.tsx';

/** An annotation's note as a label on the chart; the whole note is in the tooltip. */
const shortNote = (note: string) => (note.length > 24 ? `${note.slice(0, 23)}…` : note);

/** Three dashes, the legend icon of a dashed line. */
const DASHED_ICON = 'path://M0,3h5v2h-5z M7,3h5v2h-5z M14,3h5v2h-5z';

/** A metric over time (line, area or bars), with the previous period dashed behind it when comparing. */
export function TimeChart({ widget }: { widget: Widget }) {
  const { t, l, locale } = useI18n();
  const format = useFormat();
  const theme = useChartTheme();
  const { period, scope, env } = useWidgetView(widget);
  const metric: MetricKey = widget.config.metric ?? 'revenue';
  const definition = env.definitions.metrics[metric];
  const grain: Grain = widget.config.grain ?? grainFor(period);
  const kind = widget.config.chart ?? (widget.type === 'bar_chart' ? 'bar' : 'line');
  const series = useSeries(metric, grain, scope, period);
  const comparison = useComparison(period, env.compare);
  const previous = useSeries(
    metric,
    grain,
    scope,
    comparison.range ? { from: comparison.range.from, to: comparison.range.to } : null,
    comparison.comparing,
  );
  const comparedName = comparison.label ? t('chart.comparedSeries', { range: comparison.label }) : '';
  // The target of the scope per bucket (KPI-SPEC §4 #1: a period's target is its targets' values
  // pro rata by days), so the line is the pace the targets set — from the API, never derived here.
  const targetMetric = targetOf(metric)?.actual === metric ? targetOf(metric)?.target : undefined;
  const target = useSeries(targetMetric ?? metric, grain, scope, period, targetMetric !== undefined);
  const firstPoint = series.data?.points[0];
  const lastPoint = series.data?.points.at(-1);
  const annotationList = useAnnotations(
    firstPoint && lastPoint ? { from: firstPoint.from, to: lastPoint.to } : null,
  );
  const marks = useMemo(() => {
    if (!series.data || !annotationList.data) return [];
    const points = pastPoints(series.data.points, env.org.today);
    return annotationMarks(annotationsForScope(annotationList.data, scope, env.reps), points);
  }, [series.data, annotationList.data, scope, env.reps, env.org.today]);

  const option = useMemo((): EChartsCoreOption | null => {
    if (!series.data || !definition) return null;
    const points = pastPoints(series.data.points, env.org.today);
    const labels = points.map((point) => bucketLabel(point.from, grain, locale));
    const values = points.map((point) => point.value);
    // The compared range drawn bucket by bucket onto the current axis (its first bucket under the first).
    const previousValues =
      comparison.comparing && !previous.isPlaceholderData
        ? points.map((_, index) => previous.data?.points[index]?.value ?? null)
        : [];
    const comparing = previousValues.some((value) => value !== null);
    // The bucket still running today holds only part of its period: drawn apart (a dashed last
    // segment, a lighter hatched bar, a hollow marker) and named "to date", it no longer reads as
    // a fall.
    const open = incompleteFrom(points, env.org.today);
    const bars = kind === 'bar';
    const name = l(definition.label);
    const toDateName = t('chart.toDateSeries', { name });
    const color = theme.colors[0] ?? '#5870db';
    const complete = values.map((value, index) => (open >= 0 && index >= open ? null : value));
    const running = values.map((value, index) => {
      if (open < 0) return null;
      if (index >= open) return value;
      // A line joins the dashed segment to the last complete point (drawn without a marker).
      return !bars && index === open - 1 ? { value, symbol: 'none' } : null;
    });
    const valueText = (value: number | null | undefined) => format.value(value ?? null, definition.unit);

    const seriesList: Record<string, unknown>[] = [];
    const targetName = t('chart.target');
    const targetValues =
      targetMetric !== undefined && !target.isPlaceholderData
        ? points.map((_, index) => target.data?.points[index]?.value ?? null)
        : [];
    const hasTarget = targetValues.some((value) => value !== null);
    if (hasTarget) {
      seriesList.push({
        name: targetName,
        type: 'line',
        data: targetValues,
        showSymbol: false,
        step: bars ? 'middle' : undefined,
        itemStyle: { color: theme.dark ? '#ffa94d' : '#e8590c' },
        lineStyle: { width: 1.5, type: [4, 4] },
        endLabel: {
          show: true,
          formatter: targetName,
          color: theme.dark ? '#ffa94d' : '#e8590c',
          fontSize: 11,
        },
        z: 4,
      });
    }
    if (comparing) {
      seriesList.push({
        name: comparedName,
        type: bars ? 'bar' : 'line',
        data: previousValues,
        showSymbol: false,
        barMaxWidth: 28,
        itemStyle: { color: theme.dark ? '#5c5f66' : '#ced4da', borderRadius: [4, 4, 0, 0] },
        lineStyle: { width: 1.5, type: 'dashed' },
        z: 2,
      });
    }
    seriesList.push({
      name,
      type: bars ? 'bar' : 'line',
      stack: bars ? 'current' : undefined,
      data: complete,
      showSymbol: points.length <= 14,
      symbolSize: 6,
      barMaxWidth: 28,
      itemStyle: { color, borderRadius: bars ? [4, 4, 0, 0] : undefined },
      lineStyle: { width: 2.5 },
      areaStyle: kind === 'area' ? { opacity: 0.12 } : undefined,
      z: 3,
      // Annotations: a day is a line, several buckets an area; the note is in the tooltip.
      markLine: {
        silent: true,
        symbol: 'none',
        animation: false,
        lineStyle: { color: theme.muted, type: [3, 3], width: 1.5 },
        label: {
          show: true,
          position: 'insideEndTop',
          color: theme.muted,
          fontSize: 10,
          formatter: (params: { name?: string }) => params.name ?? '',
        },
        data: marks
          .filter((mark) => mark.start === mark.end)
          .map((mark) => ({ xAxis: mark.start, name: shortNote(mark.annotation.note) })),
      },
      markArea: {
        silent: true,
        animation: false,
        itemStyle: { color: theme.dark ? 'rgba(255,255,255,0.06)' : 'rgba(0,0,0,0.05)' },
        label: { show: true, position: 'insideTop', color: theme.muted, fontSize: 10 },
        data: marks
          .filter((mark) => mark.start !== mark.end)
          .map((mark) => [{ xAxis: mark.start, name: shortNote(mark.annotation.note) }, { xAxis: mark.end }]),
      },
    });
    if (open >= 0) {
      seriesList.push({
        name: toDateName,
        type: bars ? 'bar' : 'line',
        stack: bars ? 'current' : undefined,
        data: running,
        symbol: 'emptyCircle',
        symbolSize: 8,
        showSymbol: true,
        barMaxWidth: 28,
        itemStyle: bars
          ? {
              color,
              opacity: 0.45,
              borderRadius: [4, 4, 0, 0],
              decal: {
                symbol: 'rect',
                symbolSize: 1,
                dashArrayX: [1, 0],
                dashArrayY: [3, 3],
                rotation: -Math.PI / 4,
                color: theme.dark ? 'rgba(0,0,0,0.35)' : 'rgba(255,255,255,0.6)',
              },
            }
          : { color, borderWidth: 2 },
        lineStyle: { width: 2.5, type: [6, 4] },
        areaStyle: kind === 'area' ? { opacity: 0.05 } : undefined,
        z: 3,
      });
    }
    const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
    const dot = (dotColor: string) =>
      `<span style="display:inline-block;width:8px;height:8px;border-radius:4px;margin-right:6px;background:${dotColor}"></span>`;
    return {
      textStyle: { fontFamily: theme.font },
      grid: { left: 8, right: 12, top: 28, bottom: 4, containLabel: true },
      legend: {
        show: comparing || open >= 0 || hasTarget,
        // One line that scrolls on a phone rather than wrapping over the plot.
        type: 'scroll',
        pageIconSize: 10,
        pageTextStyle: { color: theme.muted },
        top: 0,
        right: 0,
        itemWidth: 18,
        itemHeight: 8,
        textStyle: { color: theme.muted, fontSize: 11 },
        // A legend line is too short to show its series' dashes: the "to date" entry draws them.
        data: seriesList.map((item) =>
          !bars && item.name === toDateName ? { name: toDateName, icon: DASHED_ICON } : { name: item.name },
        ),
      },
      tooltip: {
        trigger: 'axis',
        backgroundColor: theme.tooltipBg,
        borderColor: theme.tooltipBorder,
        textStyle: { color: theme.text, fontSize: 12 },
        // One line per period whatever the series split: the bucket running today says "to date".
        formatter: (params: unknown) => {
          const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
          const index = first?.dataIndex ?? 0;
          const head =
            escapeHtml(labels[index] ?? '') + (index === open ? ` · ${escapeHtml(t('chart.toDate'))}` : '');
          const lines = [
            `${dot(color)}${escapeHtml(isolated(name))} <b style="margin-left:8px">${escapeHtml(valueText(values[index]))}</b>`,
          ];
          if (hasTarget) {
            lines.push(
              `${dot(theme.dark ? '#ffa94d' : '#e8590c')}${escapeHtml(targetName)} <b style="margin-left:8px">${escapeHtml(valueText(targetValues[index]))}</b>`,
            );
          }
          for (const mark of marks) {
            if (index < mark.start || index > mark.end) continue;
            lines.push(`<span style="color:${theme.muted}">✎ ${escapeHtml(mark.annotation.note)}</span>`);
          }
          if (comparing) {
            lines.push(
              `${dot(theme.dark ? '#5c5f66' : '#ced4da')}${escapeHtml(comparedName)} <b style="margin-left:8px">${escapeHtml(valueText(previousValues[index]))}</b>`,
            );
          }
          return `<div style="margin-bottom:4px">${head}</div>${lines.join('<br/>')}`;
        },
      },
      xAxis: {
        type: 'category',
        data: labels,
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
  }, [
    series.data,
    previous.data,
    previous.isPlaceholderData,
    target.data,
    target.isPlaceholderData,
    targetMetric,
    marks,
    comparedName,
    comparison.comparing,
    definition,
    env.org.today,
    kind,
    grain,
    theme,
    format,
    l,
    t,
    locale,
  ]);

  const annotationDays = (annotation: { from: string; to: string }) =>
    annotation.from === annotation.to
      ? format.day(annotation.from)
      : `${format.day(annotation.from)} – ${format.day(annotation.to)}`;
  if (!definition) return <WidgetMessage>{t('widget.unknownMetric')}</WidgetMessage>;
  if (series.isError) return <WidgetMessage tone="error">{t('widget.loadFailed')}</WidgetMessage>;
  if (series.data?.points.every((point) => point.value === null)) {
    return <WidgetMessage>{t('widget.noData')}</WidgetMessage>;
  }
  return (
    <EChart
      option={option ?? {}}
      height="100%"
      ariaLabel={
        marks.length > 0
          ? `${t('chart.over', { name: l(definition.label) })}. ${t('chart.annotations', {
              notes: marks
                .map((mark) => `${mark.annotation.note} (${annotationDays(mark.annotation)})`)
                .join('; '),
            })}`
          : t('chart.over', { name: l(definition.label) })
      }
      testId={`time-chart-${widget.id}`}
      onClick={() => env.openDrilldown({ metric, scope, period })}
    />
  );
}
