import { Divider, Group, Modal, NumberInput, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { targetValueUpdateSchema } from '../../../../src/core/contracts/goals.ts';
import type { Goal, GoalTarget } from '../../api/types.ts';
import { useRecordTargetValue, useTargetUpdates } from '../../api/use-goal-targets.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { DialogTitle } from '../../ui/dialog-title.tsx';
import { useAmountInput } from '../../ui/form/amount-input.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { useContractForm } from '../../ui/form/use-contract-form.ts';
import { HistoryTimeline } from '../../ui/history-timeline.tsx';
import { NameText } from '../../ui/name-text.tsx';
import { useFormat } from '../../ui/use-format.ts';
import { useGoalText } from './goal-text.ts';

/**
 * Records a new value of a number or currency target (or done / not done), with why (the server
 * records who: the signed-in person), and shows the history of values. The value is the API's from then on: progress and pace follow.
 */
export function TargetValueDialog({
  goal,
  target,
  done,
  onClose,
}: {
  goal: Goal;
  target: GoalTarget;
  done?: boolean | undefined;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const text = useGoalText();
  const amountProps = useAmountInput(text.unitOf(target.unit));
  const record = useRecordTargetValue();
  const history = useTargetUpdates(goal.id, target.id);
  const boolean = target.kind === 'boolean';
  const { field, amount, values, form, formError, onSubmit } = useContractForm({
    schema: targetValueUpdateSchema,
    initialValues: {
      value: target.current_value ?? ('' as number | ''),
      done: done ?? target.done === true,
      note: '',
    },
    toBody: (current) => ({
      value: boolean ? (current.done ? 1 : 0) : current.value === '' ? undefined : current.value,
      note: current.note.trim() || null,
    }),
    error: record.error,
    fields: ['value', 'note'],
  });

  const submit = onSubmit(({ value, ...body }) => {
    // The contract has checked that there is a value; this only tells the type so.
    if (value === undefined) return;
    record.mutate({ goalId: goal.id, targetId: target.id, body: { ...body, value } }, { onSuccess: onClose });
  });

  const shown = (entry: number) =>
    boolean ? (entry >= 1 ? t('target.done') : t('target.notDone')) : text.amount(entry, target, false);

  return (
    <Modal
      opened
      onClose={onClose}
      size="md"
      title={<DialogTitle title={t('target.recordTitle')} subtitle={<NameText>{target.name}</NameText>} />}
      data-testid="value-dialog"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {boolean ? (
            <SegmentedControl
              fullWidth
              value={values.done ? 'done' : 'open'}
              onChange={(next) => form.setFieldValue('done', next === 'done')}
              data={[
                { value: 'open', label: t('target.notDone') },
                { value: 'done', label: t('target.done') },
              ]}
              data-testid="value-done"
            />
          ) : (
            <NumberInput
              {...amountProps}
              label={t('target.newValue')}
              description={t('target.nowAt', { value: text.current(target, false) })}
              {...amount('value')}
              required
              data-autofocus
              data-testid="value-input"
            />
          )}
          <Textarea
            label={t('target.note')}
            placeholder={t('target.notePlaceholder')}
            {...field('note')}
            autosize
            minRows={1}
            maxRows={4}
            maxLength={2000}
            data-testid="value-note"
          />
          <FormError>{formError}</FormError>
          <FormFooter
            label={t('target.recordSave')}
            onCancel={onClose}
            busy={record.isPending}
            testId="value-save"
          />
        </Stack>
      </form>

      <Divider my="md" label={t('target.history')} labelPosition="left" />
      <HistoryTimeline
        items={history.data}
        pending={history.isPending}
        empty={t('target.noHistory')}
        maxHeight={240}
        testId="value-history"
        title={(entry) => (
          <Group gap={6} wrap="nowrap">
            <Text fz="sm" fw={650} className="udn-num">
              {shown(entry.value)}
            </Text>
            <Text fz="xs" c="dimmed" truncate="end">
              {t('target.byWhoWhen', { who: entry.updated_by, when: format.instant(entry.at, true) })}
            </Text>
          </Group>
        )}
        details={(entry) =>
          entry.note && (
            <Text fz="xs" c="dimmed">
              {entry.note}
            </Text>
          )
        }
      />
    </Modal>
  );
}
