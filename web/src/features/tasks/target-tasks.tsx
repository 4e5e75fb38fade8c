import { ActionIcon, Group, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { taskCreateSchema } from '../../../../src/core/contracts/goals.ts';
import type { GoalTarget, Task } from '../../api/types.ts';
import { useCreateTask } from '../../api/use-tasks.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useContractForm } from '../../ui/form/use-contract-form.ts';
import { NameText } from '../../ui/name-text.tsx';
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
  const { values, field, errorOf, formError, onSubmit, reset } = useContractForm({
    schema: taskCreateSchema,
    initialValues: { title: '' },
    toBody: (current) => ({
      title: current.title.trim(),
      type: 'todo' as const,
      status: 'open' as const,
      target_id: target.id,
    }),
    error: create.error,
  });
  const add = onSubmit((body) => create.mutate(body, { onSuccess: () => reset({ title: '' }) }));

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
                <NameText>{task.title}</NameText>
              </Text>
              <Text fz="xs" c="dimmed" className={classes.who} truncate="end">
                {task.assignee_rep_id ? (
                  <NameText>{task.assignee_name ?? task.assignee_rep_id}</NameText>
                ) : (
                  ''
                )}
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
        <form onSubmit={add}>
          <Group gap={4} wrap="nowrap" mt={4}>
            <TextInput
              size="xs"
              flex={1}
              {...field('title')}
              // One input: a refusal of anything is shown on it.
              error={errorOf('title') ?? formError}
              placeholder={t('target.addTask')}
              aria-label={t('target.addTask')}
              maxLength={500}
              data-testid={`quick-task-${target.id}`}
            />
            <ActionIcon
              type="submit"
              variant="light"
              size="md"
              loading={create.isPending}
              disabled={!values.title.trim()}
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
