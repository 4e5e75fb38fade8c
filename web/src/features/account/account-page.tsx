import { Box, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { request } from '../../api/client.ts';
import { revokeSessions } from '../../api/use-auth.ts';
import { ME_KEY, useMe } from '../../api/use-me.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { PageSkeleton } from '../../ui/page-skeleton.tsx';
import { NotificationSettingsSection } from '../notifications/notification-settings-section.tsx';
import classes from './account-page.module.css';
import { SecurityPassword } from './security-password.tsx';
import { SecurityTwoFactor } from './security-two-factor.tsx';
import { TokensSection } from './tokens-section.tsx';

/** The person's name (better-auth keeps it); the address is their sign-in and stays as it is. */
function ProfileSection() {
  const { t } = useI18n();
  const me = useMe().data;
  const client = useQueryClient();
  const [name, setName] = useState(me?.user.name ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setName(me?.user.name ?? ''), [me?.user.name]);
  if (!me) return null;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await request('/api/auth/update-user', {
        method: 'POST',
        body: JSON.stringify({ name: name.trim() }),
        headers: { 'content-type': 'application/json' },
      });
      await client.invalidateQueries({ queryKey: ME_KEY });
      setSaved(true);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper className={classes.section} radius="lg" p={{ base: 'sm', sm: 'lg' }}>
      <form onSubmit={save}>
        <Stack gap="sm">
          <Title order={2} fz="h4">
            {t('access.account.profile')}
          </Title>
          <TextInput
            label={t('access.field.name')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            required
            readOnly={me.viewAs !== null}
            data-testid="account-name"
          />
          <TextInput
            label={t('access.field.email')}
            value={me.user.email}
            readOnly
            data-testid="account-email"
          />
          <FormError>{error}</FormError>
          <Group justify="flex-end" gap="sm">
            {saved && (
              <Text fz="sm" c="dimmed" role="status">
                {t('access.account.saved')}
              </Text>
            )}
            <Button
              type="submit"
              loading={busy}
              disabled={me.viewAs !== null || !name.trim() || name.trim() === me.user.name}
              data-testid="account-save"
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Ends every session of the person, this one included: a lost phone, a shared computer. */
function SessionsSection() {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    try {
      await revokeSessions();
      window.location.assign('/signin');
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  };
  return (
    <Paper className={classes.section} radius="lg" p={{ base: 'sm', sm: 'lg' }}>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <div>
          <Title order={2} fz="h4">
            {t('access.account.sessions')}
          </Title>
          <Text fz="sm" c="dimmed" mt={2}>
            {t('access.account.sessionsText')}
          </Text>
        </div>
        <Button
          variant="default"
          color="red"
          onClick={() => setAsking(true)}
          data-testid="sign-out-everywhere"
        >
          {t('access.account.signOutEverywhere')}
        </Button>
      </Group>
      {asking && (
        <ConfirmDialog
          title={t('access.account.signOutEverywhere')}
          confirmLabel={t('access.account.signOutEverywhere')}
          busy={busy}
          error={error}
          onConfirm={confirm}
          onClose={() => setAsking(false)}
        >
          {t('access.account.signOutEverywhereConfirm')}
        </ConfirmDialog>
      )}
    </Paper>
  );
}

export default function AccountPage() {
  const { t } = useI18n();
  const me = useMe();
  if (!me.data) return <PageSkeleton />;
  return (
    <Box className={classes.page}>
      <Stack gap="lg">
        <div>
          <Title order={1}>{t('access.account.title')}</Title>
          <Text c="dimmed" fz="sm" mt={2}>
            {t('access.account.subtitle', { org: me.data.org.name, role: t(`access.role.${me.data.role}`) })}
          </Text>
        </div>
        <ProfileSection />
        <Paper className={classes.section} radius="lg" p={{ base: 'sm', sm: 'lg' }}>
          <SecurityPassword />
        </Paper>
        <Paper className={classes.section} radius="lg" p={{ base: 'sm', sm: 'lg' }}>
          <SecurityTwoFactor />
        </Paper>
        <NotificationSettingsSection />
        <TokensSection />
        <SessionsSection />
      </Stack>
    </Box>
  );
}
