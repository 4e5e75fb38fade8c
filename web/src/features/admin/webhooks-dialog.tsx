import { Alert, Checkbox, Modal, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { WEBHOOK_EVENTS } from '../../../../src/core/contracts/webhooks.ts';
import { fieldErrorOf, messageFor } from '../../api/field-error.ts';
import { useSaveWebhook, type WebhookEvent, type WebhookItem } from '../../api/use-webhooks.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { SecretOnce } from '../../ui/secret-once.tsx';

/** The signing secret, shown this once (after a create or a rotation). */
export function WebhookSecret({ secret, onDone }: { secret: string; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <SecretOnce
      title={t('webhooks.secretTitle')}
      secret={secret}
      testIds={{ secret: 'webhook-secret', copy: 'webhook-secret-copy', done: 'webhook-secret-done' }}
      onDone={onDone}
    >
      {t('webhooks.secretText')}
    </SecretOnce>
  );
}

/**
 * Create or edit a subscription: name, URL, the events it hears, and — for a receiver on the same
 * network — the switch that lets UDN send to a private address, with what that means. A new one
 * answers its secret, shown once.
 */
export function WebhookDialog({ webhook, onClose }: { webhook: WebhookItem | null; onClose: () => void }) {
  const { t } = useI18n();
  const save = useSaveWebhook();
  const [name, setName] = useState(webhook?.name ?? '');
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [events, setEvents] = useState<WebhookEvent[]>(webhook?.events ?? ['alert.fired']);
  const [allowPrivate, setAllowPrivate] = useState(webhook?.allowPrivate ?? false);
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  const refusal = fieldErrorOf(save.error);
  const shown = ['name', 'url', 'events', 'allowPrivate'].some((field) => messageFor(refusal, field));
  const secret = save.data?.secret ?? null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // In the catalogue's order, whatever order they were ticked in.
    const body = {
      name: name.trim(),
      url: url.trim(),
      events: WEBHOOK_EVENTS.filter((e) => events.includes(e)),
      allowPrivate,
      enabled,
    };
    save.mutate(
      { id: webhook?.id ?? null, body },
      {
        onSuccess: () => {
          if (webhook) onClose();
        },
      },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={<Text fw={650}>{webhook ? t('webhooks.editTitle') : t('webhooks.createTitle')}</Text>}
      closeButtonProps={{ 'aria-label': t('common.cancel') }}
      data-testid="webhook-dialog"
    >
      {secret ? (
        <WebhookSecret secret={secret} onDone={onClose} />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput
              label={t('webhooks.name')}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={messageFor(refusal, 'name')}
              maxLength={120}
              required
              data-autofocus
              data-testid="webhook-name"
            />
            <TextInput
              type="url"
              label={t('webhooks.url')}
              placeholder="https://"
              value={url}
              onChange={(event) => setUrl(event.currentTarget.value)}
              error={messageFor(refusal, 'url')}
              required
              data-testid="webhook-url"
            />
            <Checkbox.Group
              label={t('webhooks.events')}
              value={events}
              onChange={(value) => setEvents(value as WebhookEvent[])}
              error={messageFor(refusal, 'events')}
              data-testid="webhook-events"
            >
              <SimpleGrid cols={{ base: 1, xs: 2 }} mt={6} spacing="xs">
                {WEBHOOK_EVENTS.map((event) => (
                  <Checkbox key={event} value={event} label={t(`webhooks.event.${event}`)} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            <Switch
              label={t('webhooks.allowPrivate')}
              checked={allowPrivate}
              onChange={(event) => setAllowPrivate(event.currentTarget.checked)}
              error={messageFor(refusal, 'allowPrivate')}
              data-testid="webhook-allow-private"
            />
            {allowPrivate && (
              <Alert
                color="yellow"
                icon={<IconAlertTriangle size={18} />}
                p="xs"
                data-testid="webhook-private-warning"
              >
                <Text fz="sm">{t('webhooks.allowPrivateWarning')}</Text>
              </Alert>
            )}
            {webhook && (
              <Switch
                label={t('webhooks.enabled')}
                checked={enabled}
                onChange={(event) => setEnabled(event.currentTarget.checked)}
              />
            )}
            <FormError>{save.error && !shown ? save.error.message : null}</FormError>
            <FormFooter
              label={t('webhooks.save')}
              onCancel={onClose}
              busy={save.isPending}
              testId="webhook-save"
            />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
