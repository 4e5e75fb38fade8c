import { Box, Group, ScrollArea, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMemo } from 'react';
import type { MetricKey, Widget } from '../api/types.ts';
import { useKpis } from '../api/use-kpis.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { NameText } from '../ui/name-text.tsx';
import { useFormat } from '../ui/use-format.ts';
import classes from './leaderboard.module.css';
import { rankedRows } from './ranked-values.ts';
import { useWidgetView } from './widget-env.tsx';
import { WidgetMessage } from './widget-message.tsx';

/** Reps (or teams) ranked by one metric, best first by the metric's direction. */
export function Leaderboard({ widget }: { widget: Widget }) {
  const { t } = useI18n();
  const format = useFormat();
  const { period, scope, env } = useWidgetView(widget);
  const metric: MetricKey = widget.config.metric ?? 'revenue';
  const by = widget.config.by ?? 'rep';
  const definition = env.definitions.metrics[metric];
  const report = useKpis(period);
  const rows = useMemo(
    () =>
      report.data && definition
        ? rankedRows(report.data, metric, by, scope, env.reps, definition.direction)
            .filter((row) => row.value !== null)
            .slice(0, widget.config.limit ?? 10)
        : [],
    [report.data, metric, by, scope, env.reps, definition, widget.config.limit],
  );
  if (!definition) return <WidgetMessage>{t('widget.unknownMetric')}</WidgetMessage>;
  if (report.isPending) {
    return (
      <Stack gap="xs">
        {[1, 2, 3, 4, 5].map((row) => (
          <Skeleton key={row} h={28} radius="sm" />
        ))}
      </Stack>
    );
  }
  if (rows.length === 0) return <WidgetMessage>{t('widget.noData')}</WidgetMessage>;
  const magnitudes = rows.map((row) => Math.abs(row.value ?? 0));
  const widest = Math.max(...magnitudes) || 1;
  return (
    <ScrollArea h="100%" type="auto" offsetScrollbars>
      <Box component="ol" className={classes.list}>
        {rows.map((row, index) => (
          <li key={row.scope}>
            <UnstyledButton
              className={classes.row}
              onClick={() => env.openDrilldown({ metric, scope: row.scope, period })}
            >
              <Text span className={classes.rank} data-top={index < 3 || undefined}>
                {index + 1}
              </Text>
              <Box className={classes.who}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Text fz="sm" fw={500} truncate="end">
                    <NameText>{row.label}</NameText>
                  </Text>
                  <Text fz="sm" fw={650} className="udn-num">
                    {format.value(row.value, definition.unit, true)}
                  </Text>
                </Group>
                <Box className={classes.track}>
                  <Box
                    className={classes.bar}
                    style={{ width: `${(Math.abs(row.value ?? 0) / widest) * 100}%` }}
                  />
                </Box>
              </Box>
            </UnstyledButton>
          </li>
        ))}
      </Box>
    </ScrollArea>
  );
}
