import { Button, Group, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useMe } from '../../api/use-me.ts';
import { useOrgSettings } from '../../api/use-members.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import classes from './admin-page.module.css';

/** The organisation's name and whether every member sees every rep's numbers (off by default). */
export function OrgSettingsSection() {
  const { t } = useI18n();
  const me = useMe().data;
  const settings = useOrgSettings();
  const [name, setName] = useState(me?.org.name ?? '');
  useEffect(() => setName(me?.org.name ?? ''), [me?.org.name]);
  if (!me) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    settings.mutate({ name: name.trim() });
  };
  return (
    <Paper className={classes.section} radius="lg" p={{ base: 'sm', sm: 'lg' }}>
      <Stack gap="md">
        <Title order={2} fz="h4">
          {t('access.org.title')}
        </Title>
        <form onSubmit={submit}>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label={t('access.org.name')}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              required
              style={{ flex: '1 1 240px' }}
              data-testid="org-name"
            />
            <Button
              type="submit"
              variant="default"
              loading={settings.isPending && settings.variables?.name !== undefined}
              disabled={!name.trim() || name.trim() === me.org.name}
              data-testid="org-name-save"
            >
              {t('common.save')}
            </Button>
          </Group>
        </form>
        <Switch
          label={t('access.org.openLeaderboard')}
          description={t('access.org.openLeaderboardText')}
          checked={me.org.openLeaderboard}
          disabled={settings.isPending}
          onChange={(event) => settings.mutate({ openLeaderboard: event.currentTarget.checked })}
          data-testid="org-open-leaderboard"
        />
        <FormError>{settings.error?.message}</FormError>
        {settings.isSuccess && (
          <Text fz="sm" c="dimmed" role="status">
            {t('access.account.saved')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
