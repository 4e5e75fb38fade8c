import {
  Badge,
  Box,
  Group,
  Modal,
  Pagination,
  ScrollArea,
  Skeleton,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import type { DrilldownColumn } from '../api/types.ts';
import { useDrilldown } from '../api/use-drilldown.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../ui/use-format.ts';
import type { DrilldownRequest } from './widget-env.tsx';
import { useWidgetEnv } from './widget-env.tsx';

const PAGE_SIZE = 50;

function useCellText() {
  const format = useFormat();
  const { t } = useI18n();
  return (value: string | number | boolean | null | undefined, column: DrilldownColumn): string => {
    if (value === null || value === undefined || value === '') return '—';
    switch (column.type) {
      case 'money':
        return typeof value === 'number' ? format.value(value, 'money') : String(value);
      case 'instant':
        return typeof value === 'boolean' ? String(value) : format.instant(value, true);
      case 'date':
        return typeof value === 'string' ? format.day(value) : format.instant(Number(value));
      case 'days':
        return typeof value === 'number' ? format.value(value, 'days') : String(value);
      case 'boolean':
        return value === true || value === 'true' ? t('common.yes') : t('common.no');
      case 'count':
      case 'number':
        return typeof value === 'number'
          ? format.number(value, column.type === 'count' ? 0 : 2)
          : String(value);
      default:
        return String(value);
    }
  };
}

/** The records behind a value: the list whose count (or sum) is the KPI shown on the card. */
export function DrilldownModal({ request, onClose }: { request: DrilldownRequest; onClose: () => void }) {
  const { t, l } = useI18n();
  const format = useFormat();
  const { definitions, reps } = useWidgetEnv();
  const [page, setPage] = useState(1);
  const drilldown = useDrilldown(request.metric, request.scope, request.period, page, PAGE_SIZE);
  const cellText = useCellText();
  const definition = definitions.metrics[request.metric];
  const data = drilldown.data;
  const scopeLabel =
    request.scope === 'org'
      ? t('scope.org')
      : request.scope.startsWith('team:')
        ? request.scope.slice(5)
        : (reps.find((rep) => `rep:${rep.id}` === request.scope)?.name ?? request.scope.slice(4));
  const periodLabel =
    'period' in request.period
      ? request.period.period
      : `${format.day(request.period.from)} – ${format.day(request.period.to)}`;

  return (
    <Modal
      opened
      onClose={onClose}
      size="min(1100px, 96vw)"
      title={
        <Stack gap={2}>
          <Text fw={650}>{definition ? l(definition.label) : request.metric}</Text>
          <Text fz="sm" c="dimmed">
            {data ? l(data.title) : ' '} · {scopeLabel} · {periodLabel}
          </Text>
        </Stack>
      }
      data-testid="drilldown"
    >
      {drilldown.isError ? (
        <Text c="red" fz="sm">
          {t('drilldown.failed')}
        </Text>
      ) : !data ? (
        <Stack gap={6}>
          {[1, 2, 3, 4, 5, 6].map((row) => (
            <Skeleton key={row} h={28} radius="sm" />
          ))}
        </Stack>
      ) : (
        <Stack gap="sm">
          <Group justify="space-between">
            <Badge
              variant="light"
              size="lg"
              radius="sm"
              data-testid="drilldown-total"
              data-total={data.total}
            >
              {t('drilldown.rows', { count: format.number(data.total) })}
            </Badge>
            {definition && (
              <Text fz="xs" c="dimmed" maw={560} ta="right">
                {l(definition.formula)}
              </Text>
            )}
          </Group>
          {data.rows.length === 0 ? (
            <Text c="dimmed" fz="sm" ta="center" py="xl">
              {t('drilldown.empty')}
            </Text>
          ) : (
            <ScrollArea.Autosize mah="60vh" type="auto">
              <Table
                striped
                highlightOnHover
                stickyHeader
                fz="sm"
                verticalSpacing={6}
                data-testid="drilldown-table"
              >
                <Table.Thead>
                  <Table.Tr>
                    {data.columns.map((column) => (
                      <Table.Th
                        key={column.key}
                        ta={['money', 'count', 'days', 'number'].includes(column.type) ? 'right' : 'left'}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {l(column.label)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.rows.map((row, index) => (
                    <Table.Tr key={String(row.id ?? index)}>
                      {data.columns.map((column) => (
                        <Table.Td
                          key={column.key}
                          ta={['money', 'count', 'days', 'number'].includes(column.type) ? 'right' : 'left'}
                          className="udn-num"
                          style={{ whiteSpace: 'nowrap' }}
                        >
                          {cellText(row[column.key], column)}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          )}
          {data.total > PAGE_SIZE && (
            <Box>
              <Pagination
                total={Math.ceil(data.total / PAGE_SIZE)}
                value={page}
                onChange={setPage}
                size="sm"
                getControlProps={(control) => ({ 'aria-label': t(`pagination.${control}`) })}
              />
            </Box>
          )}
        </Stack>
      )}
    </Modal>
  );
}
