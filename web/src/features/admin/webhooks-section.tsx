import { Badge, Button, Group, Menu, Modal, Stack, Table, Text } from '@mantine/core';
import {
  IconList,
  IconPencil,
  IconPlayerPlay,
  IconPlus,
  IconPower,
  IconRefresh,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import { WEBHOOK_EVENTS } from '../../../../src/core/contracts/webhooks.ts';
import {
  useDeleteWebhook,
  useRotateWebhookSecret,
  useSaveWebhook,
  useTestWebhook,
  useWebhooks,
  type WebhookItem,
} from '../../api/use-webhooks.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ConfirmMutation } from '../../ui/confirm-dialog.tsx';
import { ListTable } from '../../ui/list-table.tsx';
import { RowMenu } from '../../ui/row-menu.tsx';
import { SettingsSection } from '../../ui/settings-section.tsx';
import { useFormat } from '../../ui/use-format.ts';
import { ClipBox } from '../alerts/clip-box.tsx';
import { DeliveryStatus, WebhookDeliveries } from './webhooks-deliveries.tsx';
import { WebhookDialog, WebhookSecret } from './webhooks-dialog.tsx';

/** On, off, or turned off by UDN after failing again and again (with why). */
function WebhookState({ webhook }: { webhook: WebhookItem }) {
  const { t } = useI18n();
  if (webhook.enabled)
    return (
      <Badge variant="light" color="teal" data-testid="webhook-state">
        {t('webhooks.status.on')}
      </Badge>
    );
  if (webhook.disabledReason)
    return (
      <Text fz="xs" c="red" data-testid="webhook-state">
        {t('webhooks.status.disabled', { reason: webhook.disabledReason })}
      </Text>
    );
  return (
    <Badge variant="light" color="gray" data-testid="webhook-state">
      {t('webhooks.status.off')}
    </Badge>
  );
}

function RotatedSecret({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useI18n();
  const rotate = useRotateWebhookSecret();
  return (
    <Modal opened onClose={onClose} title={<Text fw={650}>{t('webhooks.rotate')}</Text>}>
      {rotate.data ? (
        <WebhookSecret secret={rotate.data.secret} onDone={onClose} />
      ) : (
        <Stack gap="sm">
          <Text fz="sm">{t('webhooks.secretText')}</Text>
          {rotate.error && (
            <Text c="red" fz="sm" role="alert">
              {rotate.error.message}
            </Text>
          )}
          <Button
            onClick={() => rotate.mutate(id)}
            loading={rotate.isPending}
            data-testid="webhook-rotate-confirm"
          >
            {t('webhooks.rotate')}
          </Button>
        </Stack>
      )}
    </Modal>
  );
}

/**
 * The organisation's outbound webhooks: each with its events, state (and why UDN turned it off),
 * its last delivery; create one (its secret shown once), edit, test, rotate the secret, read the
 * delivery log and retry there, turn on or off, delete.
 */
export function WebhooksSection() {
  const { t } = useI18n();
  const format = useFormat();
  const hooks = useWebhooks();
  const save = useSaveWebhook();
  const test = useTestWebhook();
  const remove = useDeleteWebhook();
  const [editing, setEditing] = useState<WebhookItem | 'new' | null>(null);
  const [log, setLog] = useState<WebhookItem | null>(null);
  const [rotating, setRotating] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<WebhookItem | null>(null);
  const list = hooks.data?.webhooks ?? [];

  return (
    <SettingsSection
      title={t('webhooks.title')}
      text={t('webhooks.text')}
      actions={
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => setEditing('new')}
          data-testid="webhook-new"
        >
          {t('webhooks.new')}
        </Button>
      }
    >
      {hooks.error && (
        <Text c="red" fz="sm" role="alert">
          {hooks.error.message}
        </Text>
      )}
      {test.data && (
        <Group gap="xs" role="status" data-testid="webhook-test-result">
          <Text fz="sm">
            {t('webhooks.testSent', { name: list.find((h) => h.id === test.variables)?.name ?? '' })}
          </Text>
          <DeliveryStatus status={test.data.status} />
          <Text fz="sm" c={test.data.error ? 'red' : 'dimmed'}>
            {test.data.responseCode !== null ? `HTTP ${test.data.responseCode}` : ''}
            {test.data.error ? ` ${test.data.error}` : ''}
          </Text>
        </Group>
      )}
      {(test.error ?? save.error) && (
        <Text fz="sm" c="red" role="alert">
          {(test.error ?? save.error)?.message}
        </Text>
      )}
      {list.length === 0 && !hooks.isPending ? (
        <Text fz="sm" c="dimmed" data-testid="webhooks-empty">
          {t('webhooks.empty')}
        </Text>
      ) : (
        <ClipBox>
          <ListTable
            columns={[
              t('webhooks.col.name'),
              t('webhooks.col.events'),
              t('webhooks.col.status'),
              t('webhooks.col.at'),
            ]}
            testId="webhook-list"
          >
            {list.map((hook) => (
              <Table.Tr key={hook.id} data-testid="webhook-row">
                <Table.Td>
                  <Text fz="sm" fw={600}>
                    {hook.name}
                  </Text>
                  <Text fz="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {hook.url}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="xs">
                    {WEBHOOK_EVENTS.filter((event) => hook.events.includes(event))
                      .map((event) => t(`webhooks.event.${event}`))
                      .join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <WebhookState webhook={hook} />
                </Table.Td>
                <Table.Td>
                  {hook.lastDelivery ? (
                    <Stack gap={2}>
                      <DeliveryStatus status={hook.lastDelivery.status} />
                      <Text fz="xs" c="dimmed">
                        {format.instant(hook.lastDelivery.at, true)}
                        {hook.lastDelivery.responseCode !== null &&
                          ` · HTTP ${hook.lastDelivery.responseCode}`}
                      </Text>
                    </Stack>
                  ) : (
                    <Text fz="xs" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <RowMenu label={t('webhooks.actions', { name: hook.name })} testId="webhook-menu">
                    <Menu.Item
                      leftSection={<IconList size={16} />}
                      onClick={() => setLog(hook)}
                      data-testid="webhook-log"
                    >
                      {t('webhooks.deliveries')}
                    </Menu.Item>
                    <Menu.Item
                      leftSection={<IconPlayerPlay size={16} />}
                      onClick={() => test.mutate(hook.id)}
                      data-testid="webhook-test"
                    >
                      {t('webhooks.test')}
                    </Menu.Item>
                    <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(hook)}>
                      {t('webhooks.edit')}
                    </Menu.Item>
                    <Menu.Item
                      leftSection={<IconPower size={16} />}
                      onClick={() => save.mutate({ id: hook.id, body: { enabled: !hook.enabled } })}
                      data-testid="webhook-toggle"
                    >
                      {hook.enabled ? t('webhooks.disable') : t('webhooks.enable')}
                    </Menu.Item>
                    <Menu.Item leftSection={<IconRefresh size={16} />} onClick={() => setRotating(hook.id)}>
                      {t('webhooks.rotate')}
                    </Menu.Item>
                    <Menu.Item
                      color="red"
                      leftSection={<IconTrash size={16} />}
                      onClick={() => setDeleting(hook)}
                    >
                      {t('webhooks.delete')}
                    </Menu.Item>
                  </RowMenu>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        </ClipBox>
      )}
      {editing && (
        <WebhookDialog webhook={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      {log && <WebhookDeliveries webhook={log} onClose={() => setLog(null)} />}
      {rotating !== null && <RotatedSecret id={rotating} onClose={() => setRotating(null)} />}
      {deleting && (
        <ConfirmMutation
          value={deleting.id}
          mutation={remove}
          title={t('webhooks.deleteTitle')}
          confirmLabel={t('webhooks.delete')}
          onClose={() => setDeleting(null)}
        >
          {t('webhooks.deleteText', { name: deleting.name })}
        </ConfirmMutation>
      )}
    </SettingsSection>
  );
}
