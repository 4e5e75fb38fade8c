import { Box, Skeleton, Stack } from '@mantine/core';

export function PageSkeleton() {
  return (
    <Box maw="var(--udn-page-max)" mx="auto" p={{ base: 'sm', sm: 'lg' }}>
      <Stack gap="md">
        <Skeleton h={36} w={280} radius="md" />
        <Skeleton h={240} radius="lg" />
        <Skeleton h={320} radius="lg" />
      </Stack>
    </Box>
  );
}
