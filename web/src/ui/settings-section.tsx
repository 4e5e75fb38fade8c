import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './settings-section.module.css';

/** One card of a settings page (tokens, members, invitations): its title, what it is for, its buttons. */
export function SettingsSection({
  title,
  text,
  actions,
  children,
}: {
  title: string;
  text: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper className={classes.section} radius="lg" p={{ base: 'sm', sm: 'lg' }}>
      <Stack gap="md">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <div>
            <Title order={2} fz="h4">
              {title}
            </Title>
            <Text fz="sm" c="dimmed" mt={2}>
              {text}
            </Text>
          </div>
          {actions}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}
