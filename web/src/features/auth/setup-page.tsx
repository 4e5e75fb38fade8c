import { Button, Checkbox, PasswordInput, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { fieldErrorOf, messageFor } from '../../api/field-error.ts';
import { postSetup } from '../../api/use-auth.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { AuthLayout } from './auth-layout.tsx';
import { PersonFields } from './person-fields.tsx';
import { signInAndOpen } from './sign-in-after.ts';

/** The first run: the owner's account and their organisation, with the demo data unless they say no. */
export default function SetupPage() {
  const { t } = useI18n();
  const [values, setValues] = useState({
    name: '',
    email: '',
    password: '',
    repeat: '',
    orgName: '',
    demo: true,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const set = (field: keyof typeof values) => (event: React.ChangeEvent<HTMLInputElement>) => {
    // Read now: the event's target is gone by the time React runs the update.
    const value = field === 'demo' ? event.currentTarget.checked : event.currentTarget.value;
    setValues((current) => ({ ...current, [field]: value }));
  };
  const fieldError = fieldErrorOf(error);
  const formError = error && !fieldError ? (error as Error).message : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (values.password !== values.repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    setError(null);
    try {
      const { repeat: _, ...body } = values;
      await postSetup({
        ...body,
        email: body.email.trim(),
        name: body.name.trim(),
        orgName: body.orgName.trim(),
      });
      await signInAndOpen(body.email.trim(), body.password);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('access.setup.title')} subtitle={t('access.setup.subtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <PersonFields
            values={values}
            onChange={(field, value) => setValues((current) => ({ ...current, [field]: value }))}
            fieldError={fieldError}
            testId="setup"
          />
          <PasswordInput
            label={t('access.field.passwordRepeat')}
            autoComplete="new-password"
            required
            value={values.repeat}
            onChange={set('repeat')}
            error={mismatch ? t('access.field.passwordMismatch') : undefined}
            data-testid="setup-password-repeat"
          />
          <TextInput
            label={t('access.setup.orgName')}
            required
            value={values.orgName}
            onChange={set('orgName')}
            error={messageFor(fieldError, 'orgName')}
            data-testid="setup-org-name"
          />
          <Checkbox
            label={t('access.setup.demo')}
            description={t('access.setup.demoHint')}
            checked={values.demo}
            onChange={set('demo')}
            data-testid="setup-demo"
          />
          <FormError>{formError}</FormError>
          <Button type="submit" loading={busy} fullWidth mt="xs" data-testid="setup-submit">
            {t('access.setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
