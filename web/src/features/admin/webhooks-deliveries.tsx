import { Badge, Button, Modal, Table, Text } from '@mantine/core';
import {
  useRetryDelivery,
  useWebhookDeliveries,
  type WebhookDeliveryItem,
  type WebhookItem,
} from '../../api/use-webhooks.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ListTable } from '../../ui/list-table.tsx';
import { useFormat } from '../../ui/use-format.ts';
import { ClipBox } from '../alerts/clip-box.tsx';

const COLOURS: Record<WebhookDeliveryItem['status'], string> = {
  pending: 'gray',
  retrying: 'yellow',
  delivered: 'teal',
  failed: 'red',
};

/** One delivery's status in words and colour (the word carries it; the colour only repeats it). */
export function DeliveryStatus({ status }: { status: WebhookDeliveryItem['status'] }) {
  const { t } = useI18n();
  return (
    <Badge variant="light" color={COLOURS[status]} data-testid="webhook-delivery-status">
      {t(`webhooks.delivery.${status}`)}
    </Badge>
  );
}

/**
 * The delivery log of one subscription: each event sent, its status, attempts, the receiver's
 * response code or the error, when it was last tried; a failed one can be sent again.
 */
export function WebhookDeliveries({ webhook, onClose }: { webhook: WebhookItem; onClose: () => void }) {
  const { t } = useI18n();
  const format = useFormat();
  const log = useWebhookDeliveries(webhook.id);
  const retry = useRetryDelivery();
  const deliveries = log.data?.deliveries ?? [];
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={<Text fw={650}>{t('webhooks.deliveriesTitle', { name: webhook.name })}</Text>}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="webhook-deliveries"
    >
      {log.error && (
        <Text c="red" fz="sm" role="alert">
          {log.error.message}
        </Text>
      )}
      {deliveries.length === 0 && !log.isPending ? (
        <Text fz="sm" c="dimmed">
          {t('webhooks.deliveriesEmpty')}
        </Text>
      ) : (
        <ClipBox>
          <ListTable
            columns={[
              t('webhooks.col.at'),
              t('webhooks.col.event'),
              t('webhooks.col.status'),
              t('webhooks.col.attempts'),
              t('webhooks.col.response'),
            ]}
            testId="webhook-delivery-list"
          >
            {deliveries.map((delivery) => (
              <Table.Tr key={delivery.id} data-testid="webhook-delivery">
                <Table.Td>
                  <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>
                    {format.instant(delivery.lastAttemptAt ?? delivery.createdAt, true)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm" ff="monospace">
                    {delivery.event}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <DeliveryStatus status={delivery.status} />
                </Table.Td>
                <Table.Td>
                  <Text fz="sm">{format.number(delivery.attempts)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm" data-testid="webhook-delivery-response">
                    {delivery.responseCode ?? '—'}
                  </Text>
                  {delivery.error && (
                    <Text fz="xs" c="red" style={{ overflowWrap: 'anywhere' }}>
                      {delivery.error}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {delivery.status === 'failed' && (
                    <Button
                      size="xs"
                      variant="default"
                      loading={retry.isPending && retry.variables?.deliveryId === delivery.id}
                      onClick={() => retry.mutate({ id: webhook.id, deliveryId: delivery.id })}
                      data-testid="webhook-delivery-retry"
                    >
                      {t('webhooks.retry')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        </ClipBox>
      )}
      {retry.error && (
        <Text c="red" fz="sm" role="alert" mt="sm">
          {retry.error.message}
        </Text>
      )}
    </Modal>
  );
}
