import { AppShell, Box, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import {
  IconChecklist,
  IconDatabaseImport,
  IconLanguage,
  IconLayoutDashboard,
  IconTarget,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useLiveEvents } from '../api/use-live-events.ts';
import { NotificationBell } from '../features/notifications/notification-bell.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { LiveBadge } from '../ui/live-badge.tsx';
import { ThemeToggle } from '../ui/theme-toggle.tsx';
import classes from './app-shell.module.css';
import { ForbiddenNotice } from './forbidden-notice.tsx';
import { onLinkClick, useRoute } from './router.ts';
import { UserMenu } from './user-menu.tsx';
import { ViewAsBanner } from './view-as-banner.tsx';

function NavLink({
  to,
  active,
  icon,
  label,
  testId,
}: {
  to: string;
  active: boolean;
  icon: ReactNode;
  label: string;
  testId: string;
}) {
  return (
    <UnstyledButton
      component="a"
      href={to}
      className={classes.navLink}
      data-active={active || undefined}
      aria-current={active ? 'page' : undefined}
      onClick={(event: React.MouseEvent<HTMLAnchorElement>) => onLinkClick(event, to)}
      data-testid={testId}
    >
      {icon}
      <span className={classes.navLabel}>{label}</span>
    </UnstyledButton>
  );
}

function LanguageMenu() {
  const { t, locale, setLocale } = useI18n();
  return (
    <Menu position="bottom-end" width={180}>
      <Menu.Target>
        <UnstyledButton
          className={classes.langButton}
          aria-label={`${t('language.label')}: ${locale.toUpperCase()}`}
          data-testid="language-menu"
        >
          <IconLanguage size={18} className={classes.langIcon} />
          <Text span fz="sm" fw={600}>
            {locale.toUpperCase()}
          </Text>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.label')}</Menu.Label>
        <Menu.Item onClick={() => setLocale('en')} data-testid="language-en" fw={locale === 'en' ? 600 : 400}>
          English
        </Menu.Item>
        <Menu.Item onClick={() => setLocale('id')} data-testid="language-id" fw={locale === 'id' ? 600 : 400}>
          Bahasa Indonesia
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function AppShellLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { route } = useRoute();
  const live = useLiveEvents();
  const search = window.location.search;
  return (
    <AppShell header={{ height: 56 }} padding={0}>
      <AppShell.Header className={classes.header}>
        <Group
          h="100%"
          px={{ base: 'sm', sm: 'lg' }}
          justify="space-between"
          wrap="nowrap"
          className={classes.inner}
        >
          <Group gap="md" wrap="nowrap">
            <a href="/" className={classes.brand} onClick={(event) => onLinkClick(event, '/')}>
              <Box className={classes.logo} aria-hidden>
                <svg viewBox="0 0 32 32" width="28" height="28" role="presentation">
                  <rect width="32" height="32" rx="8" fill="currentColor" />
                  <path d="M9 21v-6M16 21V10M23 21v-9" stroke="white" strokeWidth="3" strokeLinecap="round" />
                </svg>
              </Box>
              <Text fw={700} fz="lg" className={classes.brandName}>
                UDN
              </Text>
            </a>
            {/* A row in the header; on phones a tab bar at the bottom of the screen (CSS only). */}
            <nav className={classes.nav} aria-label={t('nav.label')}>
              <NavLink
                to={route.page === 'dashboard' ? window.location.pathname + search : `/${search}`}
                active={route.page === 'dashboard'}
                icon={<IconLayoutDashboard size={18} />}
                label={t('nav.dashboards')}
                testId="nav-dashboards"
              />
              <NavLink
                to="/goals"
                active={route.page === 'goals' || route.page === 'goal-map'}
                icon={<IconTarget size={18} />}
                label={t('nav.goals')}
                testId="nav-goals"
              />
              <NavLink
                to="/tasks"
                active={route.page === 'tasks'}
                icon={<IconChecklist size={18} />}
                label={t('nav.tasks')}
                testId="nav-tasks"
              />
              <NavLink
                to="/data"
                active={route.page === 'data'}
                icon={<IconDatabaseImport size={18} />}
                label={t('nav.data')}
                testId="nav-data"
              />
            </nav>
          </Group>
          <Group gap={2} wrap="nowrap">
            <LiveBadge status={live} />
            <LanguageMenu />
            <ThemeToggle testId="theme-toggle" />
            <NotificationBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main className={classes.main}>
        <ViewAsBanner />
        <ForbiddenNotice />
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
