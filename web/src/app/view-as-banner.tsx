import { Button, Group, Text } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useMe, useStopViewAs } from '../api/use-me.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import classes from './app-shell.module.css';
import { navigate } from './router.ts';

/** Across the top while an admin views the app as a member: whose eyes, read-only, and the way back. */
export function ViewAsBanner() {
  const { t } = useI18n();
  const me = useMe().data;
  const stop = useStopViewAs();
  if (!me?.viewAs) return null;
  const { name, role } = me.viewAs;
  return (
    <div className={classes.viewAs} role="status" data-testid="view-as-banner">
      <Group gap="xs" justify="center" wrap="wrap" className={classes.inner}>
        <IconEye size={18} aria-hidden />
        <Text fz="sm" fw={600}>
          {t('access.viewAs.banner', { name, role: t(`access.role.${role}`) })}
        </Text>
        <Button
          size="compact-sm"
          variant="filled"
          color="dark.8"
          loading={stop.isPending}
          onClick={() => stop.mutate(undefined, { onSuccess: () => navigate('/settings/members') })}
          data-testid="view-as-stop"
        >
          {t('access.viewAs.stop')}
        </Button>
      </Group>
    </div>
  );
}
