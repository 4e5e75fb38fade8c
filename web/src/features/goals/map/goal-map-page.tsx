import { Alert, Box, Skeleton, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useGoalMap } from '../../../api/use-goal-map.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { GoalTextProvider, useGoalTextValue } from '../goal-text.ts';
import { GoalsHeader } from '../goals-header.tsx';
import pageClasses from '../goals-page.module.css';
import { GoalMap } from './goal-map.tsx';
import { GoalOutline } from './goal-outline.tsx';

/** Below this width the map's columns cannot be read at any zoom: an outline takes its place. */
export const OUTLINE_QUERY = '(max-width: 48em)';

/**
 * The goal map as a page of its own (/goals/map): loaded on demand, like every page but the
 * dashboard. A phone gets the same tree as an outline.
 */
export default function GoalMapPage() {
  const { t } = useI18n();
  // Read at the first render, so the page does not draw the map and then swap it.
  const narrow = useMediaQuery(OUTLINE_QUERY, undefined, { getInitialValueInEffect: false });
  const map = useGoalMap();
  const text = useGoalTextValue();
  return (
    <Box className={pageClasses.page}>
      <Stack gap="md">
        <GoalsHeader view="map" />
        {map.isPending ? (
          <Skeleton h={560} radius="lg" />
        ) : map.isError ? (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('map.loadFailed')}>
            {map.error.message}
          </Alert>
        ) : (
          <GoalTextProvider value={text}>
            {narrow ? <GoalOutline root={map.data.root} /> : <GoalMap root={map.data.root} />}
          </GoalTextProvider>
        )}
      </Stack>
    </Box>
  );
}
