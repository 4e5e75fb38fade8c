import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';

/**
 * The end of every dialog that saves or confirms something: Cancel, then the action, which shows
 * that it is working while the request runs. Inside a <form> the action submits it; a confirmation
 * without one passes `onConfirm`.
 */
export function FormFooter({
  label,
  onCancel,
  onConfirm,
  busy = false,
  disabled = false,
  color,
  autoFocus = false,
  start,
  testId,
}: {
  label: string;
  onCancel: () => void;
  onConfirm?: () => void;
  busy?: boolean;
  disabled?: boolean;
  /** `red` (or a theme colour) for an action that deletes. */
  color?: string | undefined;
  /** Focus the action when the dialog opens (a confirmation has no input to start in). */
  autoFocus?: boolean;
  /** Something at the other end of the footer, e.g. a step back. */
  start?: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Group justify={start ? 'space-between' : 'flex-end'} gap="xs">
      {start}
      <Group gap="xs">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button
          type={onConfirm ? 'button' : 'submit'}
          onClick={onConfirm}
          color={color}
          loading={busy}
          disabled={disabled}
          data-autofocus={autoFocus || undefined}
          data-testid={testId}
        >
          {label}
        </Button>
      </Group>
    </Group>
  );
}
