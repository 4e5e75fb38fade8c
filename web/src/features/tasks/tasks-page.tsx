import {
  Box,
  Button,
  EmptyState,
  Group,
  Pagination,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { useCallback, useMemo, useState } from 'react';
import type { Task } from '../../api/types.ts';
import { useGoals } from '../../api/use-goals.ts';
import { useOrg } from '../../api/use-org.ts';
import { useReps } from '../../api/use-reps.ts';
import { useDeleteTask, useTasks } from '../../api/use-tasks.ts';
import { useRoute, useSetSearch } from '../../app/router.ts';
import { useCan } from '../../app/use-can.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { repOptions } from '../goals/share-options.ts';
import { targetIndex } from './target-options.ts';
import { readTaskView, taskQuery } from './task-filters.ts';
import { TaskForm } from './task-form.tsx';
import { TaskRow } from './task-row.tsx';
import { TASK_TYPES, TaskTypeIcon } from './task-type.tsx';
import classes from './tasks-page.module.css';

const PAGE_SIZE = 50;

type Dialog = { kind: 'edit'; task: Task | null } | { kind: 'delete'; task: Task } | null;

/**
 * A light task list for sales work: filter by who, status, when and kind; tick tasks done; create
 * and edit them. Open tasks first, then by due date, as the API orders them.
 */
export default function TasksPage() {
  const { t } = useI18n();
  const { search } = useRoute();
  const setSearch = useSetSearch();
  const view = readTaskView(search);
  const org = useOrg();
  const reps = useReps().data ?? [];
  const goals = useGoals('all');
  const today = org.data?.today ?? '';
  const tasks = useTasks(taskQuery(view, today, PAGE_SIZE), Boolean(today));
  const remove = useDeleteTask();
  const [dialog, setDialog] = useState<Dialog>(null);
  const can = useCan();
  const targets = useMemo(() => targetIndex(goals.data?.goals ?? []), [goals.data]);

  // With a type filter the API answered everything: filter and page here.
  const all = tasks.data?.tasks ?? [];
  const matching = view.type ? all.filter((task) => task.type === view.type) : all;
  const total = view.type ? matching.length : (tasks.data?.total ?? 0);
  const shown = view.type ? matching.slice((view.page - 1) * PAGE_SIZE, view.page * PAGE_SIZE) : matching;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const setView = (changes: Record<string, string | null>) => setSearch({ ...changes, page: null });
  const edit = useCallback((task: Task) => setDialog({ kind: 'edit', task }), []);
  const askDelete = useCallback((task: Task) => setDialog({ kind: 'delete', task }), []);

  return (
    <Box className={classes.page}>
      <Stack gap="lg">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <div>
            <Title order={1}>{t('tasks.title')}</Title>
            <Text c="dimmed" fz="sm" mt={2}>
              {t('tasks.subtitle')}
            </Text>
          </div>
          {can.edit && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setDialog({ kind: 'edit', task: null })}
              data-testid="task-create"
            >
              {t('tasks.new')}
            </Button>
          )}
        </Group>

        <div className={classes.filters}>
          <Select
            aria-label={t('tasks.assignee')}
            placeholder={t('tasks.everyone')}
            data={repOptions(reps)}
            value={view.assignee}
            onChange={(value) => setView({ assignee: value })}
            searchable
            clearable
            w={{ base: '100%', xs: 220 }}
            nothingFoundMessage={t('common.nothingFound')}
            data-testid="task-filter-assignee"
          />
          <SegmentedControl
            value={view.status}
            onChange={(value) => setView({ status: value === 'open' ? null : value })}
            data={[
              { value: 'open', label: t('tasks.status.open') },
              { value: 'done', label: t('tasks.status.done') },
              { value: 'all', label: t('tasks.status.all') },
            ]}
            data-testid="task-filter-status"
          />
          <SegmentedControl
            value={view.due}
            onChange={(value) => setView({ due: value === 'any' ? null : value })}
            data={[
              { value: 'any', label: t('tasks.due.any') },
              { value: 'overdue', label: t('tasks.due.overdue') },
              { value: 'today', label: t('tasks.due.today') },
              { value: 'week', label: t('tasks.due.week') },
            ]}
            data-testid="task-filter-due"
          />
          <Select
            aria-label={t('tasks.type')}
            placeholder={t('tasks.anyType')}
            data={TASK_TYPES.map((type) => ({ value: type, label: t(`tasks.types.${type}`) }))}
            value={view.type}
            onChange={(value) => setView({ type: value })}
            clearable
            w={{ base: '100%', xs: 160 }}
            leftSection={view.type ? <TaskTypeIcon type={view.type} /> : undefined}
            data-testid="task-filter-type"
          />
        </div>

        {tasks.isPending ? (
          <Stack gap={6}>
            {[1, 2, 3, 4, 5].map((row) => (
              <Skeleton key={row} h={56} radius="md" />
            ))}
          </Stack>
        ) : tasks.isError ? (
          <Text c="red" fz="sm">
            {tasks.error.message}
          </Text>
        ) : shown.length === 0 ? (
          <Paper withBorder p="xl" bg="var(--udn-surface)" data-testid="tasks-empty">
            <EmptyState
              icon={<IconChecklist size={28} />}
              variant="light"
              title={t('tasks.emptyTitle')}
              description={t('tasks.empty')}
            />
          </Paper>
        ) : (
          <Stack gap="xs">
            <Text fz="xs" c="dimmed" className="udn-num" data-testid="task-count">
              {total > PAGE_SIZE
                ? t('goals.showingRange', {
                    from: (view.page - 1) * PAGE_SIZE + 1,
                    to: Math.min(total, view.page * PAGE_SIZE),
                    total,
                  })
                : t('tasks.count', { count: total })}
            </Text>
            <ul className={classes.list} data-testid="task-list">
              {shown.map((task) => (
                <TaskRow
                  key={task.id}
                  task={task}
                  target={task.target_id === null ? undefined : targets.get(task.target_id)}
                  onEdit={edit}
                  onDelete={askDelete}
                />
              ))}
            </ul>
            {pages > 1 && (
              <Group justify="center" mt="sm">
                <Pagination
                  total={pages}
                  value={Math.min(view.page, pages)}
                  onChange={(page) => setSearch({ page: page === 1 ? null : String(page) })}
                  getControlProps={(control) => ({ 'aria-label': t(`pagination.${control}`) })}
                />
              </Group>
            )}
          </Stack>
        )}
      </Stack>

      {dialog?.kind === 'edit' && (
        <TaskForm task={dialog.task} defaults={{ assignee: view.assignee }} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={t('tasks.deleteTitle')}
          confirmLabel={t('tasks.delete')}
          busy={remove.isPending}
          error={remove.error?.message}
          onClose={() => setDialog(null)}
          onConfirm={() => remove.mutate(dialog.task.id, { onSuccess: () => setDialog(null) })}
        >
          {t('tasks.deleteConfirm', { title: dialog.task.title })}
        </ConfirmDialog>
      )}
    </Box>
  );
}
