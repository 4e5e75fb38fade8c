import { Alert, Button, CopyButton, Group, Paper, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import classes from './secret-once.module.css';

/**
 * A secret the server shows this once (a token, an invitation link): what to do with it, the secret
 * itself, a copy button, and "done". The server keeps only its hash, so it cannot be shown again.
 */
export function SecretOnce({
  title,
  children,
  secret,
  testIds,
  onDone,
}: {
  title: string;
  /** Why it is shown once, or where it went. */
  children: ReactNode;
  secret: string;
  testIds: { secret: string; copy: string; done: string };
  onDone: () => void;
}) {
  const { t } = useI18n();
  return (
    <Stack gap="md">
      <Alert color="green" title={title}>
        {children}
      </Alert>
      <Paper withBorder p="sm" radius="md">
        <Text className={classes.secret} fz="sm" data-testid={testIds.secret}>
          {secret}
        </Text>
      </Paper>
      <Group justify="flex-end" gap="xs">
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button
              variant="light"
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
              data-testid={testIds.copy}
            >
              {copied ? t('access.copied') : t('access.copy')}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone} data-testid={testIds.done}>
          {t('access.done')}
        </Button>
      </Group>
    </Stack>
  );
}
