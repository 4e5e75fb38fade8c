import { Button, EmptyState, Paper } from '@mantine/core';
import { IconSearchOff, IconTarget } from '@tabler/icons-react';
import { useI18n } from '../../i18n/i18n-context.tsx';

/** No goals yet (start one), or none matching the search and filters. */
export function EmptyGoals({ filtered, onCreate }: { filtered: boolean; onCreate: () => void }) {
  const { t } = useI18n();
  return (
    <Paper withBorder p="xl" bg="var(--udn-surface)" data-testid="goals-empty">
      <EmptyState
        icon={filtered ? <IconSearchOff size={28} /> : <IconTarget size={28} />}
        variant="light"
        title={filtered ? t('goals.noMatchTitle') : t('goals.emptyTitle')}
        description={filtered ? t('goals.noMatch') : t('goals.empty')}
      >
        {!filtered && (
          <EmptyState.Actions>
            <Button onClick={onCreate}>{t('goals.new')}</Button>
          </EmptyState.Actions>
        )}
      </EmptyState>
    </Paper>
  );
}
