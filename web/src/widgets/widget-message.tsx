import { Center, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** The quiet text in place of a widget's content: no data, an error, an unknown setting. */
export function WidgetMessage({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'error' }) {
  return (
    <Center h="100%" mih={60} px="md">
      <Text fz="sm" c={tone === 'error' ? 'red' : 'dimmed'} ta="center">
        {children}
      </Text>
    </Center>
  );
}
