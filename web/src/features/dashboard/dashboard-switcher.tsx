import { Button, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconChevronDown, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { dashboardCreateSchema } from '../../../../src/core/contracts/api.ts';
import type { Dashboard } from '../../api/types.ts';
import { useCreateDashboard, useDeleteDashboard, useUpdateDashboard } from '../../api/use-dashboards.ts';
import { navigate } from '../../app/router.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { useContractForm } from '../../ui/form/use-contract-form.ts';
import { NameText } from '../../ui/name-text.tsx';

type Dialog = { kind: 'create' } | { kind: 'rename' } | { kind: 'delete' } | null;

/** The create, rename and delete dialogs of dashboards, opened by the title menu or the "New" button. */
function useDashboardDialog(current: Dashboard) {
  const { t } = useI18n();
  const [dialog, setDialog] = useState<Dialog>(null);
  const create = useCreateDashboard();
  const update = useUpdateDashboard();
  const remove = useDeleteDashboard();
  const search = window.location.search;
  const busy = create.isPending || update.isPending || remove.isPending;
  const error = create.error ?? update.error ?? remove.error;
  const { values, field, formError, onSubmit, reset } = useContractForm({
    schema: dashboardCreateSchema,
    initialValues: { name: '' },
    toBody: (current) => ({ name: current.name.trim() }),
    error,
  });

  const save = async ({ name }: { name: string }) => {
    if (dialog?.kind === 'create') {
      const created = await create.mutateAsync({ name, widgets: [] });
      navigate(`/dashboards/${created.id}${search}`);
    } else {
      await update.mutateAsync({ id: current.id, version: current.version, name });
    }
    setDialog(null);
  };
  const saveName = onSubmit((body) => void save(body));
  const deleteIt = async (event: FormEvent) => {
    event.preventDefault();
    await remove.mutateAsync(current.id);
    navigate(`/${search}`);
    setDialog(null);
  };

  const open = (kind: 'create' | 'rename' | 'delete') => {
    reset({ name: kind === 'rename' ? current.name : '' });
    setDialog({ kind });
  };
  const element = (
    <Modal
      opened={dialog !== null}
      onClose={() => setDialog(null)}
      title={<Text fw={650}>{dialog ? t(`dashboard.${dialog.kind}Title`) : ''}</Text>}
    >
      <form onSubmit={dialog?.kind === 'delete' ? deleteIt : saveName}>
        <Stack gap="md">
          {dialog?.kind === 'delete' ? (
            <Text fz="sm">{t('dashboard.deleteConfirm', { name: current.name })}</Text>
          ) : (
            <TextInput
              label={t('dashboard.name')}
              {...field('name')}
              maxLength={120}
              data-autofocus
              required
              data-testid="dashboard-name"
            />
          )}
          <FormError>{dialog?.kind === 'delete' ? error?.message : formError}</FormError>
          <FormFooter
            label={
              dialog?.kind === 'delete'
                ? t('dashboard.delete')
                : dialog?.kind === 'create'
                  ? t('dashboard.create')
                  : t('common.save')
            }
            onCancel={() => setDialog(null)}
            busy={busy}
            color={dialog?.kind === 'delete' ? 'red' : undefined}
            disabled={dialog?.kind !== 'delete' && !values.name.trim()}
            testId="dashboard-dialog-save"
          />
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
              <NameText>{current.name}</NameText>
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
              <NameText>{dashboard.name}</NameText>
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
