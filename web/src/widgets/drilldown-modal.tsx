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
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { useState } from 'react';
import type { DrilldownColumn } from '../api/types.ts';
import { useDrilldown } from '../api/use-drilldown.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { scopeLabel } from '../i18n/scope-label.ts';
import { DialogTitle } from '../ui/dialog-title.tsx';
import { isolated } from '../ui/name-text.tsx';
import { useFormat } from '../ui/use-format.ts';
import classes from './drilldown-modal.module.css';
import { drilldownExportUrl } from './export-links.ts';
import { TableExportMenu } from './export-menu.tsx';
import type { DrilldownRequest } from './widget-env.tsx';
import { useWidgetEnv } from './widget-env.tsx';

const PAGE_SIZE = 50;
const NUMERIC: ReadonlySet<DrilldownColumn['type']> = new Set(['money', 'count', 'days', 'number']);
/** Columns whose newest or largest values matter first: their first click sorts descending. */
const DESCENDING_FIRST: ReadonlySet<DrilldownColumn['type']> = new Set([
  'money',
  'count',
  'days',
  'number',
  'instant',
  'date',
]);

type Cell = string | number | boolean | null | undefined;

function useCellText() {
  const format = useFormat();
  const { t } = useI18n();
  /** The text of a cell, and the longer text of its tooltip where the cell shortens it. */
  return (value: Cell, column: DrilldownColumn): { text: string; full?: string } => {
    if (value === null || value === undefined || value === '') return { text: '—' };
    switch (column.type) {
      case 'money':
        return { text: typeof value === 'number' ? format.value(value, 'money') : String(value) };
      case 'instant':
        // The day fits the column; the time of day is in the tooltip.
        return typeof value === 'boolean'
          ? { text: String(value) }
          : { text: format.instant(value), full: format.instant(value, true) };
      case 'date':
        return { text: typeof value === 'string' ? format.day(value) : format.instant(Number(value)) };
      case 'days':
        return { text: typeof value === 'number' ? format.value(value, 'days') : String(value) };
      case 'boolean':
        return { text: value === true || value === 'true' ? t('common.yes') : t('common.no') };
      case 'count':
      case 'number':
        return {
          text:
            typeof value === 'number' ? format.number(value, column.type === 'count' ? 0 : 2) : String(value),
        };
      default:
        // Long names and notes are cut to the column; the whole text is in the tooltip.
        return { text: String(value), full: String(value) };
    }
  };
}

/** The records behind a value: the list whose count (or sum) is the KPI shown on the card. */
export function DrilldownModal({ request, onClose }: { request: DrilldownRequest; onClose: () => void }) {
  const { t, l, locale } = useI18n();
  const format = useFormat();
  const { definitions, reps } = useWidgetEnv();
  const phone = useMediaQuery('(max-width: 36em)', undefined, { getInitialValueInEffect: false });
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<string | null>(null);
  const drilldown = useDrilldown(request.metric, request.scope, request.period, page, PAGE_SIZE, sort);
  const cellText = useCellText();
  const definition = definitions.metrics[request.metric];
  const data = drilldown.data;
  const applied = data?.sort ?? '';
  const sortKey = applied.replace(/^-/, '');
  const descending = applied.startsWith('-');
  const scopeName = scopeLabel(request.scope, reps, t);
  const periodLabel =
    'period' in request.period
      ? // A period to date lists only its records up to asof: say so, as the dashboard's range line does.
        `${request.period.period}${request.period.asof ? ` · ${t('period.toDate')}` : ''}`
      : `${format.day(request.period.from)} – ${format.day(request.period.to)}`;

  const sortBy = (column: DrilldownColumn) => {
    const nextDescending = column.key === sortKey ? !descending : DESCENDING_FIRST.has(column.type);
    setSort(`${nextDescending ? '-' : ''}${column.key}`);
    setPage(1);
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="min(1240px, 96vw)"
      fullScreen={phone}
      title={
        <DialogTitle
          title={definition ? l(definition.label) : request.metric}
          subtitle={`${data ? l(data.title) : ' '} · ${isolated(scopeName)} · ${periodLabel}`}
        />
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
            <Group gap="xs" wrap="nowrap">
              {definition && (
                <Text fz="xs" c="dimmed" maw={560} ta="right">
                  {l(definition.formula)}
                </Text>
              )}
              <TableExportMenu
                testId="export-drilldown"
                urls={{
                  csv: drilldownExportUrl(request.period, request.scope, request.metric, sort, 'csv', locale),
                  xlsx: drilldownExportUrl(
                    request.period,
                    request.scope,
                    request.metric,
                    sort,
                    'xlsx',
                    locale,
                  ),
                }}
              />
            </Group>
          </Group>
          {data.rows.length === 0 ? (
            <Text c="dimmed" fz="sm" ta="center" py="xl">
              {t('drilldown.empty')}
            </Text>
          ) : (
            <ScrollArea.Autosize mah="60vh" type="auto" data-testid="drilldown-scroll">
              <Table
                striped
                highlightOnHover
                stickyHeader
                fz="sm"
                verticalSpacing={6}
                horizontalSpacing="xs"
                className={classes.table}
                data-testid="drilldown-table"
                aria-busy={drilldown.isFetching}
              >
                <Table.Thead>
                  <Table.Tr>
                    {data.columns.map((column) => {
                      const active = column.key === sortKey;
                      const Icon = !active ? IconSelector : descending ? IconArrowDown : IconArrowUp;
                      return (
                        <Table.Th
                          key={column.key}
                          ta={NUMERIC.has(column.type) ? 'right' : 'left'}
                          aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
                          data-column={column.key}
                          className={classes.head}
                        >
                          <UnstyledButton
                            className={classes.sort}
                            onClick={() => sortBy(column)}
                            data-testid={`drilldown-sort-${column.key}`}
                          >
                            <span>{l(column.label)}</span>
                            <Icon size={12} className={classes.sortIcon} />
                          </UnstyledButton>
                        </Table.Th>
                      );
                    })}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.rows.map((row, index) => (
                    <Table.Tr key={String(row.id ?? index)}>
                      {data.columns.map((column) => {
                        const cell = cellText(row[column.key], column);
                        const numeric = NUMERIC.has(column.type);
                        return (
                          <Table.Td
                            key={column.key}
                            ta={numeric ? 'right' : 'left'}
                            className={`udn-num ${column.type === 'text' ? classes.text : classes.nowrap}`}
                            title={cell.full && cell.full !== '—' ? cell.full : undefined}
                          >
                            {cell.text}
                          </Table.Td>
                        );
                      })}
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
