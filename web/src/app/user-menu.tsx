import { Avatar, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import {
  IconBell,
  IconBellCog,
  IconHistory,
  IconLogout,
  IconSwitchHorizontal,
  IconUser,
  IconUsers,
} from '@tabler/icons-react';
import { isAdminRole } from '../api/access-types.ts';
import { signOut } from '../api/use-auth.ts';
import { useMe, useSwitchOrg } from '../api/use-me.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import classes from './app-shell.module.css';
import { navigate } from './router.ts';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');

/** The signed-in person: their account, the organisation's admin pages, other organisations, sign out. */
export function UserMenu() {
  const { t } = useI18n();
  const me = useMe().data;
  const switchOrg = useSwitchOrg();
  if (!me) return null;
  // While viewing as someone, the menu stays the admin's own: the banner is the way back.
  const admin = isAdminRole(me.viewAs ? 'admin' : me.role);
  const others = me.orgs.filter((org) => org.slug !== me.org.slug);
  const go = (to: string) => () => navigate(to);
  return (
    <Menu position="bottom-end" width={240}>
      <Menu.Target>
        {/* Named by hidden text, not aria-label: a label without the visible initials fails axe. */}
        <UnstyledButton className={classes.userButton} data-testid="user-menu">
          <Avatar size={30} radius="xl" color="brand" variant="light" aria-hidden>
            {initials(me.user.name)}
          </Avatar>
          <VisuallyHidden>{t('access.menu.label', { name: me.user.name })}</VisuallyHidden>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text fz="sm" fw={600} c="var(--mantine-color-text)" truncate>
            {me.user.name}
          </Text>
          <Text fz="xs" truncate>
            {me.org.name} · {t(`access.role.${me.role}`)}
          </Text>
        </Menu.Label>
        <Menu.Item leftSection={<IconUser size={16} />} onClick={go('/account')} data-testid="menu-account">
          {t('access.menu.account')}
        </Menu.Item>
        <Menu.Item leftSection={<IconBell size={16} />} onClick={go('/alerts')} data-testid="menu-alerts">
          {t('access.menu.alerts')}
        </Menu.Item>
        {admin && (
          <>
            <Menu.Item
              leftSection={<IconUsers size={16} />}
              onClick={go('/settings/members')}
              data-testid="menu-members"
            >
              {t('access.menu.members')}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconHistory size={16} />}
              onClick={go('/settings/audit')}
              data-testid="menu-audit"
            >
              {t('access.menu.audit')}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconBellCog size={16} />}
              onClick={go('/settings/notifications')}
              data-testid="menu-notifications"
            >
              {t('access.menu.notifications')}
            </Menu.Item>
          </>
        )}
        {others.length > 0 && (
          <>
            <Menu.Divider />
            <Menu.Label>{t('access.menu.switchOrg')}</Menu.Label>
            {others.map((org) => (
              <Menu.Item
                key={org.slug}
                leftSection={<IconSwitchHorizontal size={16} />}
                onClick={() => switchOrg.mutate(org.slug, { onSuccess: () => navigate('/') })}
                data-testid={`org-switch-${org.slug}`}
              >
                {org.name}
              </Menu.Item>
            ))}
          </>
        )}
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          onClick={() => {
            void signOut().finally(() => window.location.assign('/signin'));
          }}
          data-testid="menu-sign-out"
        >
          {t('access.menu.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
