import {
  Checkbox,
  Modal,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { type JSX, useEffect, useRef } from 'react';
import {
  ACTIVITY_KINDS,
  ALERT_COMPARISONS,
  ALERT_KINDS,
  ALERT_PERIODS,
  alertRuleInputSchema,
  WATCHED_STATUSES,
} from '../../../../src/core/contracts/alerts.ts';
import type { MetricKey } from '../../api/types.ts';
import type { AlertRuleItem } from '../../api/use-alerts.ts';
import { useSaveAlertRule } from '../../api/use-alerts.ts';
import { useDefinitions } from '../../api/use-definitions.ts';
import { useGoals } from '../../api/use-goals.ts';
import { useMembers } from '../../api/use-members.ts';
import { useReps } from '../../api/use-reps.ts';
import { useTeams } from '../../api/use-teams.ts';
import { useCan } from '../../app/use-can.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { DialogTitle } from '../../ui/dialog-title.tsx';
import { useAmountInput } from '../../ui/form/amount-input.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { type ContractForm, useContractForm } from '../../ui/form/use-contract-form.ts';
import { ScopeFilter } from '../dashboard/scope-filter.tsx';
import { targetMetricGroups } from '../goals/metric-options.ts';
import { targetOptions } from '../tasks/target-options.ts';
import {
  type AlertInitial,
  type AlertRuleBody,
  type AlertValues,
  alertBody,
  newAlertValues,
  ruleValues,
} from './alert-values.ts';
import { useConditionWords } from './use-condition-words.ts';

type AlertForm = ContractForm<AlertValues, AlertRuleBody>;

/** The fields of a KPI rule: which metric over which period, and the value or change that fires it. */
function MetricFields({ contract }: { contract: AlertForm }) {
  const { t, l } = useI18n();
  const definitions = useDefinitions().data;
  const { form, values, field, amount, errorOf } = contract;
  const unit = values.metric && definitions ? definitions.metrics[values.metric].unit : 'number';
  const amountProps = useAmountInput(unit);
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <Select
          label={t('alerts.field.metric')}
          placeholder={t('alerts.field.metricPlaceholder')}
          data={targetMetricGroups(definitions, l)}
          {...field('metric')}
          error={errorOf('condition.metric')}
          onChange={(value) => form.setFieldValue('metric', value as MetricKey | null)}
          searchable
          required
          maxDropdownHeight={300}
          nothingFoundMessage={t('common.nothingFound')}
          data-testid="alert-metric"
        />
        <Select
          label={t('alerts.field.period')}
          data={ALERT_PERIODS.map((period) => ({ value: period, label: t(`alerts.period.${period}`) }))}
          value={values.period}
          onChange={(value) => value && form.setFieldValue('period', value as AlertValues['period'])}
          allowDeselect={false}
          error={errorOf('condition.period')}
          data-testid="alert-period"
        />
      </SimpleGrid>
      {values.kind === 'threshold' ? (
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <Stack gap={4}>
            <Text fz="sm" fw={500} id="alert-operator-label">
              {t('alerts.field.operator')}
            </Text>
            <SegmentedControl
              fullWidth
              aria-labelledby="alert-operator-label"
              value={values.operator}
              onChange={(value) => form.setFieldValue('operator', value as AlertValues['operator'])}
              data={[
                { value: 'above', label: t('alerts.operator.above') },
                { value: 'below', label: t('alerts.operator.below') },
              ]}
              data-testid="alert-operator"
            />
          </Stack>
          <NumberInput
            {...amountProps}
            label={t('alerts.field.value')}
            {...amount('value')}
            error={errorOf('condition.value')}
            required
            data-testid="alert-value"
          />
        </SimpleGrid>
      ) : (
        <>
          <Select
            label={t('alerts.field.against')}
            data={ALERT_COMPARISONS.map((against) => ({
              value: against,
              label: t(`alerts.against.${against}`),
            }))}
            value={values.against}
            onChange={(value) => value && form.setFieldValue('against', value as AlertValues['against'])}
            allowDeselect={false}
            error={errorOf('condition.against')}
            data-testid="alert-against"
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <Stack gap={4}>
              <Text fz="sm" fw={500} id="alert-direction-label">
                {t('alerts.field.direction')}
              </Text>
              <SegmentedControl
                fullWidth
                aria-labelledby="alert-direction-label"
                value={values.direction}
                onChange={(value) => form.setFieldValue('direction', value as AlertValues['direction'])}
                data={[
                  { value: 'down', label: t('alerts.direction.down') },
                  { value: 'up', label: t('alerts.direction.up') },
                ]}
                data-testid="alert-direction"
              />
            </Stack>
            <NumberInput
              label={t('alerts.field.percent')}
              {...amount('percent')}
              error={errorOf('condition.percent')}
              min={0}
              decimalScale={2}
              hideControls
              required
              data-testid="alert-percent"
            />
          </SimpleGrid>
        </>
      )}
    </>
  );
}

