import { Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { whoQuerySchema } from '../../../../src/core/contracts/goals.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { useContractForm } from '../../ui/form/use-contract-form.ts';
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
  // The name checked as the API checks `updated_by`; its refusal comes from the caller's request.
  const { field, errorOf, onSubmit } = useContractForm({
    schema: whoQuerySchema,
    initialValues: { updated_by: rememberedName() },
    toBody: (values) => ({ updated_by: values.updated_by.trim() }),
  });
  const submit = onSubmit(({ updated_by }) => {
    rememberName(updated_by);
    onConfirm(updated_by);
  });
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
            {...field('updated_by')}
            error={errorOf('updated_by') ?? whoError}
            maxLength={200}
            required
            data-autofocus
            data-testid="quota-confirm-who"
          />
          <FormError>{error}</FormError>
          <FormFooter
            label={confirmLabel}
            onCancel={onClose}
            busy={busy ?? false}
            color={danger ? 'red' : undefined}
            testId="quota-confirm-save"
          />
        </Stack>
      </form>
    </Modal>
  );
}
