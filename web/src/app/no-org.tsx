import { Button } from '@mantine/core';
import { signOut } from '../api/use-auth.ts';
import { AuthLayout } from '../features/auth/auth-layout.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

/** Signed in, yet a member of no organisation (removed from the last one): nothing to show but the way out. */
export function NoOrg() {
  const { t } = useI18n();
  return (
    <AuthLayout title={t('access.noOrg.title')} subtitle={t('access.noOrg.text')}>
      <Button
        variant="default"
        onClick={() => {
          void signOut().finally(() => window.location.assign('/signin'));
        }}
        data-testid="no-org-sign-out"
      >
        {t('access.menu.signOut')}
      </Button>
    </AuthLayout>
  );
}
