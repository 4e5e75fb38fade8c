import { Box, Group, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import type { MetricKey, Widget } from '../api/types.ts';
import { useBreakdown } from '../api/use-breakdown.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../ui/use-format.ts';
import classes from './funnel.module.css';
import { useWidgetView } from './widget-env.tsx';
import { WidgetMessage } from './widget-message.tsx';

/** Which KPI's drill-down lists the records of a funnel stage. */
const STAGE_METRIC: Record<string, MetricKey> = {
  leads: 'new_leads',
  opportunities: 'new_opportunities',
  won: 'deals_won',
};

/** Leads → opportunities → won, as counted by the API's funnel breakdown; bar widths follow the counts. */
export function Funnel({ widget }: { widget: Widget }) {
  const { t } = useI18n();
  const format = useFormat();
  const { period, scope, env } = useWidgetView(widget);
  const funnel = useBreakdown('funnel', scope, period);
  if (funnel.isError) return <WidgetMessage tone="error">{t('widget.loadFailed')}</WidgetMessage>;
  if (!funnel.data) {
    return (
      <Stack gap="sm" justify="center" h="100%">
        {[100, 70, 40].map((width) => (
          <Skeleton key={width} h={28} w={`${width}%`} radius="md" />
        ))}
      </Stack>
    );
  }
  const items = funnel.data.items;
  const widest = Math.max(1, ...items.map((item) => item.value));
  if (items.every((item) => item.value === 0)) return <WidgetMessage>{t('widget.noData')}</WidgetMessage>;
  return (
    <Stack gap={10} justify="center" h="100%" className={classes.funnel}>
      {items.map((item, index) => {
        const metric = STAGE_METRIC[item.key];
        const share = Math.max(2, (item.value / widest) * 100);
        const content = (
          <>
            <Group justify="space-between" gap="xs" wrap="nowrap" mb={4}>
              <Text fz="sm" fw={500} truncate="end">
                {item.key in STAGE_METRIC
                  ? t(`funnel.${item.key as 'leads' | 'opportunities' | 'won'}`)
                  : item.key}
              </Text>
              <Text fz="sm" fw={650} className="udn-num" data-testid={`funnel-${item.key}`}>
                {format.value(item.value, 'count')}
              </Text>
            </Group>
            <Box className={classes.track}>
              <Box className={classes.bar} style={{ width: `${share}%` }} data-step={index} />
            </Box>
          </>
        );
        return metric ? (
          <UnstyledButton
            key={item.key}
            className={classes.stage}
            onClick={() => env.openDrilldown({ metric, scope, period })}
          >
            {content}
          </UnstyledButton>
        ) : (
          <Box key={item.key} className={classes.stage}>
            {content}
          </Box>
        );
      })}
    </Stack>
  );
}
