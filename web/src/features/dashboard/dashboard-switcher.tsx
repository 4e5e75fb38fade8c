import { Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconChevronDown, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Dashboard } from '../../api/types.ts';
import { useCreateDashboard, useDeleteDashboard, useUpdateDashboard } from '../../api/use-dashboards.ts';
import { navigate } from '../../app/router.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

type Dialog = { kind: 'create' } | { kind: 'rename' } | { kind: 'delete' } | null;

/** The create, rename and delete dialogs of dashboards, opened by the title menu or the "New" button. */
function useDashboardDialog(current: Dashboard) {
  const { t } = useI18n();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [name, setName] = useState('');
  const create = useCreateDashboard();
  const update = useUpdateDashboard();
  const remove = useDeleteDashboard();
  const search = window.location.search;

  const submit = async () => {
    if (!dialog) return;
    if (dialog.kind === 'create') {
      const created = await create.mutateAsync({ name: name.trim(), widgets: [] });
      navigate(`/dashboards/${created.id}${search}`);
    } else if (dialog.kind === 'rename') {
      await update.mutateAsync({ id: current.id, version: current.version, name: name.trim() });
    } else {
      await remove.mutateAsync(current.id);
      navigate(`/${search}`);
    }
    setDialog(null);
  };
  const busy = create.isPending || update.isPending || remove.isPending;
  const error = create.error ?? update.error ?? remove.error;

  const open = (kind: 'create' | 'rename' | 'delete') => {
    setName(kind === 'rename' ? current.name : '');
    setDialog({ kind });
  };
  const element = (
    <Modal
      opened={dialog !== null}
      onClose={() => setDialog(null)}
      title={<Text fw={650}>{dialog ? t(`dashboard.${dialog.kind}Title`) : ''}</Text>}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          {dialog?.kind === 'delete' ? (
            <Text fz="sm">{t('dashboard.deleteConfirm', { name: current.name })}</Text>
          ) : (
            <TextInput
              label={t('dashboard.name')}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              maxLength={120}
              data-autofocus
              required
              data-testid="dashboard-name"
            />
          )}
          {error && (
            <Text c="red" fz="sm">
              {error.message}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setDialog(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={busy}
              color={dialog?.kind === 'delete' ? 'red' : undefined}
              disabled={dialog?.kind !== 'delete' && !name.trim()}
              data-testid="dashboard-dialog-save"
            >
              {dialog?.kind === 'delete'
                ? t('dashboard.delete')
                : dialog?.kind === 'create'
                  ? t('dashboard.create')
                  : t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
  return { open, element };
}

/** "New dashboard" as a button of its own beside the layout actions, not only inside the title menu. */
export function NewDashboardButton({ current }: { current: Dashboard }) {
  const { t } = useI18n();
  const dialog = useDashboardDialog(current);
  return (
    <>
      <Button
        variant="default"
        size="sm"
        leftSection={<IconPlus size={16} />}
        onClick={() => dialog.open('create')}
        data-testid="dashboard-create"
      >
        {t('dashboard.new')}
      </Button>
      {dialog.element}
    </>
  );
}

/** The dashboard's name as a menu: switch to another, create, rename, delete. */
export function DashboardSwitcher({ dashboards, current }: { dashboards: Dashboard[]; current: Dashboard }) {
  const { t } = useI18n();
  const dialog = useDashboardDialog(current);
  const search = window.location.search;

  return (
    <>
      <Menu position="bottom-start" width={280} shadow="md">
        <Menu.Target>
          <Button
            variant="subtle"
            color="gray"
            px={6}
            rightSection={<IconChevronDown size={16} />}
            data-testid="dashboard-switcher"
            styles={{
              label: {
                fontSize: 'var(--mantine-h1-font-size)',
                fontWeight: 650,
                color: 'var(--mantine-color-text)',
              },
            }}
          >
            <Text component="h1" inherit m={0} truncate="end" maw={{ base: 220, sm: 420 }}>
              {current.name}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('dashboard.all')}</Menu.Label>
          {dashboards.map((dashboard) => (
            <Menu.Item
              key={dashboard.id}
              onClick={() => navigate(`/dashboards/${dashboard.id}${search}`)}
              rightSection={dashboard.id === current.id ? <IconCheck size={14} /> : null}
            >
              {dashboard.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconPlus size={16} />}
            onClick={() => dialog.open('create')}
            data-testid="dashboard-new"
          >
            {t('dashboard.new')}
          </Menu.Item>
          <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => dialog.open('rename')}>
            {t('dashboard.rename')}
          </Menu.Item>
          {!current.isDefault && (
            <Menu.Item
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => dialog.open('delete')}
            >
              {t('dashboard.delete')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      {dialog.element}
    </>
  );
}
