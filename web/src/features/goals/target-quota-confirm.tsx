import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { rememberedName, rememberName } from './remembered-name.ts';

/**
 * The explicit, confirmed step before a write changes a company quota — the number "Sales vs
 * target" divides by on every dashboard: what changes, from what to what, and who does it (the API
 * records every quota change with that name; there are no user accounts yet).
 */
export function QuotaConfirm({
  title,
  children,
  confirmLabel,
  danger = false,
  busy,
  error,
  whoError,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** A refusal of the write that names no input of this dialog. */
  error?: string | null | undefined;
  /** The API's refusal of `updated_by`, shown on the name input. */
  whoError?: string | undefined;
  onConfirm: (who: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [who, setWho] = useState(rememberedName);
  const [touched, setTouched] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!who.trim()) return;
    rememberName(who);
    onConfirm(who.trim());
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={
        <Group gap="xs" wrap="nowrap">
          <IconAlertTriangle size={18} color="var(--udn-warn)" aria-hidden />
          <Text fw={650}>{title}</Text>
        </Group>
      }
      data-testid="quota-confirm"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text fz="sm" data-testid="quota-confirm-text">
            {children}
          </Text>
          <TextInput
            label={t('target.who')}
            description={t('quota.recorded')}
            value={who}
            onChange={(event) => setWho(event.currentTarget.value)}
            maxLength={200}
            required
            data-autofocus
            error={(touched && !who.trim() ? t('form.required') : undefined) ?? whoError}
            data-testid="quota-confirm-who"
          />
          {error && (
            <Text c="red" fz="sm">
              {error}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              color={danger ? 'red' : undefined}
              loading={busy}
              data-testid="quota-confirm-save"
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
