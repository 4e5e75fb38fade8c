import { Box, Skeleton, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { MetricKey, ReportScope, Widget } from '../api/types.ts';
import { useKpis } from '../api/use-kpis.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../ui/use-format.ts';
import classes from './team-table.module.css';
import { repName, useWidgetView } from './widget-env.tsx';
import { WidgetMessage } from './widget-message.tsx';

export const DEFAULT_TABLE_METRICS: MetricKey[] = [
  'revenue',
  'attainment_revenue',
  'deals_won',
  'avg_sales_cycle_days',
  'email_open_rate',
  'new_leads',
  'lead_conversion_rate',
  'new_customers',
];

type SortKey = 'name' | 'team' | MetricKey;

interface Row {
  scope: string;
  name: string;
  team: string | null;
  values: ReportScope;
}

/**
 * Every rep of the scope × their KPIs. The total rows are the report's own team and organisation
 * scopes (Σ numerator / Σ denominator, computed by the engine), never sums or averages of the rows.
 */
export function TeamTable({ widget }: { widget: Widget }) {
  const { t, l } = useI18n();
  const format = useFormat();
  const { period, scope, env } = useWidgetView(widget);
  const metrics = (widget.config.metrics?.length ? widget.config.metrics : DEFAULT_TABLE_METRICS).filter(
    (metric) => env.definitions.metrics[metric],
  );
  const report = useKpis(period);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: metrics[0] ?? 'name',
    descending: true,
  });

  const { rows, totals } = useMemo(() => {
    const data = report.data;
    if (!data) return { rows: [] as Row[], totals: [] as Row[] };
    const teamFilter = scope.startsWith('team:') ? scope.slice(5) : null;
    const repFilter = scope.startsWith('rep:') ? scope.slice(4) : null;
    const teamOf = (id: string) => env.reps.find((rep) => rep.id === id)?.team ?? null;
    const rows: Row[] = Object.entries(data.reps)
      .filter(([id]) => (repFilter ? id === repFilter : teamFilter === null || teamOf(id) === teamFilter))
      .map(([id, values]) => ({ scope: `rep:${id}`, name: repName(env.reps, id), team: teamOf(id), values }));
    const teamNames = teamFilter ? [teamFilter] : repFilter ? [] : Object.keys(data.teams).sort();
    const totals: Row[] = teamNames.flatMap((team) => {
      const values = data.teams[team];
      return values ? [{ scope: `team:${team}`, name: team, team, values }] : [];
    });
    if (!teamFilter && !repFilter)
      totals.push({ scope: 'org', name: t('table.orgTotal'), team: null, values: data.org });
    return { rows, totals };
  }, [report.data, scope, env.reps, t]);

  const sorted = useMemo(() => {
    const direction = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => {
      if (sort.key === 'name' || sort.key === 'team') {
        return direction * (a[sort.key] ?? '').localeCompare(b[sort.key] ?? '');
      }
      const left = a.values[sort.key];
      const right = b.values[sort.key];
      if (left === null || left === undefined) return right === null || right === undefined ? 0 : 1;
      if (right === null || right === undefined) return -1;
      return direction * (left - right);
    });
  }, [rows, sort]);

  if (report.isPending) {
    return (
      <Stack gap={6}>
        {[1, 2, 3, 4, 5, 6].map((row) => (
          <Skeleton key={row} h={28} radius="sm" />
        ))}
      </Stack>
    );
  }
  if (rows.length === 0) return <WidgetMessage>{t('widget.noData')}</WidgetMessage>;

  const header = (key: SortKey, label: string, numeric: boolean) => {
    const active = sort.key === key;
    const Icon = !active ? IconSelector : sort.descending ? IconArrowDown : IconArrowUp;
    return (
      <Table.Th
        key={key}
        className={numeric ? classes.numeric : classes.text}
        aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      >
        <UnstyledButton
          className={classes.sort}
          onClick={() => setSort({ key, descending: active ? !sort.descending : numeric })}
          data-testid={`sort-${key}`}
        >
          <span>{label}</span>
          <Icon size={12} />
        </UnstyledButton>
      </Table.Th>
    );
  };

  const cells = (row: Row) =>
    metrics.map((metric) => {
      const definition = env.definitions.metrics[metric];
      return (
        <Table.Td key={metric} className={classes.numeric}>
          <UnstyledButton
            className={classes.cell}
            onClick={() => env.openDrilldown({ metric, scope: row.scope, period })}
            data-testid={`cell-${row.scope}-${metric}`}
          >
            {format.value(row.values[metric], definition.unit, definition.unit === 'money')}
          </UnstyledButton>
        </Table.Td>
      );
    });

  return (
    <Box className={classes.scroller} tabIndex={0} aria-label={t('widget.type.team_table')}>
      <Table className={classes.table} stickyHeader verticalSpacing={6} horizontalSpacing="sm" fz="sm">
        <Table.Thead>
          <Table.Tr>
            {header('name', t('table.rep'), false)}
            {header('team', t('table.team'), false)}
            {metrics.map((metric) => header(metric, l(env.definitions.metrics[metric].label), true))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((row) => (
            <Table.Tr key={row.scope}>
              <Table.Td className={classes.sticky}>
                <Text fz="sm" fw={500} truncate="end">
                  {row.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text fz="sm" c="dimmed" truncate="end">
                  {row.team ?? '—'}
                </Text>
              </Table.Td>
              {cells(row)}
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot className={classes.foot}>
          {totals.map((row) => (
            <Table.Tr key={row.scope} data-org={row.scope === 'org' || undefined}>
              <Table.Td className={classes.sticky} colSpan={2}>
                <Text fz="sm" fw={650} truncate="end">
                  {row.scope === 'org' ? row.name : t('table.teamTotal', { team: row.name })}
                </Text>
              </Table.Td>
              {cells(row)}
            </Table.Tr>
          ))}
        </Table.Tfoot>
      </Table>
    </Box>
  );
}
