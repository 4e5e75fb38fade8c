import { ActionIcon, Popover, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { MetricKey } from '../../api/types.ts';
import { useDefinitions } from '../../api/use-definitions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** The KPI a target follows, as the catalogue in core defines it (label, KPI, formula). */
export function KpiInfo({ metric }: { metric: string }) {
  const { t, l } = useI18n();
  const definitions = useDefinitions().data;
  const definition = definitions?.metrics[metric as MetricKey];
  if (!definitions || !definition) return null;
  const kpi = definitions.kpis.find((item) => item.key === definition.family);
  return (
    <Popover width={300} position="bottom-start" shadow="md" withArrow>
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="xs"
          aria-label={t('metric.info', { name: l(definition.label) })}
        >
          <IconInfoCircle size={14} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6}>
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
          <div>
            <Text fz="xs" fw={600} c="dimmed" tt="uppercase" lts="0.04em">
              {t('metric.formula')}
            </Text>
            <Text fz="sm">{l(definition.formula)}</Text>
          </div>
          <Text fz="xs" c="dimmed">
            {t('target.kpiLive')}
          </Text>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
