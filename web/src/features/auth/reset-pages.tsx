import { useI18n } from '../../i18n/i18n-context.tsx';
import { AuthLayout } from './auth-layout.tsx';
import { ResetPasswordForm } from './reset-password.tsx';
import { ResetRequestForm } from './reset-request.tsx';

export function ResetPasswordPage() {
  const { t } = useI18n();
  return (
    <AuthLayout title={t('security.reset.title')}>
      <ResetPasswordForm />
    </AuthLayout>
  );
}

export function ForgotPasswordPage() {
  const { t } = useI18n();
  return (
    <AuthLayout title={t('security.forgot.title')}>
      <ResetRequestForm />
    </AuthLayout>
  );
}
