import { Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { FormError } from './form/form-error.tsx';
import { FormFooter } from './form/form-footer.tsx';

/** "Delete this? It cannot be undone": one modal for every destructive action. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  error?: string | null | undefined;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened onClose={onClose} title={<Text fw={650}>{title}</Text>}>
      <Stack gap="md">
        <Text fz="sm">{children}</Text>
        <FormError>{error}</FormError>
        <FormFooter
          label={confirmLabel}
          onCancel={onClose}
          onConfirm={onConfirm}
          busy={busy ?? false}
          color="red"
          autoFocus
          testId="confirm-delete"
        />
      </Stack>
    </Modal>
  );
}

/**
 * The confirmation of one mutation on one thing (revoke this token, remove this member): busy while it
 * runs, its error shown, closed when it succeeds; closing forgets the error for the next one.
 */
export function ConfirmMutation<V>({
  value,
  mutation,
  onClose,
  ...dialog
}: {
  value: V;
  mutation: { isPending: boolean; error: Error | null; mutate: MutateOne<V>; reset: () => void };
  title: string;
  confirmLabel: string;
  children: ReactNode;
  onClose: () => void;
}) {
  return (
    <ConfirmDialog
      {...dialog}
      busy={mutation.isPending}
      error={mutation.error?.message}
      onConfirm={() => mutation.mutate(value, { onSuccess: onClose })}
      onClose={() => {
        mutation.reset();
        onClose();
      }}
    />
  );
}

type MutateOne<V> = (value: V, options: { onSuccess: () => void }) => void;
