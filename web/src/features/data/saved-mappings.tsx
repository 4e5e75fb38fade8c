import { Button, Group, Select, Text, TextInput } from '@mantine/core';
import { IconDeviceFloppy, IconDownload, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Mapping } from '../../../../src/core/contracts/mapping.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { downloadMapping, useDeleteMapping, useSavedMappings, useSaveMapping } from './use-mapping-api.ts';

/** Pick a saved mapping, save this one by name, or download it as the JSON `udn import --mapping` takes. */
export function SavedMappings({ mapping, onPick }: { mapping: Mapping; onPick: (mapping: Mapping) => void }) {
  const { t } = useI18n();
  const saved = useSavedMappings();
  const save = useSaveMapping();
  const remove = useDeleteMapping();
  const [name, setName] = useState(mapping.name ?? '');
  const [confirming, setConfirming] = useState(false);
  const choices = (saved.data ?? []).filter((entry) => entry.mapping.table === mapping.table);
  const trimmed = name.trim();
  const isSaved = (saved.data ?? []).some((entry) => entry.name === trimmed);
  return (
    <Group align="flex-end" gap="xs" wrap="wrap" data-testid="saved-mappings">
      <Select
        label={t('data.map.savedPick')}
        placeholder={choices.length ? t('data.map.savedChoose') : t('data.map.savedNone')}
        data={choices.map((entry) => ({ value: entry.name, label: entry.name }))}
        value={null}
        onChange={(value) => {
          const entry = choices.find((candidate) => candidate.name === value);
          if (entry) {
            setName(entry.name);
            onPick(entry.mapping);
          }
        }}
        disabled={choices.length === 0}
        size="xs"
        w={200}
        data-testid="saved-mapping-select"
      />
      <TextInput
        label={t('data.map.saveName')}
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        size="xs"
        w={200}
        maxLength={100}
        data-testid="mapping-name"
      />
      <Button
        size="xs"
        variant="light"
        leftSection={<IconDeviceFloppy size={14} />}
        disabled={trimmed === ''}
        loading={save.isPending}
        onClick={() => save.mutate({ name: trimmed, mapping: { ...mapping, name: trimmed } })}
        data-testid="save-mapping"
      >
        {t('data.map.save')}
      </Button>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconDownload size={14} />}
        onClick={() =>
          downloadMapping(
            trimmed ? { ...mapping, name: trimmed } : mapping,
            `${(trimmed || mapping.preset || mapping.table).replace(/[^\w.-]+/g, '-')}.mapping.json`,
          )
        }
        data-testid="export-mapping"
      >
        {t('data.map.export')}
      </Button>
      {isSaved && (
        <Button
          size="xs"
          variant="subtle"
          color="red"
          leftSection={<IconTrash size={14} />}
          onClick={() => setConfirming(true)}
          data-testid="delete-mapping"
        >
          {t('data.map.deleteSaved')}
        </Button>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('data.map.deleteTitle', { name: trimmed })}
          confirmLabel={t('data.map.deleteSaved')}
          busy={remove.isPending}
          error={remove.isError ? remove.error.message : null}
          onConfirm={() => remove.mutate(trimmed, { onSuccess: () => setConfirming(false) })}
          onClose={() => setConfirming(false)}
        >
          {t('data.map.deleteBody')}
        </ConfirmDialog>
      )}
      {save.isSuccess && (
        <Text fz="xs" c="teal" aria-live="polite">
          {t('data.map.saved', { name: save.data.name })}
        </Text>
      )}
      {save.isError && (
        <Text fz="xs" c="red" aria-live="polite">
          {save.error.message}
        </Text>
      )}
    </Group>
  );
}
