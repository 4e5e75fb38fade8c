import { ActionIcon, Group, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { fieldErrorOf } from '../../api/field-error.ts';
import type { GoalTarget, Task } from '../../api/types.ts';
import { useCreateTask } from '../../api/use-tasks.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useFormat } from '../../ui/use-format.ts';
import classes from './target-tasks.module.css';
import { TaskCheck } from './task-check.tsx';
import { TaskTypeIcon } from './task-type.tsx';

/** The tasks linked to a target, ticked in place; a tasks target can take a new one inline. */
export function TargetTasks({
  target,
  tasks,
  allowAdd,
}: {
  target: GoalTarget;
  tasks: Task[];
  allowAdd: boolean;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const create = useCreateTask();
  const [title, setTitle] = useState('');
  const error = fieldErrorOf(create.error);

  const add = () => {
    if (!title.trim()) return;
    create.mutate(
      { title: title.trim(), type: 'todo', status: 'open', target_id: target.id },
      { onSuccess: () => setTitle('') },
    );
  };

  return (
    <div className={classes.box}>
      {tasks.length === 0 && (
        <Text fz="xs" c="dimmed" px={4}>
          {t('target.noTasks')}
        </Text>
      )}
      {tasks.length > 0 && (
        <ul className={classes.list}>
          {tasks.map((task) => (
            <li key={task.id} className={classes.item} data-done={task.status === 'done' || undefined}>
              <TaskCheck task={task} size="xs" />
              <span className={classes.type}>
                <TaskTypeIcon type={task.type} size={14} />
              </span>
              <Text fz="xs" className={classes.title} truncate="end">
                {task.title}
              </Text>
              <Text fz="xs" c="dimmed" className={classes.who} truncate="end">
                {task.assignee_rep_id ? (task.assignee_name ?? task.assignee_rep_id) : ''}
              </Text>
              <Text
                fz="xs"
                className={`${classes.due} udn-num`}
                data-status={task.overdue ? 'overdue' : undefined}
              >
                {task.due_date ? format.day(task.due_date, 'short') : ''}
              </Text>
            </li>
          ))}
        </ul>
      )}
      {allowAdd && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            add();
          }}
        >
          <Group gap={4} wrap="nowrap" mt={4}>
            <TextInput
              size="xs"
              flex={1}
              value={title}
              onChange={(event) => setTitle(event.currentTarget.value)}
              placeholder={t('target.addTask')}
              aria-label={t('target.addTask')}
              maxLength={500}
              error={error?.message}
              data-testid={`quick-task-${target.id}`}
            />
            <ActionIcon
              type="submit"
              variant="light"
              size="md"
              loading={create.isPending}
              disabled={!title.trim()}
              aria-label={t('target.addTask')}
              data-testid={`quick-task-add-${target.id}`}
            >
              <IconPlus size={16} />
            </ActionIcon>
          </Group>
        </form>
      )}
    </div>
  );
}
