import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A dialog's heading: what it is, and under it what it is about (a target, a metric and period). */
export function DialogTitle({ title, subtitle }: { title: ReactNode; subtitle: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text fw={650}>{title}</Text>
      <Text fz="xs" c="dimmed">
        {subtitle}
      </Text>
    </Stack>
  );
}
