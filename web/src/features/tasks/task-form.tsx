import { Modal, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { taskCreateSchema, taskUpdateSchema } from '../../../../src/core/contracts/goals.ts';
import type { Task, TaskType } from '../../api/types.ts';
import { useGoals } from '../../api/use-goals.ts';
import { useReps } from '../../api/use-reps.ts';
import { useCreateTask, useUpdateTask } from '../../api/use-tasks.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { useContractForm } from '../../ui/form/use-contract-form.ts';
import { repOptions } from '../goals/share-options.ts';
import { type PickedRecord, RecordPicker } from './record-picker.tsx';
import { targetOptions } from './target-options.ts';
import { TASK_TYPES, TaskTypeIcon } from './task-type.tsx';
import classes from './tasks-page.module.css';

/** The form's values by the API's field names; linked records with the names the pickers show. */
interface TaskValues {
  title: string;
  type: TaskType;
  assignee_rep_id: string | null;
  due_date: string;
  status: boolean;
  target_id: string | null;
  deal_id: PickedRecord | null;
  account_id: PickedRecord | null;
}

const bodyOf = (values: TaskValues) => ({
  title: values.title.trim(),
  type: values.type,
  assignee_rep_id: values.assignee_rep_id,
  due_date: values.due_date || null,
  status: values.status ? ('done' as const) : ('open' as const),
  target_id: values.target_id === null ? null : Number(values.target_id),
  deal_id: values.deal_id?.id ?? null,
  account_id: values.account_id?.id ?? null,
});

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
  const { form, values, field, errorOf, formError, onSubmit } = useContractForm({
    schema: task ? taskUpdateSchema : taskCreateSchema,
    initialValues: {
      title: task?.title ?? '',
      type: task?.type ?? 'todo',
      assignee_rep_id: task?.assignee_rep_id ?? defaults?.assignee ?? null,
      due_date: task?.due_date ?? '',
      status: task?.status === 'done',
      target_id:
        task?.target_id != null
          ? String(task.target_id)
          : defaults?.target != null
            ? String(defaults.target)
            : null,
      deal_id: picked(task?.deal_id, task?.deal_name),
      account_id: picked(task?.account_id, task?.account_name),
    } satisfies TaskValues,
    toBody: bodyOf,
    error: mutation.error,
  });

  const submit = onSubmit((body) => {
    if (task) update.mutate({ id: task.id, ...body }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  });

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
            {...field('title')}
            maxLength={500}
            required
            data-autofocus
            data-testid="task-title"
          />
          <Stack gap={4}>
            <Text fz="sm" fw={500}>
              {t('tasks.type')}
            </Text>
            <SegmentedControl
              fullWidth
              value={values.type}
              onChange={(value) => form.setFieldValue('type', value as TaskType)}
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
              {...field('assignee_rep_id')}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
              data-testid="task-assignee"
            />
            <TextInput type="date" label={t('tasks.dueDate')} {...field('due_date')} data-testid="task-due" />
          </SimpleGrid>
          <Select
            label={t('tasks.target')}
            description={t('tasks.targetHint')}
            placeholder={t('tasks.noTarget')}
            data={targetOptions(goals, today)}
            {...field('target_id')}
            searchable
            clearable
            limit={100}
            maxDropdownHeight={280}
            nothingFoundMessage={t('common.nothingFound')}
            data-testid="task-target"
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <RecordPicker
              kind="deals"
              label={t('tasks.deal')}
              placeholder={t('tasks.dealPlaceholder')}
              value={values.deal_id}
              onChange={(deal, found) => {
                // A deal belongs to an account: link it too, unless one is already chosen.
                const account =
                  found?.kind === 'deals' && found.record.account_id && !values.account_id
                    ? { account_id: picked(found.record.account_id, found.record.account_name) }
                    : {};
                form.setValues({ deal_id: deal, ...account });
              }}
              error={errorOf('deal_id')}
              testId="task-deal"
            />
            <RecordPicker
              kind="accounts"
              label={t('tasks.account')}
              placeholder={t('tasks.accountPlaceholder')}
              value={values.account_id}
              onChange={(account) => form.setFieldValue('account_id', account)}
              error={errorOf('account_id')}
              testId="task-account"
            />
          </SimpleGrid>
          {task && <Switch label={t('tasks.isDone')} {...field('status', 'checkbox')} />}
          <FormError>{formError}</FormError>
          <FormFooter
            label={task ? t('common.save') : t('tasks.create')}
            onCancel={onClose}
            busy={mutation.isPending}
            testId="task-save"
          />
        </Stack>
      </form>
    </Modal>
  );
}
