import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Popover,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconColumns3 } from '@tabler/icons-react';
import type { MetricKey, TableColumn, Widget } from '../api/types.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { isPerRep, MAX_TABLE_METRICS, tableColumns, toggleColumn } from './table-columns.ts';
import classes from './team-table.module.css';
import { useWidgetEnv } from './widget-env.tsx';

const EXTRA_LABELS = {
  team: 'table.team',
  tasks_completed: 'table.tasksCompleted',
  tasks_overdue: 'table.tasksOverdue',
} as const;

/**
 * Which columns a team table shows: the rep's team, their task counts and any KPI of the catalogue,
 * grouped by KPI. Each change is saved at once with the dashboard, so everyone sees the same table.
 */
export function ColumnChooser({ widget }: { widget: Widget }) {
  const { t, l } = useI18n();
  const env = useWidgetEnv();
  const { metrics, extras } = tableColumns(widget.config, env.definitions.metrics);
  const toggle = (column: MetricKey | TableColumn) =>
    env.saveConfig(widget.id, toggleColumn(widget.config, env.definitions.metrics, column));
  const reset = () => {
    const { metrics: _metrics, columns: _columns, ...rest } = widget.config;
    env.saveConfig(widget.id, rest);
  };

  return (
    <Popover position="bottom-start" width={320} shadow="md" trapFocus withinPortal>
      <Popover.Target>
        <Tooltip label={t('table.chooseColumns')}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t('table.chooseColumns')}
            data-testid={`columns-${widget.id}`}
          >
            <IconColumns3 size={16} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p={0} data-testid="column-chooser">
        <Text fz="sm" fw={650} px="sm" pt="sm" pb={4}>
          {t('table.columns')}
        </Text>
        <ScrollArea.Autosize mah={340} type="auto" offsetScrollbars>
          <Stack gap={6} px="sm" pb="sm">
            <Text className={classes.chooserGroup}>{t('table.repColumns')}</Text>
            {(Object.keys(EXTRA_LABELS) as TableColumn[]).map((column) => (
              <Checkbox
                key={column}
                size="xs"
                label={t(EXTRA_LABELS[column])}
                checked={extras.includes(column)}
                onChange={() => toggle(column)}
                data-testid={`column-${column}`}
              />
            ))}
            {env.definitions.kpis.map((kpi) => (
              <Stack key={kpi.key} gap={6}>
                <Text className={classes.chooserGroup}>
                  {kpi.number} · {l(kpi.label)}
                </Text>
                {kpi.metrics.map((metric) => {
                  const on = metrics.includes(metric);
                  return (
                    <Checkbox
                      key={metric}
                      size="xs"
                      label={l(env.definitions.metrics[metric].label)}
                      description={
                        isPerRep(metric, env.definitions.metrics) ? t('table.perRepNote') : undefined
                      }
                      checked={on}
                      disabled={on ? metrics.length === 1 : metrics.length >= MAX_TABLE_METRICS}
                      onChange={() => toggle(metric)}
                      data-testid={`column-${metric}`}
                    />
                  );
                })}
              </Stack>
            ))}
          </Stack>
        </ScrollArea.Autosize>
        <Group justify="flex-end" p="xs" className={classes.chooserFooter}>
          <Button size="xs" variant="subtle" onClick={reset} data-testid="columns-default">
            {t('table.defaultColumns')}
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
