import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { goalCreateSchema, goalUpdateSchema } from '../../../../src/core/contracts/goals.ts';
import { getJson } from '../../api/client.ts';
import { isConflict } from '../../api/field-error.ts';
import { queryKeys } from '../../api/query-keys.ts';
import type { Goal } from '../../api/types.ts';
import { useGoalFolders } from '../../api/use-goal-folders.ts';
import { storeGoal, useCreateGoal, useUpdateGoal } from '../../api/use-goals.ts';
import { useOrg } from '../../api/use-org.ts';
import { useReps } from '../../api/use-reps.ts';
import { useTeams } from '../../api/use-teams.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { useContractForm } from '../../ui/form/use-contract-form.ts';
import { isolated } from '../../ui/name-text.tsx';
import { type DayRange, monthRange, quarterRange, yearRange } from './date-ranges.ts';
import { repOptions, shareOptions } from './share-options.ts';

/** The form's values by the API's field names; the folder as the select holds it. */
interface GoalValues {
  name: string;
  description: string;
  folder_id: string;
  owner_rep_id: string | null;
  shares: string[];
  start_date: string;
  due_date: string;
}

const NO_FOLDER = 'none';

const valuesOf = (goal: Goal): GoalValues => ({
  name: goal.name,
  description: goal.description ?? '',
  folder_id: goal.folder_id === null ? NO_FOLDER : String(goal.folder_id),
  owner_rep_id: goal.owner_rep_id,
  shares: goal.shares,
  start_date: goal.start_date,
  due_date: goal.due_date,
});

const bodyOf = (values: GoalValues) => ({
  name: values.name.trim(),
  description: values.description.trim() || null,
  folder_id: values.folder_id === NO_FOLDER ? null : Number(values.folder_id),
  owner_rep_id: values.owner_rep_id,
  shares: values.shares,
  start_date: values.start_date,
  due_date: values.due_date,
});

/**
 * Create or edit a goal: what, who owns it, who it is shared with, when, which folder. The API
 * checks everything; a refusal lands on the input it names, and a save based on an old version
 * (someone else saved first) says so and offers their version.
 */
