import type { Goal } from '../../api/types.ts';
import { useDeleteTarget } from '../../api/use-goal-targets.ts';
import { useDeleteGoal } from '../../api/use-goals.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { isolated } from '../../ui/name-text.tsx';
import type { GoalDialog } from './goal-actions.tsx';
import { GoalForm } from './goal-form.tsx';
import { TargetForm } from './target-form.tsx';
import { QuotaConfirm } from './target-quota-confirm.tsx';
import { TargetValueDialog } from './target-value-dialog.tsx';

/** The dialog the goals page has open: goal and target forms, recording a value, deleting. */
export function GoalDialogs({
  dialog,
  defaultFolder,
  onClose,
  onCreated,
}: {
  dialog: GoalDialog;
  defaultFolder: number | null;
  onClose: () => void;
  onCreated: (goal: Goal) => void;
}) {
  const { t } = useI18n();
  const deleteGoal = useDeleteGoal();
  const deleteTarget = useDeleteTarget();
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'goal':
      return (
        <GoalForm
          goal={dialog.goal}
          defaultFolder={defaultFolder}
          onClose={onClose}
          onSaved={(goal) => {
            onClose();
            if (!dialog.goal) onCreated(goal);
          }}
        />
      );
    case 'goal-delete':
      // Deleting a quota goal deletes company quotas: confirmed first (the server records who did it).
      if (dialog.goal.kind === 'quota') {
        return (
          <QuotaConfirm
            title={t('quota.deleteTitle')}
            confirmLabel={t('goals.delete')}
            danger
            busy={deleteGoal.isPending}
            error={deleteGoal.error?.message}
            onClose={onClose}
            onConfirm={() => deleteGoal.mutate({ id: dialog.goal.id }, { onSuccess: onClose })}
          >
            {t('goals.deleteQuotaConfirm', { name: isolated(dialog.goal.name) })}
          </QuotaConfirm>
        );
      }
      return (
        <ConfirmDialog
          title={t('goals.deleteTitle')}
          confirmLabel={t('goals.delete')}
          busy={deleteGoal.isPending}
          error={deleteGoal.error?.message}
          onClose={onClose}
          onConfirm={() => deleteGoal.mutate({ id: dialog.goal.id }, { onSuccess: onClose })}
        >
          {t('goals.deleteConfirm', { name: isolated(dialog.goal.name) })}
        </ConfirmDialog>
      );
    case 'target':
      return <TargetForm goal={dialog.goal} target={dialog.target} onClose={onClose} />;
    case 'target-delete':
      if (dialog.goal.kind === 'quota' && dialog.target.is_quota) {
        return (
          <QuotaConfirm
            title={t('quota.deleteTitle')}
            confirmLabel={t('target.delete')}
            danger
            busy={deleteTarget.isPending}
            error={deleteTarget.error?.message}
            onClose={onClose}
            onConfirm={() =>
              deleteTarget.mutate(
                { goalId: dialog.goal.id, targetId: dialog.target.id },
                { onSuccess: onClose },
              )
            }
          >
            {t('target.deleteQuotaConfirm', { name: isolated(dialog.target.name) })}
          </QuotaConfirm>
        );
      }
      return (
        <ConfirmDialog
          title={t('target.deleteTitle')}
          confirmLabel={t('target.delete')}
          busy={deleteTarget.isPending}
          error={deleteTarget.error?.message}
          onClose={onClose}
          onConfirm={() =>
            deleteTarget.mutate(
              { goalId: dialog.goal.id, targetId: dialog.target.id },
              { onSuccess: onClose },
            )
          }
        >
          {dialog.target.is_quota
            ? t('target.deleteLinkedConfirm', { name: isolated(dialog.target.name) })
            : t('target.deleteConfirm', { name: isolated(dialog.target.name) })}
        </ConfirmDialog>
      );
    case 'value':
      return (
        <TargetValueDialog goal={dialog.goal} target={dialog.target} done={dialog.done} onClose={onClose} />
      );
  }
}
