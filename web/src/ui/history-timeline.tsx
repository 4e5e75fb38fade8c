import { ScrollArea, Skeleton, Stack, Text, Timeline } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A list of past changes, newest first (a target's recorded values, a quota's changes): skeletons
 * while it loads, a sentence when there is none, a scrolling timeline otherwise.
 */
export function HistoryTimeline<T extends { id: number }>({
  items,
  pending,
  empty,
  maxHeight,
  testId,
  title,
  details,
}: {
  items: readonly T[] | undefined;
  pending: boolean;
  empty: string;
  maxHeight: number;
  testId: string;
  title: (item: T) => ReactNode;
  details: (item: T) => ReactNode;
}) {
  if (pending) {
    return (
      <Stack gap="xs">
        <Skeleton h={36} />
        <Skeleton h={36} />
      </Stack>
    );
  }
  if (!items?.length) {
    return (
      <Text fz="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah={maxHeight} type="auto" offsetScrollbars>
      <Timeline bulletSize={12} lineWidth={2} active={0} data-testid={testId}>
        {items.map((item) => (
          <Timeline.Item key={item.id} title={title(item)}>
            {details(item)}
          </Timeline.Item>
        ))}
      </Timeline>
    </ScrollArea.Autosize>
  );
}
