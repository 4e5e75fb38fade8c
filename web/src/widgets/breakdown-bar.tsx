import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import type { MetricKey, Widget } from '../api/types.ts';
import { useKpis } from '../api/use-kpis.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../ui/use-format.ts';
import { useChartTheme } from './chart-theme.ts';
import { EChart } from './echart.tsx';
import { rankedRows } from './ranked-values.ts';
import { useWidgetView } from './widget-env.tsx';
import { WidgetMessage } from './widget-message.tsx';

/** One metric per rep or per team, as horizontal bars; a bar opens that rep's or team's drill-down. */
export function BreakdownBar({ widget }: { widget: Widget }) {
  const { t, l } = useI18n();
  const format = useFormat();
  const theme = useChartTheme();
  const { period, scope, env } = useWidgetView(widget);
  const metric: MetricKey = widget.config.metric ?? 'revenue';
  const by = widget.config.by ?? 'rep';
  const definition = env.definitions.metrics[metric];
  const report = useKpis(period);
  const rows = useMemo(
    () =>
      report.data && definition
        ? rankedRows(report.data, metric, by, scope, env.reps, definition.direction).slice(
            0,
            widget.config.limit ?? 12,
          )
        : [],
    [report.data, metric, by, scope, env.reps, definition, widget.config.limit],
  );

  const option = useMemo(
    (): EChartsCoreOption | null =>
      definition
        ? {
            textStyle: { fontFamily: theme.font },
            grid: { left: 8, right: 16, top: 4, bottom: 4, containLabel: true },
            tooltip: {
              trigger: 'item',
              backgroundColor: theme.tooltipBg,
              borderColor: theme.tooltipBorder,
              textStyle: { color: theme.text, fontSize: 12 },
              valueFormatter: (value: unknown) =>
                format.value(typeof value === 'number' ? value : null, definition.unit),
            },
            xAxis: {
              type: 'value',
              splitNumber: 3,
              splitLine: { lineStyle: { color: theme.grid } },
              axisLabel: {
                color: theme.muted,
                fontSize: 11,
                formatter: (value: number) => format.value(value, definition.unit, true),
              },
            },
            yAxis: {
              type: 'category',
              inverse: true,
              data: rows.map((row) => row.label),
              axisTick: { show: false },
              axisLine: { show: false },
              axisLabel: { color: theme.text, fontSize: 12, width: 110, overflow: 'truncate' },
            },
            series: [
              {
                type: 'bar',
                name: l(definition.label),
                data: rows.map((row) => row.value),
                barMaxWidth: 18,
                itemStyle: { color: theme.colors[0], borderRadius: [0, 4, 4, 0] },
              },
            ],
          }
        : null,
    [rows, definition, theme, format, l],
  );

  if (!definition) return <WidgetMessage>{t('widget.unknownMetric')}</WidgetMessage>;
  if (report.data && rows.length === 0) return <WidgetMessage>{t('widget.noData')}</WidgetMessage>;
  return (
    <EChart
      option={option ?? {}}
      height="100%"
      ariaLabel={t('chart.by', { name: l(definition.label), by: t(`by.${by}`) })}
      onClick={(click) => {
        const row = rows[click.dataIndex];
        if (row) env.openDrilldown({ metric, scope: row.scope, period });
      }}
    />
  );
}
