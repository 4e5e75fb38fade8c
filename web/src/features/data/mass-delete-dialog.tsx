import { useI18n } from '../../i18n/i18n-context.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';

/**
 * A snapshot that would remove more than half of a table: the server said what it would remove, and
 * the import is sent again only once the person confirms it.
 */
export function MassDeleteDialog({
  message,
  busy,
  onConfirm,
  onClose,
}: {
  /** The server's words: which table, how many rows. */
  message: string;
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      title={t('data.massDelete.title')}
      confirmLabel={t('data.massDelete.confirm')}
      busy={busy}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      {message} {t('data.massDelete.body')}
    </ConfirmDialog>
  );
}
