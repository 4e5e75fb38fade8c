import { ActionIcon, Badge, Group, Popover, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { MetricKey } from '../api/types.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useWidgetEnv } from './widget-env.tsx';

/** The definition and formula of a metric, from the one catalogue in core (served by /definitions). */
export function MetricInfo({ metric }: { metric: MetricKey }) {
  const { t, l } = useI18n();
  const { definitions } = useWidgetEnv();
  const definition = definitions.metrics[metric];
  if (!definition) return null;
  const kpi = definitions.kpis.find((item) => item.key === definition.family);
  return (
    <Popover width={320} position="bottom-start" shadow="md" withArrow>
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={t('metric.info', { name: l(definition.label) })}
          data-testid={`info-${metric}`}
        >
          <IconInfoCircle size={16} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" data-testid="metric-definition">
          <div>
            <Text fw={650} fz="sm">
              {l(definition.label)}
            </Text>
            {kpi && (
              <Text fz="xs" c="dimmed">
                {t('metric.kpiNumber', { number: kpi.number })} · {l(kpi.label)}
              </Text>
            )}
          </div>
          {kpi && <Text fz="sm">{l(kpi.description)}</Text>}
          <div>
            <Text fz="xs" fw={600} c="dimmed" tt="uppercase" lts="0.04em">
              {t('metric.formula')}
            </Text>
            <Text fz="sm" data-testid="metric-formula">
              {l(definition.formula)}
            </Text>
          </div>
          <Group gap={6}>
            <Badge variant="light" color="gray" size="sm">
              {t(`unit.${definition.unit}`)}
            </Badge>
            <Badge variant="light" color={definition.direction === 'neutral' ? 'gray' : 'brand'} size="sm">
              {t(`direction.${definition.direction}`)}
            </Badge>
            {definition.orgOnly && (
              <Badge variant="light" color="yellow" size="sm">
                {t('metric.orgOnly')}
              </Badge>
            )}
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
