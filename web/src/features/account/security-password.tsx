import { Button, Checkbox, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { authCall, authErrorText, useAccountChanged } from './security-auth-api.tsx';

export const MIN_PASSWORD_LENGTH = 8;

/** Changing one's password: the current one, the new one twice, and (by default) signing out elsewhere. */
export function SecurityPassword() {
  const { t } = useI18n();
  const changed = useAccountChanged();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [revokeOthers, setRevokeOthers] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const tooShort = next.length > 0 && next.length < MIN_PASSWORD_LENGTH;
  const mismatch = repeat.length > 0 && repeat !== next;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (tooShort || mismatch || next === '') return;
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await authCall('change-password', {
        currentPassword: current,
        newPassword: next,
        revokeOtherSessions: revokeOthers,
      });
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
      await changed();
    } catch (failure) {
      setError(authErrorText(failure, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} data-testid="password-section">
      <Stack gap="sm" maw={400}>
        <Title order={3} fz="h4">
          {t('security.password.title')}
        </Title>
        <PasswordInput
          label={t('security.currentPassword')}
          value={current}
          onChange={(event) => setCurrent(event.currentTarget.value)}
          autoComplete="current-password"
          required
          data-testid="password-current"
        />
        <PasswordInput
          label={t('security.password.new')}
          description={t('security.password.rule', { min: MIN_PASSWORD_LENGTH })}
          value={next}
          onChange={(event) => setNext(event.currentTarget.value)}
          error={tooShort ? t('security.error.tooShort') : undefined}
          autoComplete="new-password"
          required
          data-testid="password-new"
        />
        <PasswordInput
          label={t('security.password.repeat')}
          value={repeat}
          onChange={(event) => setRepeat(event.currentTarget.value)}
          error={mismatch ? t('security.error.mismatch') : undefined}
          autoComplete="new-password"
          required
          data-testid="password-repeat"
        />
        <Checkbox
          label={t('security.password.revokeOthers')}
          checked={revokeOthers}
          onChange={(event) => setRevokeOthers(event.currentTarget.checked)}
        />
        {error && (
          <Text c="red" fz="sm" role="alert">
            {error}
          </Text>
        )}
        {done && (
          <Text c="teal" fz="sm" role="status" data-testid="password-changed">
            {t('security.password.changed')}
          </Text>
        )}
        <Button
          type="submit"
          loading={busy}
          disabled={tooShort || mismatch}
          w="fit-content"
          data-testid="password-submit"
        >
          {t('security.password.submit')}
        </Button>
      </Stack>
    </form>
  );
}
