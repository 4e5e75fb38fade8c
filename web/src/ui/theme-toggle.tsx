import { ActionIcon, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * Light or dark, named for the one it switches to. `fallback` is the scheme assumed before the
 * browser's is known (the TV starts dark); `size="xl"` is the TV's, to be hit from across a room.
 */
export function ThemeToggle({
  fallback = 'light',
  size = 'lg',
  testId,
}: {
  fallback?: 'light' | 'dark';
  size?: 'lg' | 'xl';
  testId?: string;
}) {
  const { t } = useI18n();
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme(fallback);
  const label = computed === 'dark' ? t('theme.light') : t('theme.dark');
  const icon = size === 'xl' ? 24 : 18;
  return (
    <Tooltip label={label}>
      <ActionIcon
        variant="subtle"
        color="gray"
        size={size}
        aria-label={label}
        onClick={() => setColorScheme(computed === 'dark' ? 'light' : 'dark')}
        data-testid={testId}
      >
        {computed === 'dark' ? <IconSun size={icon} /> : <IconMoon size={icon} />}
      </ActionIcon>
    </Tooltip>
  );
}
