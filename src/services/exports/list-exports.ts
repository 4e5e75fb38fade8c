import type { GoalTarget } from '../../core/contracts/goals.ts';
import { exportLabel } from '../../core/exports/export-labels.ts';
import type { ColumnKind, ExportColumn, ExportRow, ExportTable } from '../../core/exports/export-table.ts';
import { isoToLocal, localWallTime } from '../../core/exports/local-time.ts';
import type { Locale } from '../../core/kpis/definitions.ts';
import { listImports } from '../../db/imports-repo.ts';
import { listGoals } from '../goals/goals-service.ts';
import { listTasks } from '../goals/tasks-service.ts';
import { baseNotes, type ExportContext } from './export-context.ts';

const col = (key: string, label: string, kind: ColumnKind): ExportColumn => ({ key, label, kind });
const about = (lang: Locale): string => (lang === 'id' ? 'Tentang' : 'About');

/** A target's values in its unit: money in major units, rates as fractions, true/false as 1/0. */
const TARGET_KINDS: Readonly<Record<string, ColumnKind>> = {
  money: 'money',
  count: 'integer',
  ratio: 'percent',
  days: 'days',
  number: 'number',
  reps: 'number',
  boolean: 'integer',
};

/** The most rows of a list export (tasks, imports): the lists' own largest page. */
const LIST_LIMIT = 5000;

/**
 * Goals with their targets: one row per target (a goal without targets has one row of its own),
 * each with its target, current value, progress, pacing and status — what GET /goals returns for
 * the exporter, so only the goals they may see.
 */
export async function goalsExportTable(context: ExportContext, today?: number): Promise<ExportTable> {
  const { lang, store, org } = context;
  const list = await listGoals(store, org, {}, { today, as: context.principal });
  const label = (key: Parameters<typeof exportLabel>[0]) => exportLabel(key, lang);
  const columns: ExportColumn[] = [
    col('goal_id', label('goalId'), 'integer'),
    col('goal', label('goal'), 'text'),
    col('folder', label('folder'), 'text'),
    col('owner', label('owner'), 'text'),
    col('goal_progress', `${label('goal')}: ${label('progress')}`, 'percent'),
    col('goal_status', `${label('goal')}: ${label('status')}`, 'text'),
    col('target_id', label('targetId'), 'integer'),
    col('target', label('target'), 'text'),
    col('kind', label('kind'), 'text'),
    col('metric', label('metric'), 'text'),
    col('scope', label('scope'), 'text'),
    col('from', label('from'), 'date'),
    col('to', label('to'), 'date'),
    col('unit', label('unit'), 'text'),
    col('direction', label('direction'), 'text'),
    col('target_value', label('targetValue'), 'number'),
    col('current_value', label('currentValue'), 'number'),
    col('remaining', label('remaining'), 'number'),
    col('needed_per_day', label('neededPerDay'), 'number'),
    col('progress', label('progress'), 'percent'),
    col('expected', label('expected'), 'percent'),
    col('days_left', label('daysLeft'), 'integer'),
    col('status', label('status'), 'text'),
  ];
  const rows: ExportRow[] = [];
  const cellKinds: Partial<Record<string, ColumnKind>>[] = [];
  for (const goal of list.goals) {
    const goalCells: ExportRow = {
      goal_id: goal.id,
      goal: goal.name,
      folder: goal.folder_name,
      owner: goal.owner_name ?? goal.owner_rep_id,
      goal_progress: goal.progress,
      goal_status: goal.status,
    };
    const targets: (GoalTarget | null)[] = goal.targets.length > 0 ? goal.targets : [null];
    for (const target of targets) {
      if (target === null) {
        rows.push({ ...goalCells, from: goal.start_date, to: goal.due_date });
        cellKinds.push({});
        continue;
      }
      const kind = TARGET_KINDS[target.unit] ?? 'number';
      rows.push({
        ...goalCells,
        target_id: target.id,
        target: target.name,
        kind: target.kind,
        metric: target.metric,
        scope: target.scope,
        from: target.from,
        to: target.to,
        unit: target.unit === 'money' ? list.currency : target.unit,
        direction: target.direction,
        target_value: target.target_value,
        current_value: target.current_value,
        remaining: target.pacing.remaining,
        needed_per_day: target.pacing.needed_per_day,
        progress: target.progress,
        expected: target.pacing.expected,
        days_left: target.pacing.days_left,
        status: target.status,
      });
      cellKinds.push({ target_value: kind, current_value: kind, remaining: kind, needed_per_day: kind });
    }
  }
  return {
    title: label('goalsTitle'),
    columns,
    rows,
    cellKinds,
    currency: list.currency,
    notes: [`${label('pacingAsOf')}: ${list.today}`, ...baseNotes(context)],
    aboutSheet: about(lang),
  };
}

