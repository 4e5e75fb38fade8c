import { Modal, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { targetCreateSchema, targetUpdateSchema } from '../../../../src/core/contracts/goals.ts';
import type { Goal, GoalTarget, TargetCreate } from '../../api/types.ts';
import { useDefinitions } from '../../api/use-definitions.ts';
import { useCreateTarget, useUpdateTarget } from '../../api/use-goal-targets.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { useContractForm } from '../../ui/form/use-contract-form.ts';
import { isolated } from '../../ui/name-text.tsx';
import { useGoalText } from './goal-text.ts';
import { TargetAmountFields } from './target-amount-fields.tsx';
import { TargetKindPicker } from './target-kind-picker.tsx';
import { TargetKpiFields } from './target-kpi-fields.tsx';
import { TargetPeriodFields } from './target-period-fields.tsx';
import { QuotaConfirm } from './target-quota-confirm.tsx';
import {
  initialTargetValues,
  isTyped,
  quotaOf,
  targetBody,
  targetUnit,
  toSent,
  valueRuleMessage,
} from './target-values.ts';
import { useTargetQuota } from './use-target-quota.ts';

/** The inputs that show a refusal of their field. */
const FIELDS = [
  'name',
  'start_value',
  'target_value',
  'current_value',
  'done',
  'metric',
  'scope',
  'direction',
  'period_start',
  'period_end',
  'weight',
  'is_quota',
];

/**
 * Add or change a target of any kind: a number or an amount to reach, something to get done, tasks
 * to complete, or a KPI of the catalogue for a scope. Only the fields of its kind are sent; the
 * contract's rules (a negative amount, a rate over 100%) and a refusal of the API show on the input
 * they concern.
 */
export function TargetForm({
  goal,
  target,
  onClose,
}: {
  goal: Goal;
  target: GoalTarget | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const definitions = useDefinitions().data;
  const text = useGoalText();
  const create = useCreateTarget();
  const update = useUpdateTarget();
  const mutation = target ? update : create;
  /** A save that changes a company quota, waiting for its confirmation. */
  const [pending, setPending] = useState<TargetCreate | null>(null);
  const contract = useContractForm({
    schema: target ? targetUpdateSchema : targetCreateSchema,
    initialValues: initialTargetValues(goal, target, (item) => text.unitOf(item.unit)),
    toBody: (values) => targetBody(values, { goal, target, definitions }),
    rules: (values) => ({
      metric: values.kind === 'kpi' && values.metric === null && t('form.required'),
      target_value:
        (isTyped(values.kind) || (values.kind === 'kpi' && !quotaOf(values, goal).isQuota)) &&
        values.target_value === '' &&
        t('form.required'),
      period_end:
        values.own_period &&
        values.period_start &&
        values.period_end &&
        values.period_end < values.period_start &&
        t('period.orderError'),
    }),
    issueMessage: (issue, body) => valueRuleMessage(issue, body, t),
    error: mutation.error,
    fields: FIELDS,
  });
  const { form, values, field, formError, onSubmit } = contract;
  const { kind } = values;
  const unit = targetUnit(values, definitions);
  const quota = useTargetQuota(goal, values, unit);
  const quotaGoal = goal.kind === 'quota';

  const send = (body: TargetCreate) => {
    const callbacks = {
      onSuccess: onClose,
      // A refusal closes the confirmation and shows on the form, on the input it names.
      onError: () => setPending(null),
    };
    // The kind of a target cannot change: an edit does not send it.
    const { kind: _kind, ...changes } = body;
    if (target) update.mutate({ goalId: goal.id, targetId: target.id, body: changes }, callbacks);
    else create.mutate({ goalId: goal.id, body }, callbacks);
  };

  const submit = onSubmit((body, submitted) => {
    // A save that sets the company quota to another value is asked about first; the server records
    // who made it (the signed-in person).
    const sentTarget = submitted.target_value === '' ? null : toSent(submitted.target_value, unit);
    if (quota.isQuota && sentTarget !== null && (!quota.known || sentTarget !== quota.current)) {
      setPending(body);
      return;
    }
    send(body);
  });

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={
        <Text fw={650}>
          {target ? t('target.editTitle') : t('target.addTitle', { goal: isolated(goal.name) })}
        </Text>
      }
      data-testid="target-form"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TargetKindPicker
            kind={kind}
            fixed={target !== null}
            onPick={(next) => form.setFieldValue('kind', next)}
          />
          {kind === 'kpi' && (
            <TargetKpiFields contract={contract} quota={quota} quotaGoal={quotaGoal} isNew={!target} />
          )}
          <TextInput
            label={t('target.name')}
            placeholder={kind === 'kpi' ? t('target.nameAuto') : t(`target.namePlaceholder.${kind}`)}
            {...field('name')}
            maxLength={200}
            required={kind !== 'kpi'}
            data-autofocus
            data-testid="target-name"
          />
          <TargetAmountFields contract={contract} unit={unit} isQuota={quota.isQuota} isNew={!target} />
          {kind === 'boolean' && !target && (
            <Switch label={t('target.alreadyDone')} {...field('done', 'checkbox')} />
          )}
          {kind === 'tasks' && (
            <Text fz="sm" c="dimmed">
              {t('target.tasksHint')}
            </Text>
          )}
          <TargetPeriodFields contract={contract} />
          <FormError>{formError}</FormError>
          <FormFooter
            label={target ? t('common.save') : t('target.add')}
            onCancel={onClose}
            busy={mutation.isPending}
            testId="target-save"
          />
        </Stack>
      </form>
      {pending && (
        <QuotaConfirm
          title={quotaGoal || target?.is_quota ? t('quota.changeTitle') : t('quota.makeTitle')}
          confirmLabel={quotaGoal || target?.is_quota ? t('quota.confirmChange') : t('quota.confirmMake')}
          busy={mutation.isPending}
          onClose={() => setPending(null)}
          onConfirm={() => send(pending)}
        >
          {t(quota.known && quota.current !== null ? 'quota.change' : 'quota.create', {
            ...quota.where,
            metric: text.metricLabel(values.metric),
            from: quota.text(quota.current),
            to: quota.text(
              typeof pending.target_value === 'number'
                ? pending.target_value
                : (target?.target_value ?? null),
            ),
          })}
        </QuotaConfirm>
      )}
    </Modal>
  );
}
