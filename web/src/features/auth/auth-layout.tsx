import { ActionIcon, Group, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ThemeToggle } from '../../ui/theme-toggle.tsx';
import classes from './auth-layout.module.css';

/** The pages before the app (setup, sign-in, an invitation): one card, the brand, language and theme. */
export function AuthLayout({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  const { t, locale, setLocale } = useI18n();
  return (
    <main className={classes.page}>
      <div className={classes.top}>
        <div className={classes.brand}>
          <span className={classes.logo} aria-hidden>
            <svg viewBox="0 0 32 32" width="28" height="28" role="presentation">
              <rect width="32" height="32" rx="8" fill="currentColor" />
              <path d="M9 21v-6M16 21V10M23 21v-9" stroke="white" strokeWidth="3" strokeLinecap="round" />
            </svg>
          </span>
          <Text fw={700} fz="lg">
            UDN
          </Text>
        </div>
        <Group gap={4}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            onClick={() => setLocale(locale === 'en' ? 'id' : 'en')}
            data-testid="auth-language"
          >
            <Text span fz="xs" fw={700} aria-hidden>
              {locale === 'en' ? 'ID' : 'EN'}
            </Text>
            <VisuallyHidden>{`${t('language.label')}: ${locale === 'en' ? 'Bahasa Indonesia' : 'English'}`}</VisuallyHidden>
          </ActionIcon>
          <ThemeToggle />
        </Group>
      </div>
      <Paper className={classes.card} radius="lg" p={{ base: 'md', sm: 'xl' }} shadow="xs">
        <Stack gap="lg">
          <div>
            <Title order={1} fz="h2">
              {title}
            </Title>
            {subtitle && (
              <Text c="dimmed" fz="sm" mt={4}>
                {subtitle}
              </Text>
            )}
          </div>
          {children}
        </Stack>
      </Paper>
    </main>
  );
}
