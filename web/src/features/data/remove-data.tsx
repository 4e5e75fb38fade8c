import {
  Alert,
  Box,
  Button,
  Group,
  List,
  Modal,
  Skeleton,
  Stack,
  Text,
  Title,
  useComputedColorScheme,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { OrgDataCounts } from '../../../../src/core/contracts/imports.ts';
import { navigate } from '../../app/router.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import classes from './data-page.module.css';
import { useOrgDataSummary, useResetOrg } from './use-data-api.ts';

/** Each kind of record with its counted words ("1 deal", "2 deals"), in the order the dialog lists them. */
const KINDS: [keyof OrgDataCounts, MessageKey][] = [
  ['reps', 'data.count.reps'],
  ['accounts', 'data.count.accounts'],
  ['leads', 'data.count.leads'],
  ['deals', 'data.count.deals'],
  ['emails', 'data.count.emails'],
  ['spend', 'data.count.spendRows'],
  ['targets', 'data.count.targets'],
  ['goals', 'data.count.goals'],
  ['tasks', 'data.count.tasks'],
  ['dashboards', 'data.count.dashboards'],
  ['imports', 'data.count.imports'],
];

const total = (counts: OrgDataCounts) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/**
 * "Start with your own data": removes everything the organisation holds — the demo on a first run —
 * after a confirmation that lists exactly what goes. Then the dashboard opens on its empty state.
 */
export function RemoveData() {
  const { t } = useI18n();
  const summary = useOrgDataSummary();
  const reset = useResetOrg();
  const [confirming, setConfirming] = useState(false);
  // Shades that keep their text at 4.5:1 or more against the page and against white.
  const dark = useComputedColorScheme('light') === 'dark';
  const danger = { outline: dark ? 'red.4' : 'red.9', filled: 'red.9' };

  if (summary.isPending) {
    return (
      <Box className={classes.section}>
        <Skeleton h={72} radius="sm" />
      </Box>
    );
  }
  if (summary.isError) {
    return (
      <Box className={classes.section}>
        <Text c="red" fz="sm">
          {summary.error.message}
        </Text>
      </Box>
    );
  }
  const { counts, demoOnly, importRunning, dataVersion } = summary.data;
  const empty = total(counts) === 0;
  const action = t(demoOnly ? 'data.removeDemo' : 'data.removeAll');
  const close = () => {
    setConfirming(false);
    reset.reset();
  };

  return (
    <Box className={classes.section} data-testid="remove-data-section">
      <Stack gap="sm">
        <Title order={2}>{t('data.resetTitle')}</Title>
        <Text fz="sm">
          {empty ? t('data.resetNothing') : t(demoOnly ? 'data.resetDemoHint' : 'data.resetAllHint')}
        </Text>
        {importRunning && (
          <Text fz="sm" c="dimmed">
            {t('data.resetImportRunning')}
          </Text>
        )}
        {!empty && (
          <Group>
            <Button
              color={danger.outline}
              variant="outline"
              leftSection={<IconTrash size={16} />}
              disabled={importRunning}
              onClick={() => {
                void summary.refetch();
                setConfirming(true);
              }}
              data-testid="remove-data"
            >
              {action}
            </Button>
          </Group>
        )}
      </Stack>
      <Modal
        opened={confirming}
        onClose={close}
        closeButtonProps={{ 'aria-label': t('data.resetClose') }}
        title={<Text fw={650}>{t(demoOnly ? 'data.removeDemoTitle' : 'data.removeAllTitle')}</Text>}
      >
        <Stack gap="md" data-testid="confirm-remove-data">
          <Text fz="sm">{t('data.resetDeletes')}</Text>
          <List fz="sm" spacing={2} data-testid="remove-data-counts">
            {KINDS.filter(([key]) => counts[key] > 0).map(([key, words]) => (
              <List.Item key={key}>{t(words, { count: counts[key] })}</List.Item>
            ))}
          </List>
          <Text fz="sm">{t('data.resetAfter')}</Text>
          {reset.isError && (
            <Alert color="red" p="xs">
              <Text fz="sm">{reset.error.message}</Text>
            </Alert>
          )}
          <FormFooter
            label={action}
            onCancel={close}
            onConfirm={() =>
              reset.mutate(dataVersion, {
                onSuccess: () => {
                  setConfirming(false);
                  navigate('/');
                },
              })
            }
            busy={reset.isPending}
            disabled={importRunning}
            color={danger.filled}
            autoFocus
            testId="confirm-remove"
          />
        </Stack>
      </Modal>
    </Box>
  );
}
