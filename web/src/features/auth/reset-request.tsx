import { Anchor, Button, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { getJson } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { authCall } from '../account/security-auth-api.tsx';
import { useAuthSubmit } from './use-auth-submit.ts';

interface AuthOptions {
  sso: { enabled: boolean; name: string | null };
  smtp: boolean;
}

/**
 * "Forgot password" (`/forgot-password`): with mail configured, an address gets a link (the answer is
 * the same whether it has an account, so addresses cannot be probed); without, an admin makes one.
 * Its title for the page frame: t('security.forgot.title').
 */
export function ResetRequestForm() {
  const { t } = useI18n();
  const options = useQuery({
    queryKey: ['auth-options'],
    queryFn: ({ signal }) => getJson<AuthOptions>('/api/v1/auth-options', undefined, signal),
    staleTime: 300_000,
  });
  const [email, setEmail] = useState('');
  const { busy, error, submit } = useAuthSubmit();
  const [sent, setSent] = useState(false);

  if (options.isPending) return <Skeleton h={96} radius="sm" />;
  const back = (
    <Anchor href="/signin" fz="sm">
      {t('security.forgot.back')}
    </Anchor>
  );
  if (!options.data?.smtp) {
    return (
      <Stack gap="sm">
        <Text data-testid="forgot-ask-admin">{t('security.forgot.askAdmin')}</Text>
        {back}
      </Stack>
    );
  }
  if (sent) {
    return (
      <Stack gap="sm">
        <Text role="status" data-testid="forgot-sent">
          {t('security.forgot.sent')}
        </Text>
        {back}
      </Stack>
    );
  }

  const request = submit(async () => {
    await authCall('request-password-reset', { email: email.trim() });
    setSent(true);
  });

  return (
    <form onSubmit={request}>
      <Stack gap="sm">
        <Text fz="sm" c="dimmed">
          {t('security.forgot.about')}
        </Text>
        <TextInput
          type="email"
          label={t('security.forgot.email')}
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          autoComplete="email"
          required
          autoFocus
          data-testid="forgot-email"
        />
        {error && (
          <Text c="red" fz="sm" role="alert">
            {error}
          </Text>
        )}
        <Button type="submit" loading={busy} data-testid="forgot-submit">
          {t('security.forgot.submit')}
        </Button>
        {back}
      </Stack>
    </form>
  );
}
