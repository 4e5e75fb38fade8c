import { Alert, Button, Group, PasswordInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { fieldErrorOf, messageFor } from '../../api/field-error.ts';
import { useMe } from '../../api/use-me.ts';
import {
  type SmtpSettingsView,
  useSaveSmtp,
  useSendTest,
  useSmtpSettings,
} from '../../api/use-notifications.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { SettingsSection } from '../../ui/settings-section.tsx';

/**
 * The URL the API stores: the page never has the saved password, so a new one typed here goes into
 * the URL, and none leaves the saved one in place (the API keeps it for the same user and host).
 */
export function smtpUrlWith(url: string, password: string): string {
  const trimmed = url.trim();
  if (!password) return trimmed;
  try {
    const parsed = new URL(trimmed);
    parsed.password = encodeURIComponent(password);
    return parsed.toString().replace(/\/$/, '');
  } catch {
    // Not a URL: sent as typed, and the API names the field.
    return trimmed;
  }
}

function SmtpTest() {
  const { t } = useI18n();
  const me = useMe().data;
  const send = useSendTest();
  const [to, setTo] = useState(me?.user.email ?? '');
  const refusal = fieldErrorOf(send.error);
  return (
    <Stack gap={6}>
      <Group align="flex-end" gap="sm">
        <TextInput
          type="email"
          label={t('smtp.testTo')}
          value={to}
          onChange={(event) => setTo(event.currentTarget.value)}
          error={messageFor(refusal, 'to')}
          style={{ flex: 1 }}
          data-testid="smtp-test-to"
        />
        <Button
          variant="default"
          loading={send.isPending}
          disabled={!to.trim()}
          onClick={() => send.mutate({ channel: 'email', to: to.trim() })}
          data-testid="smtp-test"
        >
          {t('smtp.test')}
        </Button>
      </Group>
      {send.isSuccess && (
        <Text fz="sm" c="teal" role="status" data-testid="smtp-test-result">
          {t('smtp.testOk', { to: send.data.delivery.target })}
        </Text>
      )}
      {send.error && !refusal && (
        <Text fz="sm" c="red" role="alert" data-testid="smtp-test-result">
          {t('smtp.testFailed', { error: send.error.message })}
        </Text>
      )}
    </Stack>
  );
}

function SmtpForm({ saved }: { saved: SmtpSettingsView }) {
  const { t } = useI18n();
  const save = useSaveSmtp();
  const [url, setUrl] = useState(saved.url ?? '');
  const [from, setFrom] = useState(saved.from ?? '');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  useEffect(() => {
    setUrl(saved.url ?? '');
    setFrom(saved.from ?? '');
  }, [saved]);
  const refusal = fieldErrorOf(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    save.mutate(
      { url: url.trim() ? smtpUrlWith(url, password) : null, from: from.trim() || null },
      {
        onSuccess: () => {
          setPassword('');
          setDone(true);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {saved.fromEnvironment && (
          <Alert color="yellow" icon={<IconInfoCircle size={18} />} data-testid="smtp-env">
            {t('smtp.envOverride')}
          </Alert>
        )}
        <TextInput
          label={t('smtp.url')}
          description={t('smtp.urlHint')}
          value={url}
          onChange={(event) => setUrl(event.currentTarget.value)}
          error={messageFor(refusal, 'url')}
          data-testid="smtp-url"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('smtp.from')}
            description={t('smtp.fromHint')}
            value={from}
            onChange={(event) => setFrom(event.currentTarget.value)}
            error={messageFor(refusal, 'from')}
            data-testid="smtp-from"
          />
          <PasswordInput
            label={t('smtp.password')}
            description={saved.hasPassword ? t('smtp.passwordSet') : t('smtp.passwordKeep')}
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            autoComplete="new-password"
            data-testid="smtp-password"
          />
        </SimpleGrid>
        <FormError>{save.error && !refusal ? save.error.message : null}</FormError>
        <Group justify="flex-end" gap="sm">
          {done && (
            <Text fz="sm" c="dimmed" role="status">
              {t('smtp.saved')}
            </Text>
          )}
          <Button type="submit" loading={save.isPending} data-testid="smtp-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The mail server: its URL and sender (the password masked, never shown back), and a test message. */
export function SmtpSection() {
  const { t } = useI18n();
  const smtp = useSmtpSettings();
  return (
    <SettingsSection title={t('smtp.title')} text={t('smtp.text')}>
      <Stack gap="lg">
        {smtp.data && <SmtpForm saved={smtp.data} />}
        {smtp.error && (
          <Text c="red" fz="sm" role="alert">
            {smtp.error.message}
          </Text>
        )}
        <SmtpTest />
      </Stack>
    </SettingsSection>
  );
}
