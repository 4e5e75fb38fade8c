import { Button, Group, Text, Title } from '@mantine/core';
import { IconList, IconPlus, IconSitemap } from '@tabler/icons-react';
import { onLinkClick } from '../../app/router.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import classes from './goals-page.module.css';

/** The list and map views of goals share one header. */
export function GoalsHeader({ view, onCreate }: { view: 'list' | 'map'; onCreate?: () => void }) {
  const { t } = useI18n();
  const search = window.location.search;
  const link = (to: string, active: boolean, icon: React.ReactNode, label: string, testId: string) => (
    <Button
      component="a"
      href={to}
      onClick={(event: React.MouseEvent<HTMLAnchorElement>) => onLinkClick(event, to)}
      variant={active ? 'light' : 'default'}
      size="sm"
      leftSection={icon}
      aria-current={active ? 'page' : undefined}
      data-testid={testId}
    >
      {label}
    </Button>
  );
  return (
    <Group justify="space-between" gap="sm" wrap="wrap" className={classes.header}>
      <div>
        <Title order={1}>{t('goals.title')}</Title>
        <Text c="dimmed" fz="sm" mt={2}>
          {t('goals.subtitle')}
        </Text>
      </div>
      <Group gap="xs" wrap="nowrap">
        <Button.Group>
          {link(
            `/goals${view === 'list' ? search : ''}`,
            view === 'list',
            <IconList size={16} />,
            t('goals.viewList'),
            'view-list',
          )}
          {link('/goals/map', view === 'map', <IconSitemap size={16} />, t('goals.viewMap'), 'view-map')}
        </Button.Group>
        {onCreate && (
          <Button leftSection={<IconPlus size={16} />} onClick={onCreate} data-testid="goal-create">
            {t('goals.new')}
          </Button>
        )}
      </Group>
    </Group>
  );
}