function TargetStatusFields({ contract }: { contract: AlertForm }) {
  const { t } = useI18n();
  const goalList = useGoals('all').data;
  const { form, values, errorOf } = contract;
  const all = 'all';
  return (
    <>
      <Select
        label={t('alerts.field.target')}
        data={[
          { group: ' ', items: [{ value: all, label: t('alerts.target.all') }] },
          ...targetOptions(goalList?.goals ?? [], goalList?.today ?? ''),
        ]}
        value={values.targetId ?? all}
        onChange={(value) => form.setFieldValue('targetId', value === all || value === null ? null : value)}
        allowDeselect={false}
        searchable
        error={errorOf('condition.targetId')}
        data-testid="alert-target"
      />
      <Checkbox.Group
        label={t('alerts.field.statuses')}
        value={values.statuses}
        onChange={(value) => form.setFieldValue('statuses', value as AlertValues['statuses'])}
        error={errorOf('condition.statuses')}
        data-testid="alert-statuses"
      >
        <SimpleGrid cols={{ base: 2, xs: 4 }} mt={6} spacing="xs">
          {WATCHED_STATUSES.map((status) => (
            <Checkbox key={status} value={status} label={t(`status.${status}`)} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
    </>
  );
}

function InactivityFields({ contract }: { contract: AlertForm }) {
  const { t } = useI18n();
  const { form, values, amount, errorOf } = contract;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
      <NumberInput
        label={t('alerts.field.days')}
        {...amount('days')}
        error={errorOf('condition.days')}
        min={1}
        max={365}
        allowDecimal={false}
        required
        data-testid="alert-days"
      />
      <Select
        label={t('alerts.field.activity')}
        data={ACTIVITY_KINDS.map((kind) => ({ value: kind, label: t(`alerts.activity.${kind}`) }))}
        value={values.activity}
        onChange={(value) => value && form.setFieldValue('activity', value as AlertValues['activity'])}
        allowDeselect={false}
        error={errorOf('condition.activity')}
        data-testid="alert-activity"
      />
    </SimpleGrid>
  );
}

/** Members to tell besides those who get it anyway; only an admin can list the members. */
function MemberRecipients({ contract }: { contract: AlertForm }) {
  const { t } = useI18n();
  const members = useMembers().data?.members ?? [];
  const { form, values, errorOf } = contract;
  return (
    <MultiSelect
      label={t('alerts.field.users')}
      data={members.map((member) => ({ value: member.userId, label: `${member.name} · ${member.email}` }))}
      value={values.users}
      onChange={(value) => form.setFieldValue('users', value)}
      searchable
      clearable
      error={errorOf('recipients.users')}
      data-testid="alert-users"
    />
  );
}

function AlertRuleForm({
  rule,
  initial,
  onClose,
}: {
  rule: AlertRuleItem | undefined;
  initial: AlertInitial | undefined;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const can = useCan();
  const definitions = useDefinitions().data;
  const reps = useReps().data ?? [];
  const teams = useTeams().data ?? [];
  const save = useSaveAlertRule();
  const words = useConditionWords();
  const unitOf = (metric: MetricKey) => definitions?.metrics[metric]?.unit;
  const start = rule
    ? ruleValues(rule, unitOf)
    : newAlertValues(initial, definitions ? Object.keys(definitions.metrics) : []);
  const contract = useContractForm<AlertValues, AlertRuleBody>({
    schema: alertRuleInputSchema,
    initialValues: start,
    toBody: (values) => alertBody(values, values.metric ? unitOf(values.metric) : undefined),
    error: save.error,
    fields: ['name', 'condition', 'scope', 'recipients', 'createTask'],
  });
  const { form, values, field, errorOf, formError, onSubmit } = contract;

  // The catalogue may arrive after the dialog opened from a KPI card: its metric is picked then.
  const metricKnown = definitions !== undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the catalogue arrives
  useEffect(() => {
    if (!rule && metricKnown && values.metric === null && initial?.metric) {
      form.setFieldValue('metric', newAlertValues(initial, Object.keys(definitions.metrics)).metric);
    }
  }, [metricKnown]);

  // The name follows the condition in words until the reader types their own.
  const named = useRef(rule !== undefined);
  const suggested = words
    ? alertBody(values, values.metric ? unitOf(values.metric) : undefined).condition
    : null;
  const suggestion = suggested && words ? words.text(suggested) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the suggestion is what the name follows
  useEffect(() => {
    if (!named.current && suggestion && suggestion !== values.name) form.setFieldValue('name', suggestion);
  }, [suggestion]);

  const submit = onSubmit((body) => save.mutate({ id: rule?.id ?? null, body }, { onSuccess: onClose }));
  const kpiRule = values.kind === 'threshold' || values.kind === 'change';

  return (
    <form onSubmit={submit} noValidate data-testid="alert-form">
      <Stack gap="md">
        <Select
          label={t('alerts.field.kind')}
          data={ALERT_KINDS.map((kind) => ({ value: kind, label: t(`alerts.kind.${kind}`) }))}
          value={values.kind}
          onChange={(value) => value && form.setFieldValue('kind', value as AlertValues['kind'])}
          allowDeselect={false}
          error={errorOf('condition.kind')}
          data-testid="alert-kind"
        />
        {kpiRule && <MetricFields contract={contract} />}
        {values.kind === 'target-status' && <TargetStatusFields contract={contract} />}
        {values.kind === 'inactivity' && <InactivityFields contract={contract} />}
        {values.kind === 'import' && (
          <NumberInput
            label={t('alerts.field.removedAtLeast')}
            description={t('alerts.field.removedHint')}
            {...contract.amount('removedAtLeast')}
            error={errorOf('condition.removedAtLeast')}
            min={0}
            allowDecimal={false}
            data-testid="alert-removed"
          />
        )}
        {values.kind !== 'import' && (
          <ScopeFilter
            label={t('alerts.field.scope')}
            field
            value={values.scope}
            onChange={(value) => form.setFieldValue('scope', value)}
            reps={reps}
            report={undefined}
            teamNames={teams.map((team) => team.name)}
            error={errorOf('scope')}
            testId="alert-scope"
          />
        )}
        <TextInput
          label={t('alerts.field.name')}
          {...field('name')}
          onChange={(event) => {
            named.current = true;
            form.setFieldValue('name', event.currentTarget.value);
          }}
          maxLength={120}
          required
          data-testid="alert-name"
        />
        {values.kind !== 'import' && (
          <Checkbox
            label={t('alerts.field.createTask')}
            description={t('alerts.field.createTaskHint')}
            {...field('createTask', 'checkbox')}
            data-testid="alert-create-task"
          />
        )}
        <Stack gap="xs">
          {can.admin && <MemberRecipients contract={contract} />}
          <MultiSelect
            label={t('alerts.field.teams')}
            description={t('alerts.field.recipientsHint')}
            data={teams.map((team) => team.name)}
            value={values.teams}
            onChange={(value) => form.setFieldValue('teams', value)}
            searchable
            clearable
            error={errorOf('recipients.teams')}
            data-testid="alert-teams"
          />
        </Stack>
        {rule && <Switch label={t('alerts.field.enabled')} {...field('enabled', 'checkbox')} />}
        <FormError>{formError}</FormError>
        <FormFooter label={t('alerts.save')} onCancel={onClose} busy={save.isPending} testId="alert-save" />
      </Stack>
    </form>
  );
}

/**
 * Create or edit an alert rule. The dashboard's KPI card opens it with the card's metric, scope and
 * period; the alerts page with a rule to edit. The form is mounted only while open, so each opening
 * starts from those values.
 */
export function AlertRuleDialog(props: {
  opened: boolean;
  onClose(): void;
  initial?: { metric?: string; scope?: string; period?: 'week' | 'month' | 'quarter' | 'year' };
  /** A saved rule to edit (the alerts page). */
  rule?: AlertRuleItem;
}): JSX.Element {
  const { t } = useI18n();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      size="lg"
      title={
        <DialogTitle
          title={props.rule ? t('alerts.editTitle') : t('alerts.createTitle')}
          subtitle={t('alerts.dialogSubtitle')}
        />
      }
      closeButtonProps={{ 'aria-label': t('common.cancel') }}
      data-testid="alert-dialog"
    >
      {props.opened && <AlertRuleForm rule={props.rule} initial={props.initial} onClose={props.onClose} />}
    </Modal>
  );
}
