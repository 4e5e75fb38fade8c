import { PasswordInput } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';

export const MIN_PASSWORD_LENGTH = 8;

/** A new password typed twice, checked as it is typed: long enough, and the same both times. */
export function useNewPassword() {
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const tooShort = next.length > 0 && next.length < MIN_PASSWORD_LENGTH;
  const mismatch = repeat.length > 0 && repeat !== next;
  return {
    next,
    repeat,
    setNext,
    setRepeat,
    tooShort,
    mismatch,
    /** Whether the form may be sent: a password, long enough, repeated the same. */
    valid: next !== '' && !tooShort && !mismatch,
    clear: () => {
      setNext('');
      setRepeat('');
    },
  };
}

export type NewPassword = ReturnType<typeof useNewPassword>;

/** The two inputs of a new password (change or reset), with the rule and what is wrong under them. */
export function NewPasswordFields({
  password,
  testId,
  autoFocus,
}: {
  password: NewPassword;
  /** The inputs' test ids are `${testId}-new` and `${testId}-repeat`. */
  testId: string;
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      <PasswordInput
        label={t('security.password.new')}
        description={t('security.password.rule', { min: MIN_PASSWORD_LENGTH })}
        value={password.next}
        onChange={(event) => password.setNext(event.currentTarget.value)}
        error={password.tooShort ? t('security.error.tooShort') : undefined}
        autoComplete="new-password"
        required
        autoFocus={autoFocus}
        data-testid={`${testId}-new`}
      />
      <PasswordInput
        label={t('security.password.repeat')}
        value={password.repeat}
        onChange={(event) => password.setRepeat(event.currentTarget.value)}
        error={password.mismatch ? t('security.error.mismatch') : undefined}
        autoComplete="new-password"
        required
        data-testid={`${testId}-repeat`}
      />
    </>
  );
}
