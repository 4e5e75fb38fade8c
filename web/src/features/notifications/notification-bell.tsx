import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  Indicator,
  SegmentedControl,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useState } from 'react';
import { type NotificationItem, useMarkRead, useNotifications } from '../../api/use-notifications.ts';
import { navigate, onLinkClick } from '../../app/router.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useFormat } from '../../ui/use-format.ts';
import classes from './notification-bell.module.css';
import { relativeTime } from './relative-time.ts';

/** One notification: what, when, and a click that opens what it links to and marks it read. */
function NotificationRow({
  item,
  onOpen,
}: {
  item: NotificationItem;
  onOpen: (item: NotificationItem) => void;
}) {
  const { t, locale } = useI18n();
  const format = useFormat();
  return (
    <UnstyledButton
      className={classes.item}
      data-unread={!item.read || undefined}
      onClick={() => onOpen(item)}
      data-testid="notification-item"
    >
      <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
        <Text fz="sm" fw={item.read ? 500 : 650} className={classes.title}>
          {item.title}
        </Text>
        {!item.read && (
          <Badge size="xs" variant="light" className={classes.unreadMark}>
            {t('bell.newMark')}
          </Badge>
        )}
      </Group>
      {item.body && (
        <Text fz="sm" c="dimmed" className={classes.body} data-testid="notification-body">
          {item.body}
        </Text>
      )}
      <Text fz="xs" c="dimmed" mt={4} title={format.instant(item.createdAt, true)}>
        {t(`notify.kind.${item.kind}`)} · {relativeTime(item.createdAt, Date.now(), locale)}
      </Text>
    </UnstyledButton>
  );
}

/**
 * The bell in the header: the unread count (kept current by the live stream's
 * notifications-changed, and after each data change), and a drawer with the notifications — unread
 * first shown, or all — each opening its link and marking itself read.
 */
export function NotificationBell() {
  const { t, plural } = useI18n();
  const [opened, setOpened] = useState(false);
  const [show, setShow] = useState<'unread' | 'all'>('all');
  const counted = useNotifications(false, 20);
  const list = useNotifications(show === 'unread', 50);
  const markRead = useMarkRead();
  const unread = counted.data?.unread ?? 0;
  const label = plural('bell.label', unread);
  const items = list.data?.notifications ?? [];

  const open = (item: NotificationItem) => {
    if (!item.read) markRead.mutate([item.id]);
    if (item.link) {
      setOpened(false);
      navigate(item.link);
    }
  };
  const go = (to: string) => (event: React.MouseEvent<HTMLAnchorElement>) => {
    setOpened(false);
    onLinkClick(event, to);
  };

  return (
    <>
      <Tooltip label={label}>
        <Indicator
          label={unread > 99 ? '99+' : unread}
          disabled={unread === 0}
          size={16}
          offset={7}
          color="red"
          className={classes.indicator}
          data-testid="bell-count"
          data-count={unread}
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={label}
            aria-haspopup="dialog"
            aria-expanded={opened}
            onClick={() => setOpened(true)}
            data-testid="bell"
          >
            <IconBell size={18} />
          </ActionIcon>
        </Indicator>
      </Tooltip>
      <Drawer
        opened={opened}
        onClose={() => setOpened(false)}
        position="right"
        size="md"
        title={<Text fw={650}>{t('bell.title')}</Text>}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        data-testid="bell-drawer"
      >
        <Stack gap="sm">
          <Group justify="space-between" gap="xs">
            <SegmentedControl
              size="xs"
              value={show}
              onChange={(value) => setShow(value === 'unread' ? 'unread' : 'all')}
              data={[
                { value: 'all', label: t('bell.all') },
                { value: 'unread', label: t('bell.unread') },
              ]}
              aria-label={t('bell.showAll')}
              data-testid="bell-filter"
            />
            <Button
              size="xs"
              variant="subtle"
              disabled={unread === 0}
              loading={markRead.isPending}
              onClick={() => markRead.mutate('all')}
              data-testid="bell-mark-all"
            >
              {t('bell.markAll')}
            </Button>
          </Group>
          {items.length === 0 && !list.isPending ? (
            <Text fz="sm" c="dimmed" py="lg" ta="center" data-testid="bell-empty">
              {show === 'unread' ? t('bell.emptyUnread') : t('bell.empty')}
            </Text>
          ) : (
            <Stack gap={4} data-testid="bell-list">
              {items.map((item) => (
                <NotificationRow key={item.id} item={item} onOpen={open} />
              ))}
            </Stack>
          )}
          <Group gap="md" justify="center" pt="xs">
            <Anchor href="/alerts" fz="sm" onClick={go('/alerts')} data-testid="bell-alerts">
              {t('bell.alertsPage')}
            </Anchor>
            <Anchor href="/account#notifications" fz="sm" onClick={go('/account#notifications')}>
              {t('bell.settings')}
            </Anchor>
          </Group>
        </Stack>
      </Drawer>
    </>
  );
}
