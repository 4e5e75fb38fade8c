import { PasswordInput, TextInput } from '@mantine/core';
import { type FieldError, messageFor } from '../../api/field-error.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

export interface PersonValues {
  name: string;
  email: string;
  password: string;
}

/**
 * A new person's name, email and password (the first run's owner, someone accepting an invitation),
 * each with the error the server named it in. An invitation to one address shows it, not to be changed.
 */
export function PersonFields({
  values,
  onChange,
  fieldError,
  testId,
  lockedEmail = null,
}: {
  values: PersonValues;
  onChange: (field: keyof PersonValues, value: string) => void;
  fieldError: FieldError | null;
  /** The inputs' test ids are `${testId}-name`, `${testId}-email` and `${testId}-password`. */
  testId: string;
  lockedEmail?: string | null;
}) {
  const { t } = useI18n();
  return (
    <>
      <TextInput
        label={t('access.field.name')}
        autoComplete="name"
        required
        value={values.name}
        onChange={(event) => onChange('name', event.currentTarget.value)}
        error={messageFor(fieldError, 'name')}
        data-testid={`${testId}-name`}
      />
      <TextInput
        label={t('access.field.email')}
        type="email"
        autoComplete="email"
        required
        readOnly={lockedEmail !== null}
        value={lockedEmail ?? values.email}
        onChange={(event) => onChange('email', event.currentTarget.value)}
        description={lockedEmail ? t('access.invite.emailLocked') : undefined}
        error={messageFor(fieldError, 'email')}
        data-testid={`${testId}-email`}
      />
      <PasswordInput
        label={t('access.field.password')}
        description={t('access.field.passwordHint')}
        autoComplete="new-password"
        required
        value={values.password}
        onChange={(event) => onChange('password', event.currentTarget.value)}
        error={messageFor(fieldError, 'password')}
        data-testid={`${testId}-password`}
      />
    </>
  );
}
