import { ActionIcon, Badge, Group, Popover, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { DefinitionsResponse, MetricKey } from '../api/types.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * A metric's definition and formula on demand, from the one catalogue in core (served by
 * /definitions): the same popover on dashboard widgets and on goal targets.
 */
export function MetricDefinition({
  definitions,
  metric,
  compact = false,
  note,
}: {
  definitions: DefinitionsResponse;
  metric: MetricKey;
  /** The small icon of a list row rather than a widget's. */
  compact?: boolean;
  note?: ReactNode;
}) {
  const { t, l } = useI18n();
  const definition = definitions.metrics[metric];
  if (!definition) return null;
  const kpi = definitions.kpis.find((item) => item.key === definition.family);
  return (
    <Popover width={320} position="bottom-start" shadow="md" withArrow>
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size={compact ? 'xs' : 'sm'}
          aria-label={t('metric.info', { name: l(definition.label) })}
          data-testid={`info-${metric}`}
        >
          <IconInfoCircle size={compact ? 14 : 16} />
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
          {note && (
            <Text fz="xs" c="dimmed">
              {note}
            </Text>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
