import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import type { Widget } from '../api/types.ts';
import { useBreakdown } from '../api/use-breakdown.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../ui/use-format.ts';
import { useChartTheme } from './chart-theme.ts';
import { EChart } from './echart.tsx';
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

  const option = useMemo((): EChartsCoreOption | null => {
    if (!data) return null;
    const unit = data.unit === 'money' ? 'money' : 'count';
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
        orient: 'vertical',
        right: 0,
        top: 'middle',
        icon: 'circle',
        itemWidth: 8,
        itemHeight: 8,
        textStyle: { color: theme.text, fontSize: 12 },
      },
      series: [
        {
          type: 'pie',
          radius: ['52%', '78%'],
          center: ['32%', '50%'],
          avoidLabelOverlap: true,
          label: { show: false },
          itemStyle: { borderColor: theme.dark ? '#25262b' : '#ffffff', borderWidth: 2, borderRadius: 4 },
          data: data.items.map((item) => ({ name: item.key || t('dimension.none'), value: item.value })),
        },
      ],
    };
  }, [data, theme, format, t]);

  if (breakdown.isError) return <WidgetMessage tone="error">{t('widget.loadFailed')}</WidgetMessage>;
  if (data && data.items.length === 0) return <WidgetMessage>{t('widget.noData')}</WidgetMessage>;
  return <EChart option={option ?? {}} height="100%" ariaLabel={t(`dimension.${dimension}`)} />;
}