export function GoalForm({
  goal,
  defaultFolder,
  onClose,
  onSaved,
}: {
  goal: Goal | null;
  defaultFolder: number | null;
  onClose: () => void;
  onSaved: (goal: Goal) => void;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const today = useOrg().data?.today ?? new Date().toISOString().slice(0, 10);
  const folders = useGoalFolders().data ?? [];
  const reps = useReps().data ?? [];
  const teams = useTeams().data ?? [];
  const create = useCreateGoal();
  const update = useUpdateGoal();
  const quarter = quarterRange(today);
  const [version, setVersion] = useState(goal?.version ?? 0);
  const [reloading, setReloading] = useState(false);
  const mutation = goal ? update : create;
  const conflict = isConflict(mutation.error);
  const { form, values, field, formError, onSubmit } = useContractForm({
    schema: goal ? goalUpdateSchema : goalCreateSchema,
    initialValues: goal
      ? valuesOf(goal)
      : {
          name: '',
          description: '',
          folder_id: defaultFolder === null ? NO_FOLDER : String(defaultFolder),
          owner_rep_id: null,
          shares: ['org'],
          start_date: quarter.from,
          due_date: quarter.to,
        },
    toBody: (current) => ({ ...bodyOf(current), ...(goal ? { version } : {}) }),
    // The API refuses it too, but only the form can say it on the due date in the reader's language.
    rules: (current) => ({
      due_date:
        current.start_date && current.due_date && current.due_date < current.start_date
          ? t('goals.dueBeforeStart')
          : undefined,
    }),
    error: mutation.error,
  });

  const submit = onSubmit((body) => {
    if (goal) update.mutate({ id: goal.id, ...body, version }, { onSuccess: onSaved });
    else create.mutate(body, { onSuccess: onSaved });
  });

  /** Loads the version someone else saved; the form then shows it and saves on top of it. */
  const reload = async () => {
    if (!goal) return;
    setReloading(true);
    try {
      const fresh = await getJson<Goal>(`/api/v1/goals/${goal.id}`);
      storeGoal(client, fresh);
      void client.invalidateQueries({ queryKey: queryKeys.goal(goal.id) });
      form.setValues(valuesOf(fresh));
      setVersion(fresh.version);
      update.reset();
    } finally {
      setReloading(false);
    }
  };

  const pickRange = (range: DayRange) => form.setValues({ start_date: range.from, due_date: range.to });
  const ranges: { key: MessageKey; range: DayRange }[] = [
    { key: 'goals.range.thisQuarter', range: quarter },
    { key: 'goals.range.nextQuarter', range: quarterRange(today, 1) },
    { key: 'goals.range.thisMonth', range: monthRange(today) },
    { key: 'goals.range.thisYear', range: yearRange(today) },
  ];

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={<Text fw={650}>{goal ? t('goals.editTitle') : t('goals.createTitle')}</Text>}
      data-testid="goal-form"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {conflict && (
            <Alert
              color="yellow"
              icon={<IconAlertTriangle size={18} />}
              title={t('goals.conflictTitle')}
              data-testid="goal-conflict"
            >
              <Stack gap="xs" align="flex-start">
                <Text fz="sm">{t('goals.conflict')}</Text>
                <Button
                  size="compact-sm"
                  variant="white"
                  color="dark"
                  leftSection={<IconRefresh size={14} />}
                  loading={reloading}
                  onClick={reload}
                  data-testid="goal-reload"
                >
                  {t('goals.reload')}
                </Button>
              </Stack>
            </Alert>
          )}
          <TextInput
            label={t('goals.name')}
            placeholder={t('goals.namePlaceholder')}
            {...field('name')}
            maxLength={200}
            required
            data-autofocus
            data-testid="goal-name"
          />
          <Textarea
            label={t('goals.description')}
            placeholder={t('goals.descriptionPlaceholder')}
            {...field('description')}
            autosize
            minRows={2}
            maxRows={6}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <Select
              label={t('goals.owner')}
              placeholder={t('goals.noOwner')}
              data={repOptions(reps)}
              {...field('owner_rep_id')}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
              data-testid="goal-owner"
            />
            <Select
              label={t('goals.folder')}
              data={[
                { value: NO_FOLDER, label: t('goals.noFolder') },
                ...folders.map((folder) => ({ value: String(folder.id), label: isolated(folder.name) })),
              ]}
              {...field('folder_id')}
              allowDeselect={false}
              data-testid="goal-folder"
            />
          </SimpleGrid>
          <MultiSelect
            label={t('goals.sharedWith')}
            description={t('goals.sharedWithHint')}
            data={shareOptions(teams, reps, t)}
            {...field('shares')}
            searchable
            clearable
            maxDropdownHeight={280}
            nothingFoundMessage={t('common.nothingFound')}
            data-testid="goal-shares"
          />
          <div>
            <SimpleGrid cols={2} spacing="md">
              <TextInput
                type="date"
                label={t('goals.start')}
                {...field('start_date')}
                required
                data-testid="goal-start"
              />
              <TextInput
                type="date"
                label={t('goals.due')}
                {...field('due_date')}
                min={values.start_date || undefined}
                required
                data-testid="goal-due"
              />
            </SimpleGrid>
            <Group gap={6} mt={8}>
              {ranges.map(({ key, range }) => {
                const active = values.start_date === range.from && values.due_date === range.to;
                return (
                  <Button
                    key={key}
                    size="compact-xs"
                    radius="xl"
                    variant={active ? 'light' : 'default'}
                    onClick={() => pickRange(range)}
                  >
                    {t(key)}
                  </Button>
                );
              })}
            </Group>
          </div>
          {/* A conflict has its own notice and action above. */}
          <FormError>{conflict ? null : formError}</FormError>
          <FormFooter
            label={goal ? t('common.save') : t('goals.create')}
            onCancel={onClose}
            busy={mutation.isPending}
            disabled={conflict}
            testId="goal-save"
          />
        </Stack>
      </form>
    </Modal>
  );
}
