import { Button, Checkbox, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { NewPasswordFields, useNewPassword } from '../auth/new-password-fields.tsx';
import { useAuthSubmit } from '../auth/use-auth-submit.ts';
import { authCall, useAccountChanged } from './security-auth-api.tsx';

/** Changing one's password: the current one, the new one twice, and (by default) signing out elsewhere. */
export function SecurityPassword() {
  const { t } = useI18n();
  const changed = useAccountChanged();
  const [current, setCurrent] = useState('');
  const password = useNewPassword();
  const [revokeOthers, setRevokeOthers] = useState(true);
  const { busy, error, submit } = useAuthSubmit();
  const [done, setDone] = useState(false);

  const change = submit(async () => {
    setDone(false);
    await authCall('change-password', {
      currentPassword: current,
      newPassword: password.next,
      revokeOtherSessions: revokeOthers,
    });
    setCurrent('');
    password.clear();
    setDone(true);
    await changed();
  }, password.valid);

  return (
    <form onSubmit={change} data-testid="password-section">
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
        <NewPasswordFields password={password} testId="password" />
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
          disabled={password.tooShort || password.mismatch}
          w="fit-content"
          data-testid="password-submit"
        >
          {t('security.password.submit')}
        </Button>
      </Stack>
    </form>
  );
}
