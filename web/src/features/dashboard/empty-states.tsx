import { Button, EmptyState, Paper } from '@mantine/core';
import { IconDatabaseImport, IconLayoutGridAdd, IconMoodEmpty } from '@tabler/icons-react';
import { navigate } from '../../app/router.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** An organisation without sales data: say so, and point to the one place that fixes it. */
export function NoData() {
  const { t } = useI18n();
  return (
    <Paper withBorder p="xl" data-testid="empty-org" bg="var(--udn-surface)">
      <EmptyState
        icon={<IconDatabaseImport size={28} />}
        variant="light"
        size="lg"
        title={t('empty.noDataTitle')}
        description={t('empty.noData')}
      >
        <EmptyState.Actions>
          <Button leftSection={<IconDatabaseImport size={16} />} onClick={() => navigate('/data')}>
            {t('empty.importData')}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Paper>
  );
}

export function EmptyDashboard({ kind, onAction }: { kind: 'empty' | 'missing'; onAction: () => void }) {
  const { t } = useI18n();
  return (
    <Paper withBorder p="xl" bg="var(--udn-surface)">
      <EmptyState
        icon={kind === 'empty' ? <IconLayoutGridAdd size={28} /> : <IconMoodEmpty size={28} />}
        variant="light"
        title={kind === 'empty' ? t('empty.noWidgetsTitle') : t('empty.missingTitle')}
        description={kind === 'empty' ? t('empty.noWidgets') : t('empty.missing')}
      >
        <EmptyState.Actions>
          <Button onClick={onAction}>
            {kind === 'empty' ? t('dashboard.addWidget') : t('empty.backToDefault')}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Paper>
  );
}
