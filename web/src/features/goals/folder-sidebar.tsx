import { ActionIcon, Button, Menu, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import {
  IconDots,
  IconFolder,
  IconFolderOff,
  IconFolderPlus,
  IconPencil,
  IconStack2,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import { goalFolderCreateSchema, goalFolderUpdateSchema } from '../../../../src/core/contracts/goals.ts';
import type { GoalFolderFilter } from '../../api/query-keys.ts';
import type { GoalFolder } from '../../api/types.ts';
import { useDeleteGoalFolder, useSaveGoalFolder } from '../../api/use-goal-folders.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { useContractForm } from '../../ui/form/use-contract-form.ts';
import { isolated } from '../../ui/name-text.tsx';
import classes from './folder-sidebar.module.css';

type FolderDialog =
  | { kind: 'create' }
  | { kind: 'rename'; folder: GoalFolder }
  | { kind: 'delete'; folder: GoalFolder }
  | null;

function FolderNameDialog({ folder, onClose }: { folder: GoalFolder | null; onClose: () => void }) {
  const { t } = useI18n();
  const save = useSaveGoalFolder();
  const { values, field, errorOf, formError, onSubmit } = useContractForm({
    schema: folder ? goalFolderUpdateSchema : goalFolderCreateSchema,
    initialValues: { name: folder?.name ?? '' },
    toBody: (current) => ({ name: current.name.trim() }),
    error: save.error,
  });
  const submit = onSubmit((body) =>
    save.mutate({ ...(folder ? { id: folder.id } : {}), ...body }, { onSuccess: onClose }),
  );
  return (
    <Modal
      opened
      onClose={onClose}
      title={<Text fw={650}>{folder ? t('folders.renameTitle') : t('folders.createTitle')}</Text>}
    >
      <form onSubmit={submit}>
        <Stack gap="md">
          {/* A folder is only its name: any refusal is shown on it. */}
          <TextInput
            label={t('folders.name')}
            placeholder={t('folders.namePlaceholder')}
            {...field('name')}
            error={errorOf('name') ?? formError}
            maxLength={200}
            required
            data-autofocus
            data-testid="folder-name"
          />
          <FormFooter
            label={folder ? t('common.save') : t('folders.create')}
            onCancel={onClose}
            busy={save.isPending}
            disabled={!values.name.trim()}
            testId="folder-save"
          />
        </Stack>
      </form>
    </Modal>
  );
}

/** Folders group goals (per quarter, per team…): pick one, create, rename or delete it (its goals stay). */
export function FolderSidebar({
  folders,
  selected,
  onSelect,
}: {
  folders: GoalFolder[];
  selected: GoalFolderFilter;
  onSelect: (folder: GoalFolderFilter) => void;
}) {
  const { t } = useI18n();
  const [dialog, setDialog] = useState<FolderDialog>(null);
  const remove = useDeleteGoalFolder();

  const item = (key: GoalFolderFilter, label: string, icon: React.ReactNode, count?: number) => (
    <UnstyledButton
      className={classes.item}
      data-active={selected === key || undefined}
      aria-current={selected === key ? 'true' : undefined}
      onClick={() => onSelect(key)}
      data-testid={`folder-${key}`}
    >
      <span className={classes.icon}>{icon}</span>
      <span className={classes.label}>{label}</span>
      {count !== undefined && <span className={`${classes.count} udn-num`}>{count}</span>}
    </UnstyledButton>
  );

  return (
    <nav className={classes.sidebar} aria-label={t('folders.label')}>
      <div className={classes.items}>
        {item('all', t('folders.all'), <IconStack2 size={16} />)}
        {folders.map((folder) => (
          <div key={folder.id} className={classes.folderRow}>
            {item(folder.id, folder.name, <IconFolder size={16} />, folder.goal_count)}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  className={classes.menu}
                  aria-label={t('folders.actionsFor', { name: folder.name })}
                  data-testid={`folder-menu-${folder.id}`}
                >
                  <IconDots size={14} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={<IconPencil size={16} />}
                  onClick={() => setDialog({ kind: 'rename', folder })}
                >
                  {t('folders.rename')}
                </Menu.Item>
                <Menu.Item
                  color="red"
                  leftSection={<IconTrash size={16} />}
                  onClick={() => setDialog({ kind: 'delete', folder })}
                  data-testid={`folder-delete-${folder.id}`}
                >
                  {t('folders.delete')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </div>
        ))}
        {item('none', t('folders.none'), <IconFolderOff size={16} />)}
      </div>
      <Button
        variant="subtle"
        color="gray"
        size="compact-sm"
        leftSection={<IconFolderPlus size={16} />}
        className={classes.add}
        onClick={() => setDialog({ kind: 'create' })}
        data-testid="folder-create"
      >
        {t('folders.new')}
      </Button>

      {(dialog?.kind === 'create' || dialog?.kind === 'rename') && (
        <FolderNameDialog
          folder={dialog.kind === 'rename' ? dialog.folder : null}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={t('folders.deleteTitle')}
          confirmLabel={t('folders.delete')}
          busy={remove.isPending}
          error={remove.error?.message}
          onClose={() => setDialog(null)}
          onConfirm={() =>
            remove.mutate(dialog.folder.id, {
              onSuccess: () => {
                if (selected === dialog.folder.id) onSelect('all');
                setDialog(null);
              },
            })
          }
        >
          {t('folders.deleteConfirm', {
            name: isolated(dialog.folder.name),
            count: dialog.folder.goal_count,
          })}
        </ConfirmDialog>
      )}
    </nav>
  );
}
