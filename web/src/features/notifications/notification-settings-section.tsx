import {
  Button,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { CHANNELS, NOTIFICATION_KINDS } from '../../../../src/core/contracts/notifications.ts';
import { fieldErrorOf, messageFor } from '../../api/field-error.ts';
import { useMe } from '../../api/use-me.ts';
import {
  type Channel,
  type NotificationSettings,
  type NotificationSettingsView,
  useNotificationSettings,
  useSaveNotificationSettings,
  useSendTest,
} from '../../api/use-notifications.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { SettingsSection } from '../../ui/settings-section.tsx';
import { ClipBox } from '../alerts/clip-box.tsx';
import { type ChatChannel, chatField, editableSettings } from './settings-values.ts';

const CHATS: readonly ChatChannel[] = ['slack', 'teams', 'gchat'];
type TestChannel = Exclude<Channel, 'app'>;

/** "Send a test" for one channel, with what happened: sent, or the server's error. */
function TestButton({ channel, to }: { channel: TestChannel; to: string | null }) {
  const { t } = useI18n();
  const send = useSendTest();
  const label = t(`notify.channel.${channel}`);
  return (
    <Stack gap={2}>
      <Button
        size="xs"
        variant="default"
        disabled={!to}
        loading={send.isPending}
        onClick={() => to && send.mutate({ channel, to })}
        data-testid={`notify-test-${channel}`}
      >
        {/* Named by its visible words and, for a screen reader, the channel (axe: the name holds the label). */}
        {t('notify.test')}
        <VisuallyHidden> ({label})</VisuallyHidden>
      </Button>
      {send.isSuccess && (
        <Text fz="xs" c="teal" role="status" data-testid={`notify-test-${channel}-result`}>
          {t('notify.testSent', { to: send.data.delivery.target })}
        </Text>
      )}
      {send.error && (
        <Text fz="xs" c="red" role="alert" data-testid={`notify-test-${channel}-result`}>
          {t('notify.testFailed', { error: send.error.message })}
        </Text>
      )}
    </Stack>
  );
}

function SettingsForm({ view }: { view: NotificationSettingsView }) {
  const { t } = useI18n();
  const me = useMe().data;
  const save = useSaveNotificationSettings();
  const [values, setValues] = useState<NotificationSettings>(() => editableSettings(view));
  const [saved, setSaved] = useState(false);
  useEffect(() => setValues(editableSettings(view)), [view]);
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const refusal = fieldErrorOf(save.error);
  const formError = save.error && !refusal ? save.error.message : null;
  const errorOf = (field: string) => messageFor(refusal, field);

  const set = (change: Partial<NotificationSettings>) => {
    setSaved(false);
    setValues((current) => ({ ...current, ...change }));
  };
  const toggle = (kind: (typeof NOTIFICATION_KINDS)[number], channel: Channel, on: boolean) => {
    const now = values.channels[kind] ?? view.defaults[kind] ?? [];
    const next = on ? [...new Set([...now, channel])] : now.filter((c) => c !== channel);
    set({ channels: { ...values.channels, [kind]: CHANNELS.filter((c) => next.includes(c)) } });
  };
  // A chat channel is offered once its URL is saved: a message to an unsaved URL could not go out.
  const usable = (channel: Channel) =>
    !CHATS.includes(channel as ChatChannel) || view[chatField(channel as ChatChannel)] !== null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(values, { onSuccess: () => setSaved(true) });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ClipBox>
          <Table.ScrollContainer minWidth={560} type="native" tabIndex={0}>
            <Table verticalSpacing={6} data-testid="notify-matrix">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('notify.settings.kind')}</Table.Th>
                  {CHANNELS.map((channel) => (
                    <Table.Th key={channel} ta="center">
                      {t(`notify.channel.${channel}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {NOTIFICATION_KINDS.map((kind) => {
                  const on = values.channels[kind] ?? view.defaults[kind] ?? [];
                  return (
                    <Table.Tr key={kind}>
                      <Table.Td>
                        <Text fz="sm">{t(`notify.kind.${kind}`)}</Text>
                      </Table.Td>
                      {CHANNELS.map((channel) => (
                        <Table.Td key={channel}>
                          <Group justify="center">
                            <Checkbox
                              checked={on.includes(channel)}
                              disabled={!usable(channel)}
                              onChange={(event) => toggle(kind, channel, event.currentTarget.checked)}
                              aria-label={t('notify.settings.channelFor', {
                                kind: t(`notify.kind.${kind}`),
                                channel: t(`notify.channel.${channel}`),
                              })}
                              data-testid={`notify-${kind}-${channel}`}
                            />
                          </Group>
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </ClipBox>
        <Text fz="xs" c="dimmed">
          {t('notify.settings.chatHint')}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
          <TextInput
            type="time"
            label={t('notify.quietFrom')}
            value={values.quietFrom ?? ''}
            onChange={(event) => set({ quietFrom: event.currentTarget.value || null })}
            error={errorOf('quietFrom')}
            data-testid="notify-quiet-from"
          />
          <TextInput
            type="time"
            label={t('notify.quietTo')}
            value={values.quietTo ?? ''}
            onChange={(event) => set({ quietTo: event.currentTarget.value || null })}
            error={errorOf('quietTo')}
            data-testid="notify-quiet-to"
          />
          <Select
            label={t('notify.timeZone')}
            data={[{ value: '', label: t('notify.timeZoneOrg', { zone: view.orgTimeZone }) }, ...zones]}
            value={values.timeZone ?? ''}
            onChange={(value) => set({ timeZone: value ? value : null })}
            searchable
            allowDeselect={false}
            error={errorOf('timeZone')}
            nothingFoundMessage={t('common.nothingFound')}
            data-testid="notify-time-zone"
          />
        </SimpleGrid>
        <Stack gap="sm">
          <Group align="flex-start" gap="sm" wrap="nowrap">
            <TextInput
              label={t('notify.channel.email')}
              value={me?.user.email ?? ''}
              readOnly
              style={{ flex: 1 }}
            />
            <Stack gap={0} pt={25}>
              <TestButton channel="email" to={me?.user.email ?? null} />
            </Stack>
          </Group>
          {CHATS.map((channel) => {
            const field = chatField(channel);
            return (
              <Group key={channel} align="flex-start" gap="sm" wrap="nowrap">
                <TextInput
                  type="url"
                  label={t(`notify.${field}`)}
                  placeholder="https://"
                  value={values[field] ?? ''}
                  onChange={(event) => set({ [field]: event.currentTarget.value.trim() || null })}
                  error={errorOf(field)}
                  style={{ flex: 1 }}
                  data-testid={`notify-${field}`}
                />
                <Stack gap={0} pt={25}>
                  <TestButton channel={channel} to={view[field]} />
                </Stack>
              </Group>
            );
          })}
        </Stack>
        <FormError>{formError}</FormError>
        <Group justify="flex-end" gap="sm">
          {saved && (
            <Text fz="sm" c="dimmed" role="status">
              {t('notify.saved')}
            </Text>
          )}
          <Button
            type="submit"
            loading={save.isPending}
            disabled={me?.viewAs != null}
            data-testid="notify-save"
          >
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * My notification settings (account page): per kind the channels it reaches me by, quiet hours in
 * my zone, my chat webhooks (the API checks each is the service's), and a test message per channel.
 */
export function NotificationSettingsSection() {
  const { t } = useI18n();
  const settings = useNotificationSettings();
  return (
    <div id="notifications">
      <SettingsSection title={t('notify.settings.title')} text={t('notify.settings.text')}>
        {settings.data ? (
          <SettingsForm view={settings.data} />
        ) : settings.error ? (
          <Text c="red" fz="sm" role="alert">
            {settings.error.message}
          </Text>
        ) : (
          <VisuallyHidden role="status">…</VisuallyHidden>
        )}
      </SettingsSection>
    </div>
  );
}
