import {
  ActionIcon,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconNote, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { type AnnotationItem, annotationInputSchema } from '../../../../src/core/contracts/annotations.ts';
import { useAnnotations, useDeleteAnnotation, useSaveAnnotation } from '../../api/use-annotations.ts';
import { useMe } from '../../api/use-me.ts';
import { useTeams } from '../../api/use-teams.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useContractForm } from '../../ui/form/use-contract-form.ts';
import { useFormat } from '../../ui/use-format.ts';

const ORG = '';

interface Values {
  from: string;
  to: string;
  note: string;
  /** '' is the whole organisation (a Select holds strings). */
  team: string;
}

/** Who may annotate what, as the server decides it (annotation-access.ts): to offer only what works. */
function useAnnotationRights(): { admin: boolean; teams: string[] } {
  const me = useMe().data;
  const teams = useTeams().data?.map((team) => team.name) ?? [];
  if (!me || me.viewAs !== null || me.role === 'viewer' || me.role === 'rep')
    return { admin: false, teams: [] };
  if (me.role === 'owner' || me.role === 'admin') return { admin: true, teams };
  return { admin: false, teams: me.teams };
}

/** The dashboard's annotations of the shown days, and a form to add or change one where allowed. */
export function AnnotationsButton({ range }: { range: { from: string; to: string } | null }) {
  const { t } = useI18n();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Tooltip label={t('annotations.title')}>
        <ActionIcon
          variant="default"
          size={36}
          aria-label={t('annotations.title')}
          onClick={() => setOpened(true)}
          data-testid="annotations-open"
        >
          <IconNote size={18} />
        </ActionIcon>
      </Tooltip>
      {opened && range && <AnnotationsDialog range={range} onClose={() => setOpened(false)} />}
    </>
  );
}

function AnnotationsDialog({ range, onClose }: { range: { from: string; to: string }; onClose: () => void }) {
  const { t } = useI18n();
  const format = useFormat();
  const rights = useAnnotationRights();
  const list = useAnnotations(range);
  const save = useSaveAnnotation();
  const remove = useDeleteAnnotation();
  const [editing, setEditing] = useState<number | null>(null);
  const blank: Values = {
    from: range.to,
    to: range.to,
    note: '',
    team: rights.admin ? ORG : (rights.teams[0] ?? ORG),
  };
  const form = useContractForm({
    schema: annotationInputSchema,
    initialValues: blank,
    toBody: (values: Values) => ({ ...values, team: values.team === ORG ? null : values.team }),
    error: save.error,
  });
  const canAdd = rights.admin || rights.teams.length > 0;
  const teamChoices = [
    ...(rights.admin ? [{ value: ORG, label: t('annotations.wholeOrg') }] : []),
    ...rights.teams.map((team) => ({ value: team, label: team })),
  ];
  const submit = form.onSubmit((body) =>
    save.mutate(editing === null ? body : { id: editing, ...body }, {
      onSuccess: () => {
        setEditing(null);
        form.reset(blank);
      },
    }),
  );
  const edit = (item: AnnotationItem) => {
    setEditing(item.id);
    form.reset({ from: item.from, to: item.to, note: item.note, team: item.team ?? ORG });
  };
  const days = (item: AnnotationItem) =>
    item.from === item.to ? format.day(item.from) : `${format.day(item.from)} – ${format.day(item.to)}`;
  return (
    <Modal opened onClose={onClose} title={t('annotations.title')} size="lg">
      <Stack gap="md">
        <Text fz="sm" c="dimmed">
          {t('annotations.hint', { from: format.day(range.from), to: format.day(range.to) })}
        </Text>
        {list.data?.length === 0 && (
          <Text fz="sm" c="dimmed" data-testid="annotations-empty">
            {t('annotations.none')}
          </Text>
        )}
        <Stack gap={6} data-testid="annotations-list">
          {list.data?.map((item) => (
            <Group
              key={item.id}
              justify="space-between"
              wrap="nowrap"
              gap="xs"
              data-testid={`annotation-${item.id}`}
            >
              <div style={{ minWidth: 0 }}>
                <Text fz="sm" fw={600}>
                  {item.note}
                </Text>
                <Text fz="xs" c="dimmed">
                  {days(item)} · {item.team ?? t('annotations.wholeOrg')}
                </Text>
              </div>
              {item.canEdit && (
                <Group gap={4} wrap="nowrap">
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={t('annotations.edit', { note: item.note })}
                    onClick={() => edit(item)}
                  >
                    <IconPencil size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('annotations.delete', { note: item.note })}
                    onClick={() => remove.mutate(item.id)}
                    loading={remove.isPending && remove.variables === item.id}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              )}
            </Group>
          ))}
        </Stack>
        {canAdd && (
          <form onSubmit={submit}>
            <Stack gap="sm">
              <Text fz="sm" fw={600}>
                {editing === null ? t('annotations.add') : t('annotations.change')}
              </Text>
              <Group grow gap="sm" align="flex-start">
                <TextInput
                  type="date"
                  label={t('period.from')}
                  {...form.field('from')}
                  data-testid="annotation-from"
                />
                <TextInput
                  type="date"
                  label={t('period.to')}
                  {...form.field('to')}
                  data-testid="annotation-to"
                />
              </Group>
              <Textarea
                label={t('annotations.note')}
                placeholder={t('annotations.notePlaceholder')}
                autosize
                minRows={1}
                maxLength={280}
                {...form.field('note')}
                data-testid="annotation-note"
              />
              <Select
                label={t('annotations.scope')}
                data={teamChoices}
                allowDeselect={false}
                {...form.field('team')}
                data-testid="annotation-team"
              />
              {form.formError && (
                <Text c="red" fz="sm">
                  {form.formError}
                </Text>
              )}
              <Group justify="flex-end" gap="xs">
                {editing !== null && (
                  <Button
                    variant="default"
                    onClick={() => {
                      setEditing(null);
                      form.reset(blank);
                    }}
                  >
                    {t('common.cancel')}
                  </Button>
                )}
                <Button type="submit" loading={save.isPending} data-testid="annotation-save">
                  {editing === null ? t('annotations.addButton') : t('common.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Modal>
  );
}
