import {
  Alert,
  Anchor,
  Button,
  Divider,
  Group,
  PasswordInput,
  PinInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconKey } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { HttpError } from '../../api/client.ts';
import { signIn, startSso, useAuthOptions, verifyTotp } from '../../api/use-auth.ts';
import { useRoute } from '../../app/router.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { AuthLayout } from './auth-layout.tsx';
import { safeNext } from './sign-in-after.ts';
import { ssoErrorMessage } from './sso-error.ts';

/** Why sign-in failed, in the reader's words: wrong credentials, too many tries, or the server's reason. */
function failureText(error: unknown, t: ReturnType<typeof useI18n>['t']): string {
  if (error instanceof HttpError) {
    if (error.status === 401 || error.status === 400) return t('access.signin.wrong');
    if (error.status === 429) return t('access.signin.tooMany');
  }
  return error instanceof Error ? error.message : String(error);
}

/** Email and password, then a second factor when the account has one; single sign-on when set up. */
export default function SignInPage() {
  const { t } = useI18n();
  const { search } = useRoute();
  const next = safeNext(search.get('next'));
  const options = useAuthOptions().data;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A refused single sign-on comes back as ?error=…; shown until closed or another try starts.
  const [ssoError, setSsoError] = useState(() => ssoErrorMessage(search.get('error')));

  const open = () => window.location.assign(next);

  const submitPassword = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSsoError(null);
    try {
      const answer = await signIn(email.trim(), password);
      if (answer.twoFactorRedirect) {
        setStep('code');
        setBusy(false);
        return;
      }
      open();
    } catch (failure) {
      setError(failureText(failure, t));
      setBusy(false);
    }
  };

  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await verifyTotp(code);
      open();
    } catch (failure) {
      setError(
        failure instanceof HttpError && failure.status !== 429
          ? t('access.signin.wrongCode')
          : failureText(failure, t),
      );
      setBusy(false);
    }
  };

  const sso = async () => {
    setError(null);
    setSsoError(null);
    try {
      await startSso(next);
    } catch (failure) {
      setError(failureText(failure, t));
    }
  };

  if (step === 'code') {
    return (
      <AuthLayout title={t('access.signin.codeTitle')} subtitle={t('access.signin.codeSubtitle')}>
        <form onSubmit={submitCode}>
          <Stack gap="md">
            <Group justify="center">
              <PinInput
                length={6}
                type="number"
                oneTimeCode
                autoFocus
                value={code}
                onChange={setCode}
                aria-label={t('access.signin.code')}
                getInputProps={(index) => ({ 'aria-label': t('access.signin.codeDigit', { n: index + 1 }) })}
                data-testid="two-factor-code"
              />
            </Group>
            <FormError>{error}</FormError>
            <Button
              type="submit"
              loading={busy}
              disabled={code.length < 6}
              fullWidth
              data-testid="two-factor-submit"
            >
              {t('access.signin.verify')}
            </Button>
            <Anchor component="button" type="button" fz="sm" onClick={() => setStep('password')}>
              {t('common.back')}
            </Anchor>
          </Stack>
        </form>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('access.signin.title')} subtitle={t('access.signin.subtitle')}>
      {ssoError && (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={18} />}
          title={t('access.signin.ssoError.title')}
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => setSsoError(null)}
          data-testid="sso-error"
        >
          {t(ssoError)}
        </Alert>
      )}
      <form onSubmit={submitPassword} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('access.field.email')}
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            data-testid="signin-email"
          />
          <PasswordInput
            label={t('access.field.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            data-testid="signin-password"
          />
          <Group justify="flex-end">
            <Anchor href="/forgot-password" fz="sm" data-testid="forgot-password">
              {t('access.signin.forgot')}
            </Anchor>
          </Group>
          <FormError>{error}</FormError>
          <Button type="submit" loading={busy} fullWidth data-testid="signin-submit">
            {t('access.signin.submit')}
          </Button>
        </Stack>
      </form>
      {options?.sso.enabled && (
        <>
          <Divider label={t('access.signin.or')} labelPosition="center" />
          <Button
            variant="default"
            leftSection={<IconKey size={16} />}
            onClick={sso}
            fullWidth
            data-testid="sso-sign-in"
          >
            {t('access.signin.sso', { name: options.sso.name ?? 'SSO' })}
          </Button>
        </>
      )}
      <Text fz="xs" c="dimmed" ta="center">
        {t('access.signin.noAccount')}
      </Text>
    </AuthLayout>
  );
}
