import { Badge, Button, Menu, Stack, Table, Text } from '@mantine/core';
import { IconEye, IconPencil, IconPlus, IconSend, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useDashboards } from '../../api/use-dashboards.ts';
import {
  type Digest,
  digestPreviewUrl,
  useDeleteDigest,
  useDigests,
  useSendDigest,
} from '../../api/use-digests.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ConfirmMutation } from '../../ui/confirm-dialog.tsx';
import { ListTable } from '../../ui/list-table.tsx';
import { RowMenu } from '../../ui/row-menu.tsx';
import { SettingsSection } from '../../ui/settings-section.tsx';
import { useFormat } from '../../ui/use-format.ts';
import { ClipBox } from '../alerts/clip-box.tsx';
import { DigestDialog } from './digests-dialog.tsx';
import { weekdayName } from './digests-schedule.ts';

function Schedule({ digest }: { digest: Digest }) {
  const { t, locale } = useI18n();
  const time = digest.localTime;
  if (digest.frequency === 'daily') return <>{t('digests.schedule.daily', { time })}</>;
  if (digest.frequency === 'weekly')
    return <>{t('digests.schedule.weekly', { day: weekdayName(digest.day ?? 1, locale), time })}</>;
  return <>{t('digests.schedule.monthly', { day: digest.day ?? 1, time })}</>;
}

/**
 * Scheduled digests: what each sends (a dashboard or "My week"), when, to whom, and how its last
 * send went; create or edit one, send it now (each recipient's outcome), preview one's own copy.
 */
export function DigestsSection() {
  const { t } = useI18n();
  const format = useFormat();
  const digests = useDigests();
  const dashboards = useDashboards().data ?? [];
  const send = useSendDigest();
  const remove = useDeleteDigest();
  const [editing, setEditing] = useState<Digest | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Digest | null>(null);
  const list = digests.data?.digests ?? [];
  const dashboardName = (id: number | null) =>
    id === null
      ? t('digests.myWeek')
      : (dashboards.find((dashboard) => dashboard.id === id)?.name ?? `#${id}`);

  return (
    <SettingsSection
      title={t('digests.title')}
      text={t('digests.text')}
      actions={
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => setEditing('new')}
          data-testid="digest-new"
        >
          {t('digests.new')}
        </Button>
      }
    >
      {digests.error && (
        <Text c="red" fz="sm" role="alert">
          {digests.error.message}
        </Text>
      )}
      {send.data && (
        <Text
          fz="sm"
          c={send.data.status === 'sent' ? 'teal' : 'red'}
          role="status"
          data-testid="digest-send-result"
        >
          {send.data.message}
        </Text>
      )}
      {send.error && (
        <Text fz="sm" c="red" role="alert">
          {send.error.message}
        </Text>
      )}
      {list.length === 0 && !digests.isPending ? (
        <Text fz="sm" c="dimmed" data-testid="digests-empty">
          {t('digests.empty')}
        </Text>
      ) : (
        <ClipBox>
          <ListTable
            columns={[t('digests.col.name'), t('digests.col.schedule'), t('digests.col.recipients')]}
            testId="digest-list"
          >
            {list.map((digest) => (
              <Table.Tr key={digest.id} data-testid="digest-row">
                <Table.Td>
                  <Text fz="sm" fw={600}>
                    {digest.name}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {dashboardName(digest.dashboardId)}
                    {digest.attachPdf && ' · PDF'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Text fz="sm">
                      <Schedule digest={digest} />
                    </Text>
                    {!digest.enabled && (
                      <Badge variant="light" color="gray" w="fit-content">
                        {t('digests.off')}
                      </Badge>
                    )}
                    {digest.lastSentAt && (
                      <Text fz="xs" c={digest.lastStatus === 'sent' ? 'dimmed' : 'red'}>
                        {format.instant(digest.lastSentAt, true)}
                        {digest.lastMessage && ` · ${digest.lastMessage}`}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm">
                    {t('digests.recipients', {
                      members: digest.recipients.users.length,
                      teams: digest.recipients.teams.length,
                      emails: digest.recipients.emails.length,
                    })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <RowMenu label={t('digests.actions', { name: digest.name })} testId="digest-menu">
                    <Menu.Item
                      leftSection={<IconSend size={16} />}
                      disabled={!digest.canEdit}
                      onClick={() => send.mutate(digest.id)}
                      data-testid="digest-send"
                    >
                      {t('digests.sendNow')}
                    </Menu.Item>
                    <Menu.Item
                      component="a"
                      href={digestPreviewUrl(digest.id)}
                      target="_blank"
                      rel="noopener"
                      leftSection={<IconEye size={16} />}
                      data-testid="digest-preview"
                    >
                      {t('digests.preview')}
                    </Menu.Item>
                    <Menu.Item
                      leftSection={<IconPencil size={16} />}
                      disabled={!digest.canEdit}
                      onClick={() => setEditing(digest)}
                    >
                      {t('digests.edit')}
                    </Menu.Item>
                    <Menu.Item
                      color="red"
                      leftSection={<IconTrash size={16} />}
                      disabled={!digest.canEdit}
                      onClick={() => setDeleting(digest)}
                    >
                      {t('digests.delete')}
                    </Menu.Item>
                  </RowMenu>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        </ClipBox>
      )}
      {editing && (
        <DigestDialog digest={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      {deleting && (
        <ConfirmMutation
          value={deleting.id}
          mutation={remove}
          title={t('digests.deleteTitle')}
          confirmLabel={t('digests.delete')}
          onClose={() => setDeleting(null)}
        >
          {t('digests.deleteText', { name: deleting.name })}
        </ConfirmMutation>
      )}
    </SettingsSection>
  );
}
