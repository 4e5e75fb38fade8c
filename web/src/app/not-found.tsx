import { Button, EmptyState } from '@mantine/core';
import { IconMapOff } from '@tabler/icons-react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { navigate } from './router.ts';

export function NotFound() {
  const { t } = useI18n();
  return (
    <EmptyState
      mt="xl"
      icon={<IconMapOff size={28} />}
      variant="light"
      title={t('notFound.title')}
      description={t('notFound.description')}
    >
      <EmptyState.Actions>
        <Button onClick={() => navigate('/')}>{t('notFound.action')}</Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
