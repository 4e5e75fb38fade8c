import { Anchor, Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { authCall } from '../account/security-auth-api.tsx';
import { NewPasswordFields, useNewPassword } from './new-password-fields.tsx';
import { useAuthSubmit } from './use-auth-submit.ts';

const tokenOfPage = (): string => new URLSearchParams(window.location.search).get('token') ?? '';

/**
 * The page a reset link opens (`/reset-password?token=…`, mailed or copied by an admin): the new
 * password twice, then on to sign in. A used or expired link says so and offers a new one.
 * Its title for the page frame: t('security.reset.title').
 */
export function ResetPasswordForm() {
  const { t } = useI18n();
  const [token] = useState(tokenOfPage);
  const password = useNewPassword();
  const { busy, error, submit } = useAuthSubmit();
  const [done, setDone] = useState(false);

  if (token === '') {
    return (
      <Stack gap="sm">
        <Text role="alert">{t('security.error.resetLink')}</Text>
        <Anchor href="/forgot-password">{t('security.reset.askAgain')}</Anchor>
      </Stack>
    );
  }
  if (done) {
    return (
      <Stack gap="sm">
        <Text role="status" data-testid="reset-done">
          {t('security.reset.done')}
        </Text>
        <Button component="a" href="/signin" w="fit-content" data-testid="reset-sign-in">
          {t('security.reset.signIn')}
        </Button>
      </Stack>
    );
  }

  const reset = submit(async () => {
    await authCall('reset-password', { newPassword: password.next, token });
    setDone(true);
  }, password.valid);

  return (
    <form onSubmit={reset}>
      <Stack gap="sm">
        <NewPasswordFields password={password} testId="reset" autoFocus />
        {error && (
          <Stack gap={4}>
            <Text c="red" fz="sm" role="alert" data-testid="reset-error">
              {error}
            </Text>
            <Anchor href="/forgot-password" fz="sm">
              {t('security.reset.askAgain')}
            </Anchor>
          </Stack>
        )}
        <Button
          type="submit"
          loading={busy}
          disabled={password.tooShort || password.mismatch}
          data-testid="reset-submit"
        >
          {t('security.reset.submit')}
        </Button>
      </Stack>
    </form>
  );
}
