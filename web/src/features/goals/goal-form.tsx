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
import { type FormEvent, useState } from 'react';
import { getJson } from '../../api/client.ts';
import { fieldErrorOf, isConflict, messageFor } from '../../api/field-error.ts';
import { queryKeys } from '../../api/query-keys.ts';
import type { Goal } from '../../api/types.ts';
import { useGoalFolders } from '../../api/use-goal-folders.ts';
import { storeGoal, useCreateGoal, useUpdateGoal } from '../../api/use-goals.ts';
import { useOrg } from '../../api/use-org.ts';
import { useReps } from '../../api/use-reps.ts';
import { useTeams } from '../../api/use-teams.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { type DayRange, monthRange, quarterRange, yearRange } from './date-ranges.ts';
import { repOptions, shareOptions } from './share-options.ts';

interface GoalValues {
  name: string;
  description: string;
  folder: string;
  owner: string | null;
  shares: string[];
  start: string;
  due: string;
}

const NO_FOLDER = 'none';

const valuesOf = (goal: Goal): GoalValues => ({
  name: goal.name,
  description: goal.description ?? '',
  folder: goal.folder_id === null ? NO_FOLDER : String(goal.folder_id),
  owner: goal.owner_rep_id,
  shares: goal.shares,
  start: goal.start_date,
  due: goal.due_date,
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
  const [values, setValues] = useState<GoalValues>(() =>
    goal
      ? valuesOf(goal)
      : {
          name: '',
          description: '',
          folder: defaultFolder === null ? NO_FOLDER : String(defaultFolder),
          owner: null,
          shares: ['org'],
          start: quarter.from,
          due: quarter.to,
        },
  );
  const [version, setVersion] = useState(goal?.version ?? 0);
  const [touched, setTouched] = useState(false);
  const [reloading, setReloading] = useState(false);
  const mutation = goal ? update : create;
  const apiError = fieldErrorOf(mutation.error);
  const conflict = isConflict(mutation.error);
  const set = <K extends keyof GoalValues>(key: K, value: GoalValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  // Checked here too, so the common slips are explained in the reader's language before a round trip.
  const nameError = touched && !values.name.trim() ? t('form.required') : undefined;
  const dueError =
    touched && values.start && values.due && values.due < values.start
      ? t('goals.dueBeforeStart')
      : undefined;
  const fieldMessage = (field: string) => messageFor(apiError, field);
  const known = ['name', 'description', 'folder_id', 'owner_rep_id', 'shares', 'start_date', 'due_date'];
  const otherError =
    mutation.error && !conflict && !(apiError && known.some((field) => fieldMessage(field)))
      ? mutation.error.message
      : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!values.name.trim() || !values.start || !values.due || values.due < values.start) return;
    const body = {
      name: values.name.trim(),
      description: values.description.trim() || null,
      folder_id: values.folder === NO_FOLDER ? null : Number(values.folder),
      owner_rep_id: values.owner,
      shares: values.shares,
      start_date: values.start,
      due_date: values.due,
    };
    if (goal) update.mutate({ id: goal.id, version, ...body }, { onSuccess: onSaved });
    else create.mutate(body, { onSuccess: onSaved });
  };

  /** Loads the version someone else saved; the form then shows it and saves on top of it. */
  const reload = async () => {
    if (!goal) return;
    setReloading(true);
    try {
      const fresh = await getJson<Goal>(`/api/v1/goals/${goal.id}`);
      storeGoal(client, fresh);
      void client.invalidateQueries({ queryKey: queryKeys.goal(goal.id) });
      setValues(valuesOf(fresh));
      setVersion(fresh.version);
      update.reset();
    } finally {
      setReloading(false);
    }
  };

  const pickRange = (range: DayRange) =>
    setValues((current) => ({ ...current, start: range.from, due: range.to }));
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
            value={values.name}
            onChange={(event) => set('name', event.currentTarget.value)}
            maxLength={200}
            required
            data-autofocus
            error={nameError ?? fieldMessage('name')}
            data-testid="goal-name"
          />
          <Textarea
            label={t('goals.description')}
            placeholder={t('goals.descriptionPlaceholder')}
            value={values.description}
            onChange={(event) => set('description', event.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={6}
            error={fieldMessage('description')}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <Select
              label={t('goals.owner')}
              placeholder={t('goals.noOwner')}
              data={repOptions(reps)}
              value={values.owner}
              onChange={(value) => set('owner', value)}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
              error={fieldMessage('owner_rep_id')}
              data-testid="goal-owner"
            />
            <Select
              label={t('goals.folder')}
              data={[
                { value: NO_FOLDER, label: t('goals.noFolder') },
                ...folders.map((folder) => ({ value: String(folder.id), label: folder.name })),
              ]}
              value={values.folder}
              onChange={(value) => set('folder', value ?? NO_FOLDER)}
              allowDeselect={false}
              error={fieldMessage('folder_id')}
              data-testid="goal-folder"
            />
          </SimpleGrid>
          <MultiSelect
            label={t('goals.sharedWith')}
            description={t('goals.sharedWithHint')}
            data={shareOptions(teams, reps, t)}
            value={values.shares}
            onChange={(value) => set('shares', value)}
            searchable
            clearable
            maxDropdownHeight={280}
            nothingFoundMessage={t('common.nothingFound')}
            error={fieldMessage('shares')}
            data-testid="goal-shares"
          />
          <div>
            <SimpleGrid cols={2} spacing="md">
              <TextInput
                type="date"
                label={t('goals.start')}
                value={values.start}
                onChange={(event) => set('start', event.currentTarget.value)}
                required
                error={fieldMessage('start_date')}
                data-testid="goal-start"
              />
              <TextInput
                type="date"
                label={t('goals.due')}
                value={values.due}
                min={values.start || undefined}
                onChange={(event) => set('due', event.currentTarget.value)}
                required
                error={dueError ?? fieldMessage('due_date')}
                data-testid="goal-due"
              />
            </SimpleGrid>
            <Group gap={6} mt={8}>
              {ranges.map(({ key, range }) => {
                const active = values.start === range.from && values.due === range.to;
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
          {otherError && (
            <Text c="red" fz="sm">
              {otherError}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={conflict} data-testid="goal-save">
              {goal ? t('common.save') : t('goals.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
