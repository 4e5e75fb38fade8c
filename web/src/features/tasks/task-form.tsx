import {
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { fieldErrorOf, messageFor } from '../../api/field-error.ts';
import type { Task, TaskType } from '../../api/types.ts';
import { useGoals } from '../../api/use-goals.ts';
import { useReps } from '../../api/use-reps.ts';
import { useCreateTask, useUpdateTask } from '../../api/use-tasks.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { repOptions } from '../goals/share-options.ts';
import { type PickedRecord, RecordPicker } from './record-picker.tsx';
import { targetOptions } from './target-options.ts';
import { TASK_TYPES, TaskTypeIcon } from './task-type.tsx';
import classes from './tasks-page.module.css';

interface TaskValues {
  title: string;
  type: TaskType;
  assignee: string | null;
  due: string;
  done: boolean;
  target: string | null;
  deal: PickedRecord | null;
  account: PickedRecord | null;
}

/** A linked record as the form shows it: its name, or its id when it has none. */
const picked = (id: string | null | undefined, name: string | null | undefined): PickedRecord | null =>
  id ? { id, name: name ?? id } : null;

/**
 * Create or edit a task: what, which kind, who, by when, and what it is for — a goal target, a deal
 * or an account, found by name as one types. The API checks that each exists; a refusal shows on
 * the input it names.
 */
export function TaskForm({
  task,
  defaults,
  onClose,
}: {
  task: Task | null;
  defaults?: { assignee?: string | null; target?: number | null };
  onClose: () => void;
}) {
  const { t } = useI18n();
  const reps = useReps().data ?? [];
  const goalList = useGoals('all').data;
  const goals = goalList?.goals ?? [];
  const today = goalList?.today ?? '';
  const create = useCreateTask();
  const update = useUpdateTask();
  const mutation = task ? update : create;
  const [values, setValues] = useState<TaskValues>(() => ({
    title: task?.title ?? '',
    type: task?.type ?? 'todo',
    assignee: task?.assignee_rep_id ?? defaults?.assignee ?? null,
    due: task?.due_date ?? '',
    done: task?.status === 'done',
    target:
      task?.target_id != null
        ? String(task.target_id)
        : defaults?.target != null
          ? String(defaults.target)
          : null,
    deal: picked(task?.deal_id, task?.deal_name),
    account: picked(task?.account_id, task?.account_name),
  }));
  const [touched, setTouched] = useState(false);
  const set = <K extends keyof TaskValues>(key: K, value: TaskValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const apiError = fieldErrorOf(mutation.error);
  const fieldMessage = (field: string) => messageFor(apiError, field);
  const known = [
    'title',
    'type',
    'assignee_rep_id',
    'due_date',
    'status',
    'deal_id',
    'account_id',
    'target_id',
  ];
  const otherError =
    mutation.error && !(apiError && known.some((field) => fieldMessage(field)))
      ? mutation.error.message
      : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!values.title.trim()) return;
    const body = {
      title: values.title.trim(),
      type: values.type,
      assignee_rep_id: values.assignee,
      due_date: values.due || null,
      status: values.done ? ('done' as const) : ('open' as const),
      target_id: values.target === null ? null : Number(values.target),
      deal_id: values.deal?.id ?? null,
      account_id: values.account?.id ?? null,
    };
    if (task) update.mutate({ id: task.id, ...body }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={<Text fw={650}>{task ? t('tasks.editTitle') : t('tasks.createTitle')}</Text>}
      closeButtonProps={{ 'aria-label': t('common.cancel') }}
      data-testid="task-form"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t('tasks.titleLabel')}
            placeholder={t('tasks.titlePlaceholder')}
            value={values.title}
            onChange={(event) => set('title', event.currentTarget.value)}
            maxLength={500}
            required
            data-autofocus
            error={
              (touched && !values.title.trim() ? t('form.required') : undefined) ?? fieldMessage('title')
            }
            data-testid="task-title"
          />
          <Stack gap={4}>
            <Text fz="sm" fw={500}>
              {t('tasks.type')}
            </Text>
            <SegmentedControl
              fullWidth
              value={values.type}
              onChange={(value) => set('type', value as TaskType)}
              data={TASK_TYPES.map((type) => ({
                value: type,
                label: (
                  <span className={classes.typeOption}>
                    <TaskTypeIcon type={type} size={15} />
                    {t(`tasks.types.${type}`)}
                  </span>
                ),
              }))}
              data-testid="task-type"
            />
          </Stack>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <Select
              label={t('tasks.assignee')}
              placeholder={t('tasks.nobody')}
              data={repOptions(reps)}
              value={values.assignee}
              onChange={(value) => set('assignee', value)}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
              error={fieldMessage('assignee_rep_id')}
              data-testid="task-assignee"
            />
            <TextInput
              type="date"
              label={t('tasks.dueDate')}
              value={values.due}
              onChange={(event) => set('due', event.currentTarget.value)}
              error={fieldMessage('due_date')}
              data-testid="task-due"
            />
          </SimpleGrid>
          <Select
            label={t('tasks.target')}
            description={t('tasks.targetHint')}
            placeholder={t('tasks.noTarget')}
            data={targetOptions(goals, today)}
            value={values.target}
            onChange={(value) => set('target', value)}
            searchable
            clearable
            limit={100}
            maxDropdownHeight={280}
            nothingFoundMessage={t('common.nothingFound')}
            error={fieldMessage('target_id')}
            data-testid="task-target"
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <RecordPicker
              kind="deals"
              label={t('tasks.deal')}
              placeholder={t('tasks.dealPlaceholder')}
              value={values.deal}
              onChange={(deal, found) => {
                set('deal', deal);
                // A deal belongs to an account: link it too, unless one is already chosen.
                if (found?.kind === 'deals' && found.record.account_id && !values.account) {
                  set('account', picked(found.record.account_id, found.record.account_name));
                }
              }}
              error={fieldMessage('deal_id')}
              testId="task-deal"
            />
            <RecordPicker
              kind="accounts"
              label={t('tasks.account')}
              placeholder={t('tasks.accountPlaceholder')}
              value={values.account}
              onChange={(account) => set('account', account)}
              error={fieldMessage('account_id')}
              testId="task-account"
            />
          </SimpleGrid>
          {task && (
            <Switch
              label={t('tasks.isDone')}
              checked={values.done}
              onChange={(event) => set('done', event.currentTarget.checked)}
            />
          )}
          {otherError && (
            <Text c="red" fz="sm">
              {otherError}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="task-save">
              {task ? t('common.save') : t('tasks.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
