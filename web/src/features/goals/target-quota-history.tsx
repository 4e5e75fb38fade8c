import { Modal, Text } from '@mantine/core';
import type { GoalTarget, QuotaChange } from '../../api/types.ts';
import { useQuotaHistory } from '../../api/use-goal-targets.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { DialogTitle } from '../../ui/dialog-title.tsx';
import { HistoryTimeline } from '../../ui/history-timeline.tsx';
import { isolated } from '../../ui/name-text.tsx';
import { useGoalText } from './goal-text.ts';

/**
 * The history of the company quota a KPI target covers (its metric, scope and period): every change
 * made through a goal — who, when, from what to what, through which goal. Imports of targets.csv are
 * in the import history on the Data page.
 */
export function TargetQuotaHistory({ target, onClose }: { target: GoalTarget; onClose: () => void }) {
  const { t } = useI18n();
  const text = useGoalText();
  const history = useQuotaHistory({
    scope: target.scope ?? 'org',
    metric: target.metric ?? '',
    period_start: target.from,
    period_end: target.to,
  });
  const value = (amount: number | null) => text.amount(amount, target, false);
  const what = (change: QuotaChange) => {
    switch (change.action) {
      case 'set':
        return t('quota.action.set', { from: value(change.old_value), to: value(change.new_value) });
      case 'created':
        return t('quota.action.created', { to: value(change.new_value) });
      case 'deleted':
        return t('quota.action.deleted', { from: value(change.old_value) });
      default:
        return t('quota.action.handed_over', { to: value(change.new_value) });
    }
  };
  return (
    <Modal
      opened
      onClose={onClose}
      size="md"
      title={<DialogTitle title={t('quota.historyTitle')} subtitle={text.quotaLabel(target)} />}
      data-testid="quota-history"
    >
      <HistoryTimeline
        items={history.data}
        pending={history.isPending}
        empty={t('quota.noHistory')}
        maxHeight={360}
        testId="quota-history-list"
        title={(change) => (
          <Text fz="sm" fw={650} className="udn-num">
            {what(change)}
          </Text>
        )}
        details={(change) => (
          <Text fz="xs" c="dimmed">
            {[
              t('target.byWhoWhen', {
                who: change.updated_by,
                when: text.format.instant(change.at, true),
              }),
              change.goal_name ? t('quota.via', { goal: isolated(change.goal_name) }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        )}
      />
    </Modal>
  );
}
