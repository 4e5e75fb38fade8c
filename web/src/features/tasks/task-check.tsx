import { Checkbox } from '@mantine/core';
import type { Task } from '../../api/types.ts';
import { useUpdateTask } from '../../api/use-tasks.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** Ticks a task done (or open again); the list shows it at once, the goal moves with the refresh. */
export function TaskCheck({ task, size = 'sm' }: { task: Task; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useI18n();
  const update = useUpdateTask();
  return (
    <Checkbox
      size={size}
      radius="xl"
      color="teal"
      checked={task.status === 'done'}
      onChange={(event) =>
        update.mutate({ id: task.id, status: event.currentTarget.checked ? 'done' : 'open' })
      }
      aria-label={t(task.status === 'done' ? 'tasks.markOpen' : 'tasks.markDone', { title: task.title })}
      data-testid={`task-check-${task.id}`}
    />
  );
}
