import { Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';

/**
 * The explicit, confirmed step before a write changes a company quota — the number "Sales vs
 * target" divides by on every dashboard: what changes, from what to what. The server records the
 * change in the quota's history under the signed-in person's email.
 */
export function QuotaConfirm({
  title,
  children,
  confirmLabel,
  danger = false,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** The API's refusal of the write. */
  error?: string | null | undefined;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
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
      <Stack gap="md">
        <Text fz="sm" data-testid="quota-confirm-text">
          {children}
        </Text>
        <Text fz="xs" c="dimmed">
          {t('quota.recorded')}
        </Text>
        <FormError>{error}</FormError>
        <FormFooter
          label={confirmLabel}
          onCancel={onClose}
          onConfirm={onConfirm}
          busy={busy ?? false}
          color={danger ? 'red' : undefined}
          autoFocus
          testId="quota-confirm-save"
        />
      </Stack>
    </Modal>
  );
}
