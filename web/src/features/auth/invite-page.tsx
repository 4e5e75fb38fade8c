import { Alert, Button, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { HttpError, sendJson } from '../../api/client.ts';
import { fieldErrorOf } from '../../api/field-error.ts';
import { useMe } from '../../api/use-me.ts';
import { acceptInvitation, useInvitationLookup } from '../../api/use-members.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { AuthLayout } from './auth-layout.tsx';
import { PersonFields } from './person-fields.tsx';
import { signInAndOpen } from './sign-in-after.ts';

/** Opens the organisation just joined: it becomes the active one, then a full load starts the app there. */
async function openOrg(slug: string): Promise<void> {
  await sendJson('POST', '/api/v1/me/org', { slug });
  window.location.assign('/');
}

/**
 * An invitation link: which organisation and role it offers; a signed-in person joins with one click,
 * someone new creates their account (the invitation's address, when it names one, is theirs).
 */
export default function InvitePage({ token }: { token: string }) {
  const { t } = useI18n();
  const lookup = useInvitationLookup(token);
  const me = useMe();
  // A 403 (no organisation yet) is still a signed-in person.
  const signedIn = me.isSuccess || (me.error instanceof HttpError && me.error.status === 403);
  const [values, setValues] = useState({ name: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldError = fieldErrorOf(error);
  const formError = error && !fieldError ? (error as Error).message : null;

  const invitation = lookup.data;
  const lockedEmail = invitation?.email ?? null;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  const join = () =>
    run(async () => {
      const joined = await acceptInvitation({ token });
      await openOrg(joined.orgSlug);
    });

  const create = (event: FormEvent) => {
    event.preventDefault();
    const email = (lockedEmail ?? values.email).trim();
    void run(async () => {
      await acceptInvitation({ token, name: values.name.trim(), email, password: values.password });
      await signInAndOpen(email, values.password);
    });
  };

  if (lookup.isPending || me.isPending) {
    return (
      <AuthLayout title={t('access.invite.title')}>
        <Skeleton h={120} radius="md" />
      </AuthLayout>
    );
  }

  const unusable = lookup.isError
    ? t('access.invite.invalid')
    : invitation?.accepted
      ? t('access.invite.accepted')
      : invitation?.expired
        ? t('access.invite.expired')
        : null;
  if (unusable || !invitation) {
    return (
      <AuthLayout title={t('access.invite.title')}>
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} data-testid="invite-unusable">
          {unusable ?? t('access.invite.invalid')}
        </Alert>
      </AuthLayout>
    );
  }

  const offer = t('access.invite.offer', {
    org: invitation.orgName,
    role: t(`access.role.${invitation.role}`),
  });

  if (signedIn) {
    return (
      <AuthLayout title={t('access.invite.title')} subtitle={offer}>
        <Text fz="sm" data-testid="invite-offer">
          {me.data ? t('access.invite.joinAs', { email: me.data.user.email }) : offer}
        </Text>
        <FormError>{formError}</FormError>
        <Button onClick={join} loading={busy} fullWidth data-testid="invite-join">
          {t('access.invite.join')}
        </Button>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('access.invite.title')} subtitle={<span data-testid="invite-offer">{offer}</span>}>
      <form onSubmit={create} noValidate>
        <Stack gap="sm">
          <PersonFields
            values={values}
            onChange={(field, value) => setValues((current) => ({ ...current, [field]: value }))}
            fieldError={fieldError}
            testId="invite"
            lockedEmail={lockedEmail}
          />
          <FormError>{formError}</FormError>
          <Button type="submit" loading={busy} fullWidth data-testid="invite-accept">
            {t('access.invite.create')}
          </Button>
          <Text fz="sm" c="dimmed" ta="center">
            {t('access.invite.haveAccount')}{' '}
            <a href={`/signin?next=${encodeURIComponent(`/invite/${token}`)}`}>{t('access.signin.submit')}</a>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
