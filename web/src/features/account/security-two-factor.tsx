import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Image,
  PasswordInput,
  PinInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import QRCode from 'qrcode';
import { type FormEvent, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { authCall, authErrorText, useAccountChanged, useAuthSession } from './security-auth-api.tsx';

type Step =
  | { name: 'idle' }
  | { name: 'password'; action: 'enable' | 'disable' }
  | { name: 'scan'; totpURI: string; backupCodes: string[] }
  | { name: 'backup'; backupCodes: string[] };

/** The secret of an otpauth:// URI, for people who type it into their app instead of scanning. */
const secretOf = (totpURI: string): string => new URL(totpURI).searchParams.get('secret') ?? '';

function QrImage({ text, alt }: { text: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // White margin and black modules whatever the theme: scanners need the contrast.
    QRCode.toDataURL(text, { margin: 2, width: 200, errorCorrectionLevel: 'M' }).then((url) => {
      if (live) setSrc(url);
    });
    return () => {
      live = false;
    };
  }, [text]);
  return src ? (
    <Image src={src} alt={alt} w={200} h={200} radius="sm" data-testid="two-factor-qr" />
  ) : (
    <Skeleton w={200} h={200} radius="sm" />
  );
}

/**
 * Two-factor sign-in with an authenticator app (TOTP): turning it on asks for the password, shows the
 * QR code, takes one code to prove the app holds the secret, then shows the backup codes once.
 * Turning it off asks for the password again.
 */
export function SecurityTwoFactor() {
  const { t } = useI18n();
  const session = useAuthSession();
  const changed = useAccountChanged();
  const [step, setStep] = useState<Step>({ name: 'idle' });
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(authErrorText(failure, t));
    } finally {
      setBusy(false);
    }
  };

  const submitPassword = (event: FormEvent, action: 'enable' | 'disable') => {
    event.preventDefault();
    void run(async () => {
      if (action === 'enable') {
        const answer = await authCall<{ totpURI: string; backupCodes: string[] }>('two-factor/enable', {
          password,
        });
        setStep({ name: 'scan', totpURI: answer.totpURI, backupCodes: answer.backupCodes });
      } else {
        await authCall('two-factor/disable', { password });
        await changed();
        setStep({ name: 'idle' });
      }
      setPassword('');
    });
  };

  const confirmCode = (event: FormEvent, backupCodes: string[]) => {
    event.preventDefault();
    void run(async () => {
      await authCall('two-factor/verify-totp', { code });
      setCode('');
      await changed();
      setStep({ name: 'backup', backupCodes });
    });
  };

  if (session.isPending) return <Skeleton h={96} radius="sm" />;
  const enabled = Boolean(session.data?.user.twoFactorEnabled);

  return (
    <Stack gap="sm" data-testid="two-factor-section">
      <Group justify="space-between" wrap="nowrap">
        <Title order={3} fz="h4">
          {t('security.twoFactor.title')}
        </Title>
        <Badge
          color={enabled ? 'teal' : 'gray'}
          variant="light"
          leftSection={enabled ? <IconShieldCheck size={14} /> : null}
          data-testid="two-factor-status"
          data-enabled={enabled}
        >
          {t(enabled ? 'security.twoFactor.on' : 'security.twoFactor.off')}
        </Badge>
      </Group>
      <Text fz="sm" c="dimmed">
        {t('security.twoFactor.about')}
      </Text>

      {step.name === 'idle' && (
        <Group>
          <Button
            variant={enabled ? 'default' : 'filled'}
            color={enabled ? 'red' : undefined}
            onClick={() => setStep({ name: 'password', action: enabled ? 'disable' : 'enable' })}
            data-testid={enabled ? 'two-factor-disable' : 'two-factor-enable'}
          >
            {t(enabled ? 'security.twoFactor.disable' : 'security.twoFactor.enable')}
          </Button>
        </Group>
      )}

      {step.name === 'password' && (
        <form onSubmit={(event) => submitPassword(event, step.action)}>
          <Stack gap="xs" maw={360}>
            <PasswordInput
              label={t('security.currentPassword')}
              description={t(
                step.action === 'enable'
                  ? 'security.twoFactor.passwordToEnable'
                  : 'security.twoFactor.passwordToDisable',
              )}
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              autoComplete="current-password"
              required
              autoFocus
              data-testid="two-factor-password"
            />
            <Group gap="xs">
              <Button type="submit" loading={busy} data-testid="two-factor-password-submit">
                {t('common.apply')}
              </Button>
              <Button variant="subtle" onClick={() => setStep({ name: 'idle' })} disabled={busy}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}

      {step.name === 'scan' && (
        <form onSubmit={(event) => confirmCode(event, step.backupCodes)}>
          <Stack gap="sm">
            <Text fz="sm">{t('security.twoFactor.scan')}</Text>
            <QrImage text={step.totpURI} alt={t('security.twoFactor.qrAlt')} />
            <Text fz="sm">
              {t('security.twoFactor.orType')}{' '}
              <Code data-testid="two-factor-secret" style={{ wordBreak: 'break-all' }}>
                {secretOf(step.totpURI)}
              </Code>
            </Text>
            <Stack gap={4}>
              <Text fz="sm" fw={500} id="two-factor-setup-code-label">
                {t('security.twoFactor.codeLabel')}
              </Text>
              <PinInput
                length={6}
                type="number"
                oneTimeCode
                value={code}
                onChange={setCode}
                aria-labelledby="two-factor-setup-code-label"
                data-testid="two-factor-setup-code"
              />
            </Stack>
            <Group gap="xs">
              <Button
                type="submit"
                loading={busy}
                disabled={code.length !== 6}
                data-testid="two-factor-confirm"
              >
                {t('security.twoFactor.confirm')}
              </Button>
              <Button variant="subtle" onClick={() => setStep({ name: 'idle' })} disabled={busy}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}

      {step.name === 'backup' && (
        <Stack gap="sm">
          <Alert color="yellow" title={t('security.twoFactor.backupTitle')}>
            {t('security.twoFactor.backupAbout')}
          </Alert>
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs" data-testid="two-factor-backup-codes">
            {step.backupCodes.map((backup) => (
              <Code key={backup} ta="center" fz="sm">
                {backup}
              </Code>
            ))}
          </SimpleGrid>
          <Group gap="xs">
            <CopyButton value={step.backupCodes.join('\n')}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {t(copied ? 'security.copied' : 'security.twoFactor.copyCodes')}
                </Button>
              )}
            </CopyButton>
            <Button onClick={() => setStep({ name: 'idle' })} data-testid="two-factor-done">
              {t('security.twoFactor.done')}
            </Button>
          </Group>
        </Stack>
      )}

      {error && (
        <Text c="red" fz="sm" role="alert" data-testid="two-factor-error">
          {error}
        </Text>
      )}
    </Stack>
  );
}
