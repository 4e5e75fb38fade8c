import { Box, Group, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import type { MetricKey, Widget } from '../api/types.ts';
import { useBreakdown } from '../api/use-breakdown.ts';
import { scopeOf, useKpis } from '../api/use-kpis.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../ui/use-format.ts';
import classes from './funnel.module.css';
import { useWidgetView } from './widget-env.tsx';
import { WidgetMessage } from './widget-message.tsx';

type Step = 'leads' | 'opportunities' | 'won';

/**
 * Each step's KPI: its drill-down lists the cohort with what became of each lead, and its ratio is
 * the one the KPI cards show, so the funnel and the cards read the same numbers.
 */
const STEP_METRIC: Record<Step, MetricKey> = {
  leads: 'lead_cohort_size',
  opportunities: 'lead_to_opportunity_ratio',
  won: 'lead_conversion_rate',
};

const isStep = (key: string): key is Step => key in STEP_METRIC;

/**
 * The period's lead cohort (KPI #6): leads created in the period, then those linked to a deal and to
 * a won deal — at any time, by any owner. Not the period's new opportunities or won deals, which
 * count deals created or closed in the period whatever lead they came from; the caption says so.
 */
export function Funnel({ widget }: { widget: Widget }) {
  const { t, l } = useI18n();
  const format = useFormat();
  const { period, scope, env } = useWidgetView(widget);
  const funnel = useBreakdown('funnel', scope, period);
  const report = useKpis(period);
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
  if (items.every((item) => item.value === 0)) return <WidgetMessage>{t('funnel.empty')}</WidgetMessage>;
  const values = scopeOf(report.data, scope);
  return (
    <Stack gap={8} justify="center" h="100%" className={classes.funnel}>
      <Text fz="xs" c="dimmed" data-testid="funnel-caption">
        {t('funnel.caption')}
      </Text>
      {items.map((item, index) => {
        const metric = isStep(item.key) ? STEP_METRIC[item.key] : null;
        const share = Math.max(2, (item.value / widest) * 100);
        const rate = metric && metric !== 'lead_cohort_size' ? (values?.[metric] ?? null) : null;
        const label = isStep(item.key) ? t(`funnel.${item.key}`) : item.key;
        const content = (
          <>
            <Group justify="space-between" gap="xs" wrap="nowrap" mb={4}>
              <Text fz="sm" fw={500} truncate="end">
                {label}
              </Text>
              <Group gap={6} wrap="nowrap">
                {rate !== null && metric && (
                  <Text
                    fz="xs"
                    c="dimmed"
                    className="udn-num"
                    title={l(env.definitions.metrics[metric].label)}
                  >
                    {format.value(rate, 'ratio')}
                  </Text>
                )}
                <Text fz="sm" fw={650} className="udn-num" data-testid={`funnel-${item.key}`}>
                  {format.value(item.value, 'count')}
                </Text>
              </Group>
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
            title={t('funnel.openRecords')}
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