/** Tasks as GET /tasks lists them for the exporter (open first, then by due date). */
export async function tasksExportTable(context: ExportContext, today?: number): Promise<ExportTable> {
  const { lang, store, org } = context;
  const list = await listTasks(store, org, { limit: LIST_LIMIT }, { today, as: context.principal });
  const label = (key: Parameters<typeof exportLabel>[0]) => exportLabel(key, lang);
  const columns: ExportColumn[] = [
    col('id', label('taskId'), 'integer'),
    col('title', label('title'), 'text'),
    col('type', label('type'), 'text'),
    col('status', label('status'), 'text'),
    col('assignee', label('assignee'), 'text'),
    col('assignee_rep_id', label('repId'), 'text'),
    col('due_date', label('due'), 'date'),
    col('overdue', label('overdue'), 'boolean'),
    col('completed_at', label('completedAt'), 'datetime'),
    col('deal', label('deal'), 'text'),
    col('account', label('account'), 'text'),
    col('goal_id', label('goalId'), 'integer'),
    col('target_id', label('targetId'), 'integer'),
    col('created_at', label('createdAt'), 'datetime'),
  ];
  const rows: ExportRow[] = list.tasks.map((task) => ({
    id: task.id,
    title: task.title,
    type: task.type,
    status: task.status,
    assignee: task.assignee_name,
    assignee_rep_id: task.assignee_rep_id,
    due_date: task.due_date,
    overdue: task.overdue,
    completed_at: isoToLocal(task.completed_at, org.timezone),
    deal: task.deal_name ?? task.deal_id,
    account: task.account_name ?? task.account_id,
    goal_id: task.goal_id,
    target_id: task.target_id,
    created_at: isoToLocal(task.created_at, org.timezone),
  }));
  return {
    title: label('tasksTitle'),
    columns,
    rows,
    currency: org.currency,
    notes: [
      `${label('rows')}: ${rows.length} / ${list.total}`,
      ...baseNotes(context),
      `${label('timeZone')} ${org.timezone}`,
    ],
    aboutSheet: about(lang),
  };
}

/** The import history, newest first (admins only: the route and command check it). */
export async function importsExportTable(context: ExportContext): Promise<ExportTable> {
  const { lang, store, org } = context;
  const imports = await listImports(store.db, org.id, LIST_LIMIT);
  const label = (key: Parameters<typeof exportLabel>[0]) => exportLabel(key, lang);
  const columns: ExportColumn[] = [
    col('id', label('importId'), 'integer'),
    col('source', label('source'), 'text'),
    col('status', label('status'), 'text'),
    col('started_at', label('startedAt'), 'datetime'),
    col('finished_at', label('finishedAt'), 'datetime'),
    col('files', label('files'), 'text'),
    col('inserted', label('inserted'), 'integer'),
    col('updated', label('updated'), 'integer'),
    col('unchanged', label('unchanged'), 'integer'),
    col('removed', label('removed'), 'integer'),
    col('errors', label('errors'), 'integer'),
    col('warnings', label('warnings'), 'integer'),
    col('changed', label('changed'), 'boolean'),
  ];
  const sum = (
    files: { inserted: number; updated: number; unchanged: number; removed?: number }[],
    key: 'inserted' | 'updated' | 'unchanged' | 'removed',
  ) => files.reduce((total, file) => total + (file[key] ?? 0), 0);
  const rows: ExportRow[] = imports.map((entry) => ({
    id: entry.id,
    source: entry.source,
    status: entry.status,
    started_at: localWallTime(entry.startedAt, org.timezone),
    finished_at: entry.finishedAt === null ? null : localWallTime(entry.finishedAt, org.timezone),
    files: entry.fileNames.join(', '),
    inserted: sum(entry.files, 'inserted'),
    updated: sum(entry.files, 'updated'),
    unchanged: sum(entry.files, 'unchanged'),
    removed: sum(entry.files, 'removed'),
    errors: entry.errorCount,
    warnings: entry.warnings.length,
    changed: entry.changed,
  }));
  return {
    title: label('importsTitle'),
    columns,
    rows,
    currency: org.currency,
    notes: [...baseNotes(context), `${label('timeZone')} ${org.timezone}`],
    aboutSheet: about(lang),
  };
}
