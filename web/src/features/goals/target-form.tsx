import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { type ValueRule, valueProblem } from '../../../../src/core/goals/target-rules.ts';
import { fieldErrorOf, messageFor } from '../../api/field-error.ts';
import type {
  Goal,
  GoalTarget,
  MetricKey,
  MetricUnit,
  TargetCreate,
  TargetDirection,
  TargetKind,
  TargetUpdate,
} from '../../api/types.ts';
import { useDefinitions } from '../../api/use-definitions.ts';
import { useCreateTarget, useUpdateTarget } from '../../api/use-goal-targets.ts';
import { scopeOf, useKpis } from '../../api/use-kpis.ts';
import { useOrg } from '../../api/use-org.ts';
import { useReps } from '../../api/use-reps.ts';
import { useTeams } from '../../api/use-teams.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ScopeFilter } from '../dashboard/scope-filter.tsx';
import { useGoalText } from './goal-text.ts';
import { KindIcon, TARGET_KINDS } from './kind-icon.tsx';
import { rememberedName } from './remembered-name.ts';
import classes from './target-form.module.css';
import { QuotaConfirm } from './target-quota-confirm.tsx';

/**
 * The metrics of targets.csv, which have company quotas. A KPI target to reach on one of them can
 * be made the quota — explicitly, confirmed, recorded (docs/adr/0008); otherwise it holds a value
 * of its own and the form shows the quota beside it.
 */
const QUOTA_METRICS: readonly MetricKey[] = ['revenue', 'units', 'deals_won', 'new_customers'];

type Amount = number | '';

interface TargetValues {
  kind: TargetKind;
  name: string;
  start: Amount;
  target: Amount;
  current: Amount;
  done: boolean;
  metric: MetricKey | null;
  scope: string;
  direction: TargetDirection;
  ownPeriod: boolean;
  periodStart: string;
  periodEnd: string;
  weight: Amount;
  /** This target is the company quota (always, in a quota goal). */
  isQuota: boolean;
}

/** Ratios are typed as percentages (35 for 35%) and sent as the fractions the API takes. */
const toShown = (value: number | null, unit: MetricUnit): Amount =>
  value === null ? '' : unit === 'ratio' ? Number((value * 100).toPrecision(12)) : value;
const toSent = (value: number, unit: MetricUnit): number =>
  unit === 'ratio' ? Number((value / 100).toPrecision(12)) : value;

function initialValues(
  goal: Goal,
  target: GoalTarget | null,
  unit: (target: GoalTarget) => MetricUnit,
): TargetValues {
  if (!target) {
    return {
      kind: 'number',
      name: '',
      start: 0,
      target: '',
      current: '',
      done: false,
      metric: null,
      scope: 'org',
      direction: 'at_least',
      ownPeriod: false,
      periodStart: goal.start_date,
      periodEnd: goal.due_date,
      weight: '',
      isQuota: goal.kind === 'quota',
    };
  }
  const shownUnit = unit(target);
  return {
    kind: target.kind,
    name: target.name,
    start: toShown(target.start_value, shownUnit),
    target: toShown(target.target_value, shownUnit),
    current: '',
    done: target.done === true,
    metric: (target.metric as MetricKey | null) ?? null,
    scope: target.scope ?? 'org',
    direction: target.direction,
    ownPeriod: target.period_start !== null,
    periodStart: target.period_start ?? goal.start_date,
    periodEnd: target.period_end ?? goal.due_date,
    weight: target.weight ?? '',
    isQuota: target.is_quota,
  };
}

