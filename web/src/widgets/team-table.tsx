import {
  Box,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import {
  formatScope,
  ORG_SCOPE,
  parseScope,
  type Scope,
  scopeSlice,
  teamMembers,
} from '../../../src/core/scope.ts';
import type { MetricKey, ReportScope, TaskStats, Widget } from '../api/types.ts';
import { useTaskStats } from '../api/use-task-stats.ts';
import { onLinkClick } from '../app/router.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { NameText } from '../ui/name-text.tsx';
import { useFormat } from '../ui/use-format.ts';
import { changeBetween } from './change.ts';
import { useChangeText } from './change-text.tsx';
import { ColumnChooser } from './column-chooser.tsx';
import { teamExportUrl } from './export-links.ts';
import { TableExportMenu } from './export-menu.tsx';
import { isPerRep, tableColumns } from './table-columns.ts';
import classes from './team-table.module.css';
import { useReportWithPrevious } from './use-report.ts';
import { repName, useWidgetView } from './widget-env.tsx';
import { WidgetMessage } from './widget-message.tsx';

type TaskColumn = 'tasks_completed' | 'tasks_overdue';
type SortKey = 'name' | 'team' | MetricKey | TaskColumn;
const TASK_COLUMNS: readonly TaskColumn[] = ['tasks_completed', 'tasks_overdue'];

interface Row {
  scope: Scope;
  /** The scope's text: the row's key, test id and drill-down scope. */
  key: string;
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
  const { t, l, locale } = useI18n();
  const format = useFormat();
  const { period, scope, env } = useWidgetView(widget);
  const { metrics, extras } = tableColumns(widget.config, env.definitions.metrics);
  const showTeam = extras.includes('team');
  const taskColumns = TASK_COLUMNS.filter((column) => extras.includes(column));
  const perRep = (metric: MetricKey) => isPerRep(metric, env.definitions.metrics);
  const { current: report, previous, comparison } = useReportWithPrevious(period, env.compare);
  const changeText = useChangeText();
  // The compared report only once it is the one for the chosen range (not the last one kept on screen).
  const compared = previous && !previous.isPlaceholderData ? previous.data : undefined;
  const stats = useTaskStats(period).data;
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: metrics[0] ?? 'name',
    descending: true,
  });

  const { rows, totals } = useMemo(() => {
    const data = report.data;
    if (!data) return { rows: [] as Row[], totals: [] as Row[] };
    const parsed = parseScope(scope);
    const teamFilter = parsed.ok && parsed.scope.kind === 'team' ? parsed.scope.name : null;
    const repFilter = parsed.ok && parsed.scope.kind === 'rep' ? parsed.scope.id : null;
    const row = (of: Scope, fields: Omit<Row, 'scope' | 'key'>): Row => ({
      scope: of,
      key: formatScope(of),
      ...fields,
    });
    const teamOf = (id: string) => env.reps.find((rep) => rep.id === id)?.team ?? null;
    const rows: Row[] = Object.entries(data.reps)
      .filter(([id]) => (repFilter ? id === repFilter : teamFilter === null || teamOf(id) === teamFilter))
      .map(([id, values]) =>
        row(
          { kind: 'rep', id },
          { name: repName(env.reps, id), team: teamOf(id), values, tasks: taskCounts(stats, [id]) },
        ),
      );
    const teamNames = teamFilter ? [teamFilter] : repFilter ? [] : Object.keys(data.teams).sort();
    const totals: Row[] = teamNames.flatMap((team) => {
      const of: Scope = { kind: 'team', name: team };
      const values = scopeSlice(data, of);
      const members = teamMembers(env.reps, team).map((rep) => rep.id);
      return values ? [row(of, { name: team, team, values, tasks: taskCounts(stats, members) })] : [];
    });
    if (!teamFilter && !repFilter)
      totals.push(
        row(ORG_SCOPE, {
          name: t('table.orgTotal'),
          team: null,
          values: data.org,
          tasks: taskCounts(stats, Object.keys(stats ?? {})),
        }),
      );
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

  /** A header cell: its label on up to three lines, the full name in a tooltip, sorting on click. */
  const header = (key: SortKey, label: string, numeric: boolean, hint?: string) => {
    const active = sort.key === key;
    const Icon = !active ? IconSelector : sort.descending ? IconArrowDown : IconArrowUp;
    // A per-rep KPI is blank on rep rows: sorting reps by it would order nothing.
    const sortable = !(typeof key === 'string' && key in env.definitions.metrics && perRep(key as MetricKey));
    const text = (
      <span className={classes.headLabel} data-testid={`head-${key}`}>
        {label}
      </span>
    );
    return (
      <Table.Th
        key={key}
        className={`${classes.head} ${numeric ? classes.numeric : classes.text}`}
        aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : sortable ? 'none' : undefined}
      >
        <Tooltip label={hint ?? label} multiline maw={280} openDelay={300}>
          {sortable ? (
            <UnstyledButton
              className={classes.sort}
              onClick={() => setSort({ key, descending: active ? !sort.descending : numeric })}
              data-testid={`sort-${key}`}
            >
              {text}
              <Icon size={12} className={classes.sortIcon} />
            </UnstyledButton>
          ) : (
            <span className={classes.sort}>
              {text}
              <VisuallyHidden>{t('table.perRepOnly')}</VisuallyHidden>
            </span>
          )}
        </Tooltip>
      </Table.Th>
    );
  };

  /** Task counts link to the tasks behind them (a rep's done or overdue tasks). */
  const taskCells = (row: Row) =>
    taskColumns.map((column) => {
      const count = row.tasks?.[column];
      const rep = row.scope.kind === 'rep' ? row.scope.id : null;
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
              data-testid={`cell-${row.key}-${column}`}
            >
              {text}
            </a>
          ) : (
            <span className={classes.cell} data-testid={`cell-${row.key}-${column}`}>
              {text}
            </span>
          )}
        </Table.Td>
      );
    });

  const cells = (row: Row) =>
    metrics.map((metric) => {
      const definition = env.definitions.metrics[metric];
      if (row.scope.kind === 'rep' && perRep(metric)) {
        return (
          <Table.Td key={metric} className={classes.numeric} data-testid={`cell-${row.key}-${metric}`} />
        );
      }
      const before = compared ? scopeSlice(compared, row.scope)?.[metric] : undefined;
      const change =
        before === undefined
          ? null
          : changeBetween(row.values[metric], before, definition.unit, definition.direction);
      const beforeText =
        before === undefined ? null : format.value(before, definition.unit, definition.unit === 'money');
      return (
        <Table.Td key={metric} className={classes.numeric}>
          <UnstyledButton
            className={classes.cell}
            onClick={() => env.openDrilldown({ metric, scope: row.key, period })}
            data-testid={`cell-${row.key}-${metric}`}
            title={
              beforeText !== null && comparison.label
                ? t('kpi.comparedValue', { range: comparison.label, value: beforeText })
                : undefined
            }
          >
            {format.value(row.values[metric], definition.unit, definition.unit === 'money')}
          </UnstyledButton>
          {/* Beside the value, not in it: the cell's text stays the value the API reported. */}
          {comparison.comparing && before !== undefined && (
            <span
              className={classes.change}
              data-tone={change?.tone}
              data-testid={`change-${row.key}-${metric}`}
              title={
                beforeText !== null && comparison.label
                  ? t('kpi.comparedValue', { range: comparison.label, value: beforeText })
                  : undefined
              }
            >
              {change ? changeText(change) : '—'}
            </span>
          )}
        </Table.Td>
      );
    });

  return (
    <Box
      className={classes.scroller}
      tabIndex={0}
      aria-label={t('widget.type.team_table')}
      data-testid={`team-table-${widget.id}`}
    >
      <Table className={classes.table} stickyHeader verticalSpacing={6} horizontalSpacing="sm" fz="sm">
        <Table.Thead className={classes.thead}>
          <Table.Tr>
            <Table.Th
              className={`${classes.head} ${classes.text} ${classes.sticky}`}
              aria-sort={sort.key === 'name' ? (sort.descending ? 'descending' : 'ascending') : 'none'}
            >
              <Group gap={4} wrap="nowrap">
                <UnstyledButton
                  className={classes.sort}
                  onClick={() =>
                    setSort({ key: 'name', descending: sort.key === 'name' ? !sort.descending : false })
                  }
                  data-testid="sort-name"
                >
                  <span className={classes.headLabel}>{t('table.rep')}</span>
                  {sort.key !== 'name' ? (
                    <IconSelector size={12} className={classes.sortIcon} />
                  ) : sort.descending ? (
                    <IconArrowDown size={12} className={classes.sortIcon} />
                  ) : (
                    <IconArrowUp size={12} className={classes.sortIcon} />
                  )}
                </UnstyledButton>
                <ColumnChooser widget={widget} />
                <TableExportMenu
                  testId={`export-team-${widget.id}`}
                  urls={{
                    csv: teamExportUrl(period, scope, metrics, 'csv', locale),
                    xlsx: teamExportUrl(period, scope, metrics, 'xlsx', locale),
                  }}
                />
              </Group>
            </Table.Th>
            {showTeam && header('team', t('table.team'), false)}
            {metrics.map((metric) => {
              const label = l(env.definitions.metrics[metric].label);
              return header(
                metric,
                label,
                true,
                perRep(metric) ? t('table.perRepHeader', { name: label }) : label,
              );
            })}
            {taskColumns.map((column) =>
              header(
                column,
                t(column === 'tasks_completed' ? 'table.tasksCompleted' : 'table.tasksOverdue'),
                true,
              ),
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((row) => (
            <Table.Tr key={row.key}>
              <Table.Td className={classes.sticky}>
                <Text fz="sm" fw={500} truncate="end" title={row.name}>
                  <NameText>{row.name}</NameText>
                </Text>
              </Table.Td>
              {showTeam && (
                <Table.Td>
                  <Text fz="sm" c="dimmed" truncate="end">
                    {row.team ?? '—'}
                  </Text>
                </Table.Td>
              )}
              {cells(row)}
              {taskCells(row)}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {/* Team and organisation totals stay in view at the bottom while the reps scroll. */}
        <Table.Tfoot className={classes.foot} data-testid="team-table-totals">
          {totals.map((row) => (
            <Table.Tr key={row.key} data-org={row.scope.kind === 'org' || undefined}>
              <Table.Td className={classes.sticky} colSpan={showTeam ? 2 : 1}>
                <Text fz="sm" fw={650} truncate="end">
                  {row.scope.kind === 'org' ? row.name : t('table.teamTotal', { team: row.name })}
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
