import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import type { Widget } from '../api/types.ts';
import { useBreakdown } from '../api/use-breakdown.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../ui/use-format.ts';
import { useChartTheme } from './chart-theme.ts';
import { DONUT_PAD, donutLayout, HOVER_GROWTH } from './donut-layout.ts';
import { type ChartSize, EChart } from './echart.tsx';
import { useWidgetView } from './widget-env.tsx';
import { WidgetMessage } from './widget-message.tsx';

/** A donut of one breakdown (leads by source, spend by category, deals by stage). */
export function PieChartWidget({ widget }: { widget: Widget }) {
  const { t } = useI18n();
  const format = useFormat();
  const theme = useChartTheme();
  const { period, scope } = useWidgetView(widget);
  const dimension = widget.config.dimension ?? 'lead_source';
  const breakdown = useBreakdown(dimension === 'funnel' ? 'lead_source' : dimension, scope, period);
  const data = breakdown.data;

  /** Sized from the chart's own box: the donut and its legend never leave the frame. */
  const option = useMemo(() => {
    if (!data) return null;
    const unit = data.unit === 'money' ? 'money' : 'count';
    const items = data.items.map((item) => ({ name: item.key || t('dimension.none'), value: item.value }));
    return ({ width, height }: ChartSize): EChartsCoreOption => {
      const layout = donutLayout(
        width,
        height,
        items.map((item) => item.name),
      );
      const beside = layout.legend === 'right';
      return {
        textStyle: { fontFamily: theme.font },
        color: theme.colors,
        tooltip: {
          trigger: 'item',
          backgroundColor: theme.tooltipBg,
          borderColor: theme.tooltipBorder,
          textStyle: { color: theme.text, fontSize: 12 },
          valueFormatter: (value: unknown) => format.value(typeof value === 'number' ? value : null, unit),
        },
        legend: {
          type: 'scroll',
          orient: beside ? 'vertical' : 'horizontal',
          ...(beside
            ? { right: 0, top: 'middle', width: layout.legendWidth }
            : { bottom: 0, left: 'center', width: width - 2 * DONUT_PAD }),
          icon: 'circle',
          itemWidth: 8,
          itemHeight: 8,
          itemGap: beside ? 8 : 12,
          // A name too long for the legend is cut with an ellipsis; hovering it shows it whole.
          tooltip: { show: true },
          textStyle: {
            color: theme.text,
            fontSize: 12,
            ...(beside ? { width: layout.legendWidth - 24, overflow: 'truncate' } : {}),
          },
          pageTextStyle: { color: theme.muted },
        },
        series: [
          {
            type: 'pie',
            radius: layout.radius,
            center: layout.center,
            avoidLabelOverlap: true,
            label: { show: false },
            emphasis: { scaleSize: HOVER_GROWTH },
            itemStyle: { borderColor: theme.dark ? '#25262b' : '#ffffff', borderWidth: 2, borderRadius: 4 },
            data: items,
          },
        ],
      };
    };
  }, [data, theme, format, t]);

  if (breakdown.isError) return <WidgetMessage tone="error">{t('widget.loadFailed')}</WidgetMessage>;
  if (data && data.items.length === 0) return <WidgetMessage>{t('widget.noData')}</WidgetMessage>;
  return (
    <EChart
      option={option ?? {}}
      height="100%"
      ariaLabel={t(`dimension.${dimension}`)}
      testId={`donut-${widget.id}`}
    />
  );
}