/**
 * Add or change a target of any kind: a number or an amount to reach, something to get done, tasks
 * to complete, or a KPI of the catalogue for a scope. Only the fields of its kind are sent, and a
 * field the API refuses shows its reason on that input.
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
  const { t, l, locale } = useI18n();
  const definitions = useDefinitions().data;
  const org = useOrg().data;
  const reps = useReps().data ?? [];
  const teams = useTeams().data ?? [];
  const text = useGoalText();
  const create = useCreateTarget();
  const update = useUpdateTarget();
  const mutation = target ? update : create;
  const [values, setValues] = useState<TargetValues>(() =>
    initialValues(goal, target, (item) => text.unitOf(item.unit)),
  );
  const [touched, setTouched] = useState(false);
  /** A save that changes a company quota, waiting for its confirmation. */
  const [pending, setPending] = useState<TargetUpdate | null>(null);
  const set = <K extends keyof TargetValues>(key: K, value: TargetValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const { kind } = values;
  const quotaGoal = goal.kind === 'quota';
  const metricDefinition = values.metric && definitions ? definitions.metrics[values.metric] : undefined;
  const unit: MetricUnit =
    kind === 'kpi' ? (metricDefinition?.unit ?? 'number') : kind === 'currency' ? 'money' : 'number';
  const quotaMetric = kind === 'kpi' && values.metric !== null && QUOTA_METRICS.includes(values.metric);
  const canQuota = quotaMetric && values.direction === 'at_least';
  const quota = canQuota && (quotaGoal || values.isQuota);
  const typed = kind === 'number' || kind === 'currency';

  // The quota "Sales vs target" uses for this metric, scope and period: beside the target, and the
  // "from" of the confirmation when this target is to change it.
  const periodFrom = values.ownPeriod ? values.periodStart : goal.start_date;
  const periodTo = values.ownPeriod ? values.periodEnd : goal.due_date;
  const periodOk = Boolean(periodFrom && periodTo && periodTo >= periodFrom);
  const kpis = useKpis(quotaMetric && periodOk ? { from: periodFrom, to: periodTo } : null);
  const quotaKnown = quotaMetric && periodOk && kpis.data !== undefined && !kpis.isPlaceholderData;
  const currentQuota =
    quotaKnown && values.metric
      ? ((scopeOf(kpis.data, values.scope)?.[`target_${values.metric}` as MetricKey] as
          | number
          | null
          | undefined) ?? null)
      : null;
  const quotaText = (value: number | null) => (value === null ? '—' : text.format.value(value, unit));
  const quotaWhere = {
    scope: text.scope(values.scope),
    period: periodOk ? text.periodName(periodFrom, periodTo) : '',
  };

  const apiError = fieldErrorOf(mutation.error);
  const fieldMessage = (field: string) => messageFor(apiError, field);
  const required = (missing: boolean) => (touched && missing ? t('form.required') : undefined);
  const nameMissing = kind !== 'kpi' && !values.name.trim();
  const targetMissing = (typed || (kind === 'kpi' && !quota)) && values.target === '';
  // The API's rules for the values of this kind (core/goals/target-rules.ts), checked before sending.
  const ruleOf = (value: Amount): ValueRule | null =>
    value === '' ? null : (valueProblem(kind, values.metric, toSent(value, unit))?.rule ?? null);
  const rules = {
    start: typed || (kind === 'kpi' && !quota) ? ruleOf(values.start) : null,
    target: typed || kind === 'kpi' ? ruleOf(values.target) : null,
    current: typed && !target ? ruleOf(values.current) : null,
  };
  const ruleMessage = (rule: ValueRule | null) =>
    touched && rule !== null ? t(`target.valueRule.${rule}`) : undefined;
  const metricMissing = kind === 'kpi' && values.metric === null;
  const periodWrong =
    values.ownPeriod && (!values.periodStart || !values.periodEnd || values.periodEnd < values.periodStart);
  const known = [
    'is_quota',
    'updated_by',
    'name',
    'start_value',
    'target_value',
    'current_value',
    'metric',
    'scope',
    'direction',
    'period_start',
    'period_end',
    'weight',
    'done',
  ];
  const otherError =
    mutation.error && !(apiError && known.some((field) => fieldMessage(field)))
      ? mutation.error.message
      : null;

  const metricGroups = (definitions?.kpis ?? []).map((kpi) => ({
    group: `${kpi.number} · ${l(kpi.label)}`,
    items: kpi.metrics
      // Targets of a quota are the quotas themselves, not something to aim at.
      .filter((key) => !key.startsWith('target_'))
      .map((key) => ({ value: key, label: l(definitions!.metrics[key].label) })),
  }));

  const pickMetric = (metric: MetricKey | null) =>
    setValues((current) => {
      const definition = metric && definitions ? definitions.metrics[metric] : undefined;
      // A new metric starts in the way it is good (churn, cost, cycle: stay at most).
      const direction: TargetDirection = definition?.direction === 'down' ? 'at_most' : 'at_least';
      return { ...current, metric, direction: target ? current.direction : direction };
    });

  const period = (): Pick<TargetCreate, 'period_start' | 'period_end'> =>
    values.ownPeriod
      ? { period_start: values.periodStart, period_end: values.periodEnd }
      : target?.period_start
        ? { period_start: null, period_end: null }
        : {};

  const send = (body: TargetUpdate) => {
    const callbacks = {
      onSuccess: onClose,
      // Who changes a quota is asked when the API needs it; any other refusal shows on the form.
      onError: (error: Error) =>
        setPending(fieldErrorOf(error)?.field === 'updated_by' ? { ...body, updated_by: undefined } : null),
    };
    if (target) update.mutate({ goalId: goal.id, targetId: target.id, body }, callbacks);
    else create.mutate({ goalId: goal.id, body: { ...body, kind } as TargetCreate }, callbacks);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (nameMissing || targetMissing || metricMissing || periodWrong) return;
    if (rules.start !== null || rules.target !== null || rules.current !== null) return;
    const name = values.name.trim();
    const weight = values.weight === '' ? (target ? { weight: null } : {}) : { weight: values.weight };
    const amount = (value: Amount) => (value === '' ? null : toSent(value, unit));
    let body: TargetUpdate;
    switch (kind) {
      case 'number':
      case 'currency':
        body = {
          name,
          start_value: amount(values.start) ?? 0,
          target_value: amount(values.target),
          ...(!target && values.current !== '' ? { current_value: amount(values.current) } : {}),
        };
        break;
      case 'boolean':
        body = { name, ...(!target ? { done: values.done } : {}) };
        break;
      case 'tasks':
        body = { name };
        break;
      default:
        body = {
          ...(name ? { name } : {}),
          metric: values.metric ?? undefined,
          scope: values.scope,
          direction: values.direction,
          ...(values.target !== '' ? { target_value: amount(values.target) } : {}),
          ...(quota
            ? target?.start_value !== null && target?.start_value !== undefined
              ? { start_value: null }
              : {}
            : values.start !== ''
              ? { start_value: amount(values.start) }
              : target
                ? { start_value: null }
                : {}),
        };
    }
    body = { ...body, ...weight, ...period() };
    if (kind === 'kpi' && !quotaGoal && quota !== (target?.is_quota ?? false))
      body = { ...body, is_quota: quota };
    // A save that sets the company quota to another value is asked about first, with who does it.
    const sentTarget = values.target === '' ? null : toSent(values.target, unit);
    if (quota && sentTarget !== null && (!quotaKnown || sentTarget !== currentQuota)) {
      setPending(body);
      return;
    }
    // The same value can still write a row (a team quota its reps' quotas summed to): say who anyway.
    const who = rememberedName();
    send(quota && who ? { ...body, updated_by: who } : body);
  };

  const separators =
    locale === 'id'
      ? { thousandSeparator: '.', decimalSeparator: ',' }
      : { thousandSeparator: ',', decimalSeparator: '.' };
  const amountProps = {
    ...separators,
    hideControls: true,
    decimalScale: unit === 'money' ? (org?.currencyDigits ?? 2) : unit === 'ratio' ? 2 : 4,
    leftSection:
      unit === 'money' ? (
        <Text fz="xs" c="dimmed">
          {org?.currency}
        </Text>
      ) : undefined,
    leftSectionWidth: unit === 'money' ? 44 : undefined,
    rightSection:
      unit === 'ratio' ? (
        <Text fz="xs" c="dimmed">
          %
        </Text>
      ) : undefined,
  };
  const asAmount = (value: string | number): Amount => (typeof value === 'number' ? value : '');

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={
        <Text fw={650}>{target ? t('target.editTitle') : t('target.addTitle', { goal: goal.name })}</Text>
      }
      data-testid="target-form"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {target ? (
            <Group gap="xs">
              <span className={classes.kindBadge}>
                <KindIcon kind={kind} size={14} />
                {t(`target.kind.${kind}`)}
              </span>
            </Group>
          ) : (
            <div className={classes.kinds} role="radiogroup" aria-label={t('target.kindLabel')}>
              {TARGET_KINDS.map((option) => (
                <UnstyledButton
                  key={option}
                  className={classes.kind}
                  role="radio"
                  aria-checked={kind === option}
                  data-active={kind === option || undefined}
                  onClick={() => set('kind', option)}
                  data-testid={`target-kind-${option}`}
                >
                  <span className={classes.kindIcon}>
                    <KindIcon kind={option} size={18} />
                  </span>
                  <Text fz="sm" fw={600}>
                    {t(`target.kind.${option}`)}
                  </Text>
                  <Text fz="xs" c="dimmed" lh={1.35}>
                    {t(`target.kindAbout.${option}`)}
                  </Text>
                </UnstyledButton>
              ))}
            </div>
          )}

          {kind === 'kpi' && (
            <>
              <Select
                label={t('target.metric')}
                placeholder={t('target.metricPlaceholder')}
                data={metricGroups}
                value={values.metric}
                onChange={(value) => pickMetric(value as MetricKey | null)}
                searchable
                maxDropdownHeight={300}
                nothingFoundMessage={t('common.nothingFound')}
                required
                error={required(metricMissing) ?? fieldMessage('metric')}
                description={metricDefinition ? l(metricDefinition.formula) : undefined}
                data-testid="target-metric"
              />
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
                <ScopeFilter
                  label={t('target.scope')}
                  field
                  value={values.scope}
                  onChange={(value) => set('scope', value)}
                  reps={reps}
                  report={undefined}
                  teamNames={teams.map((team) => team.name)}
                  error={fieldMessage('scope')}
                  testId="target-scope"
                />
                <Stack gap={4}>
                  <Text fz="sm" fw={500}>
                    {t('target.direction')}
                  </Text>
                  <SegmentedControl
                    fullWidth
                    value={values.direction}
                    onChange={(value) => set('direction', value as TargetDirection)}
                    data={[
                      { value: 'at_least', label: t('target.atLeast') },
                      { value: 'at_most', label: t('target.atMost') },
                    ]}
                    data-testid="target-direction"
                  />
                  {fieldMessage('direction') && (
                    <Text c="red" fz="xs">
                      {fieldMessage('direction')}
                    </Text>
                  )}
                </Stack>
              </SimpleGrid>
              {quotaMetric && (
                <Stack gap={8}>
                  {!quotaGoal && canQuota && (
                    <Switch
                      label={t('target.isQuota')}
                      description={t('target.isQuotaHint')}
                      checked={values.isQuota}
                      onChange={(event) => set('isQuota', event.currentTarget.checked)}
                      error={fieldMessage('is_quota')}
                      data-testid="target-is-quota"
                    />
                  )}
                  {quota && (
                    <Alert variant="light" color="brand" icon={<IconInfoCircle size={18} />} p="xs">
                      <Text fz="xs">{t('target.quotaHint', { scope: quotaWhere.scope })}</Text>
                    </Alert>
                  )}
                  {quotaKnown && (
                    <Text fz="xs" c="dimmed" data-testid="target-quota-now">
                      {currentQuota === null
                        ? t('target.quotaNone', quotaWhere)
                        : t('target.quotaNow', { ...quotaWhere, value: quotaText(currentQuota) })}
                    </Text>
                  )}
                </Stack>
              )}
              {fieldMessage('is_quota') && !(!quotaGoal && canQuota) && (
                <Text c="red" fz="xs">
                  {fieldMessage('is_quota')}
                </Text>
              )}
            </>
          )}

          <TextInput
            label={t('target.name')}
            placeholder={kind === 'kpi' ? t('target.nameAuto') : t(`target.namePlaceholder.${kind}`)}
            value={values.name}
            onChange={(event) => set('name', event.currentTarget.value)}
            maxLength={200}
            required={kind !== 'kpi'}
            data-autofocus
            error={required(nameMissing) ?? fieldMessage('name')}
            data-testid="target-name"
          />

          {(typed || kind === 'kpi') && (
            <SimpleGrid cols={{ base: 1, xs: typed && !target ? 3 : 2 }} spacing="md">
              {!quota && (
                <NumberInput
                  {...amountProps}
                  label={t('target.start')}
                  placeholder="0"
                  value={values.start}
                  onChange={(value) => set('start', asAmount(value))}
                  error={ruleMessage(rules.start) ?? fieldMessage('start_value')}
                  data-testid="target-start"
                />
              )}
              <NumberInput
                {...amountProps}
                label={
                  kind === 'kpi' && values.direction === 'at_most' ? t('target.ceiling') : t('target.target')
                }
                placeholder={quota ? t('target.adoptQuota') : undefined}
                value={values.target}
                onChange={(value) => set('target', asAmount(value))}
                required={!quota}
                error={required(targetMissing) ?? ruleMessage(rules.target) ?? fieldMessage('target_value')}
                data-testid="target-value"
              />
              {typed && !target && (
                <NumberInput
                  {...amountProps}
                  label={t('target.current')}
                  placeholder={t('target.currentPlaceholder')}
                  value={values.current}
                  onChange={(value) => set('current', asAmount(value))}
                  error={ruleMessage(rules.current) ?? fieldMessage('current_value')}
                  data-testid="target-current"
                />
              )}
            </SimpleGrid>
          )}
          {typed && target && (
            <Text fz="xs" c="dimmed" mt={-8}>
              {t('target.currentByUpdate')}
            </Text>
          )}

          {kind === 'boolean' && !target && (
            <Switch
              label={t('target.alreadyDone')}
              checked={values.done}
              onChange={(event) => set('done', event.currentTarget.checked)}
            />
          )}
          {kind === 'tasks' && (
            <Text fz="sm" c="dimmed">
              {t('target.tasksHint')}
            </Text>
          )}

          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <NumberInput
              label={t('target.weight')}
              description={t('target.weightDescription')}
              placeholder="1"
              min={0}
              max={1_000_000}
              decimalScale={2}
              value={values.weight}
              onChange={(value) => set('weight', asAmount(value))}
              error={fieldMessage('weight')}
              data-testid="target-weight"
            />
            <Stack gap={6} justify="flex-end">
              <Switch
                label={t('target.ownPeriod')}
                description={t('target.ownPeriodHint')}
                checked={values.ownPeriod}
                onChange={(event) => set('ownPeriod', event.currentTarget.checked)}
                data-testid="target-own-period"
              />
            </Stack>
          </SimpleGrid>
          {values.ownPeriod && (
            <SimpleGrid cols={2} spacing="md">
              <TextInput
                type="date"
                label={t('period.from')}
                value={values.periodStart}
                onChange={(event) => set('periodStart', event.currentTarget.value)}
                error={fieldMessage('period_start')}
              />
              <TextInput
                type="date"
                label={t('period.to')}
                value={values.periodEnd}
                min={values.periodStart || undefined}
                onChange={(event) => set('periodEnd', event.currentTarget.value)}
                error={
                  (touched && periodWrong ? t('period.orderError') : undefined) ?? fieldMessage('period_end')
                }
              />
            </SimpleGrid>
          )}

          {otherError && (
            <Text c="red" fz="sm">
              {otherError}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="target-save">
              {target ? t('common.save') : t('target.add')}
            </Button>
          </Group>
        </Stack>
      </form>
      {pending && (
        <QuotaConfirm
          title={quotaGoal || target?.is_quota ? t('quota.changeTitle') : t('quota.makeTitle')}
          confirmLabel={quotaGoal || target?.is_quota ? t('quota.confirmChange') : t('quota.confirmMake')}
          busy={mutation.isPending}
          whoError={fieldMessage('updated_by')}
          onClose={() => setPending(null)}
          onConfirm={(who) => send({ ...pending, updated_by: who })}
        >
          {t(quotaKnown && currentQuota !== null ? 'quota.change' : 'quota.create', {
            ...quotaWhere,
            metric: text.metricLabel(values.metric),
            from: quotaText(currentQuota),
            to: quotaText(
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
