import { Box, Skeleton, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { MetricKey, ReportScope, TaskStats, Widget } from '../api/types.ts';
import { useKpis } from '../api/use-kpis.ts';
import { useTaskStats } from '../api/use-task-stats.ts';
import { onLinkClick } from '../app/router.ts';
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

type TaskColumn = 'tasks_completed' | 'tasks_overdue';
type SortKey = 'name' | 'team' | MetricKey | TaskColumn;
const TASK_COLUMNS: readonly TaskColumn[] = ['tasks_completed', 'tasks_overdue'];

interface Row {
  scope: string;
  name: string;
  team: string | null;
  values: ReportScope;
  /** From GET /tasks/stats: tasks completed in the period and open tasks overdue today. */
  tasks: { tasks_completed: number; tasks_overdue: number } | null;
}

/** Task counts of some reps, summed (a count of tasks, not a KPI: totals are plain sums). */
function taskCounts(stats: TaskStats | undefined, ids: readonly string[]): Row['tasks'] {
  if (!stats) return null;
  let completed = 0;
  let overdue = 0;
  for (const id of ids) {
    completed += stats[id]?.completed ?? 0;
    overdue += stats[id]?.overdue ?? 0;
  }
  return { tasks_completed: completed, tasks_overdue: overdue };
}

/**
 * Every rep of the scope × their KPIs, then their tasks completed in the period and overdue today.
 * The KPI total rows are the report's own team and organisation scopes (Σ numerator / Σ denominator,
 * computed by the engine), never sums or averages of the rows; task counts total as plain sums.
 */
export function TeamTable({ widget }: { widget: Widget }) {
  const { t, l } = useI18n();
  const format = useFormat();
  const { period, scope, env } = useWidgetView(widget);
  const metrics = (widget.config.metrics?.length ? widget.config.metrics : DEFAULT_TABLE_METRICS).filter(
    (metric) => env.definitions.metrics[metric],
  );
  const report = useKpis(period);
  const stats = useTaskStats(period).data;
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
      .map(([id, values]) => ({
        scope: `rep:${id}`,
        name: repName(env.reps, id),
        team: teamOf(id),
        values,
        tasks: taskCounts(stats, [id]),
      }));
    const teamNames = teamFilter ? [teamFilter] : repFilter ? [] : Object.keys(data.teams).sort();
    const totals: Row[] = teamNames.flatMap((team) => {
      const values = data.teams[team];
      const members = env.reps.filter((rep) => rep.team === team).map((rep) => rep.id);
      return values
        ? [{ scope: `team:${team}`, name: team, team, values, tasks: taskCounts(stats, members) }]
        : [];
    });
    if (!teamFilter && !repFilter)
      totals.push({
        scope: 'org',
        name: t('table.orgTotal'),
        team: null,
        values: data.org,
        tasks: taskCounts(stats, Object.keys(stats ?? {})),
      });
    return { rows, totals };
  }, [report.data, stats, scope, env.reps, t]);

  const sorted = useMemo(() => {
    const direction = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => {
      if (sort.key === 'name' || sort.key === 'team') {
        return direction * (a[sort.key] ?? '').localeCompare(b[sort.key] ?? '');
      }
      const key = sort.key;
      const pick = (row: Row) =>
        key === 'tasks_completed' || key === 'tasks_overdue' ? (row.tasks?.[key] ?? null) : row.values[key];
      const left = pick(a);
      const right = pick(b);
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

  /** Task counts link to the tasks behind them (a rep's done or overdue tasks). */
  const taskCells = (row: Row) =>
    TASK_COLUMNS.map((column) => {
      const count = row.tasks?.[column];
      const rep = row.scope.startsWith('rep:') ? row.scope.slice(4) : null;
      const to =
        rep === null
          ? null
          : column === 'tasks_completed'
            ? `/tasks?assignee=${encodeURIComponent(rep)}&status=done`
            : `/tasks?assignee=${encodeURIComponent(rep)}&due=overdue`;
      const text = count === undefined ? '—' : format.number(count);
      return (
        <Table.Td
          key={column}
          className={classes.numeric}
          data-status={column === 'tasks_overdue' && count ? 'overdue' : undefined}
        >
          {to ? (
            <a
              href={to}
              className={`${classes.cell} ${classes.taskCell}`}
              onClick={(event) => onLinkClick(event, to)}
              data-testid={`cell-${row.scope}-${column}`}
            >
              {text}
            </a>
          ) : (
            <span className={classes.cell} data-testid={`cell-${row.scope}-${column}`}>
              {text}
            </span>
          )}
        </Table.Td>
      );
    });

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
            {header('tasks_completed', t('table.tasksCompleted'), true)}
            {header('tasks_overdue', t('table.tasksOverdue'), true)}
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
              {taskCells(row)}
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
              {taskCells(row)}
            </Table.Tr>
          ))}
        </Table.Tfoot>
      </Table>
    </Box>
  );
}
