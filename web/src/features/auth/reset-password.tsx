import { Anchor, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { authCall, authErrorText } from '../account/security-auth-api.tsx';
import { MIN_PASSWORD_LENGTH } from '../account/security-password.tsx';

const tokenOfPage = (): string => new URLSearchParams(window.location.search).get('token') ?? '';

/**
 * The page a reset link opens (`/reset-password?token=…`, mailed or copied by an admin): the new
 * password twice, then on to sign in. A used or expired link says so and offers a new one.
 * Its title for the page frame: t('security.reset.title').
 */
export function ResetPasswordForm() {
  const { t } = useI18n();
  const [token] = useState(tokenOfPage);
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
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

  const tooShort = next.length > 0 && next.length < MIN_PASSWORD_LENGTH;
  const mismatch = repeat.length > 0 && repeat !== next;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (tooShort || mismatch || next === '') return;
    setBusy(true);
    setError(null);
    try {
      await authCall('reset-password', { newPassword: next, token });
      setDone(true);
    } catch (failure) {
      setError(authErrorText(failure, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <PasswordInput
          label={t('security.password.new')}
          description={t('security.password.rule', { min: MIN_PASSWORD_LENGTH })}
          value={next}
          onChange={(event) => setNext(event.currentTarget.value)}
          error={tooShort ? t('security.error.tooShort') : undefined}
          autoComplete="new-password"
          required
          autoFocus
          data-testid="reset-new"
        />
        <PasswordInput
          label={t('security.password.repeat')}
          value={repeat}
          onChange={(event) => setRepeat(event.currentTarget.value)}
          error={mismatch ? t('security.error.mismatch') : undefined}
          autoComplete="new-password"
          required
          data-testid="reset-repeat"
        />
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
        <Button type="submit" loading={busy} disabled={tooShort || mismatch} data-testid="reset-submit">
          {t('security.reset.submit')}
        </Button>
      </Stack>
    </form>
  );
}
