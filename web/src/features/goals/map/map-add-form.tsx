import { ActionIcon, Button, Group, NumberInput, SegmentedControl, Select, TextInput } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import type { KeyboardEvent } from 'react';
import { goalCreateSchema, targetCreateSchema } from '../../../../../src/core/contracts/goals.ts';
import type { GoalCreate, GoalMapNode, MetricKey, TargetCreate } from '../../../api/types.ts';
import { useDefinitions } from '../../../api/use-definitions.ts';
import { useCreateTarget } from '../../../api/use-goal-targets.ts';
import { useCreateGoal } from '../../../api/use-goals.ts';
import { useOrg } from '../../../api/use-org.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useContractForm } from '../../../ui/form/use-contract-form.ts';
import { quarterRange, yearRange } from '../date-ranges.ts';
import { targetMetricGroups } from '../metric-options.ts';
import { valueRuleMessage } from '../target-values.ts';
import classes from './goal-map.module.css';

/** Heights the layout reserves for the in-place forms (it makes room in the tree for them). */
export const DRAFT_HEIGHT = { goal: 150, target: 206 } as const;

type QuickKind = 'number' | 'boolean' | 'tasks' | 'kpi';

/** The few fields of the in-place form, by the API's field names where they are the request's. */
interface QuickValues {
  name: string;
  /** This quarter, next quarter or this year, for a goal. */
  range: string;
  kind: QuickKind;
  target_value: number | '';
  metric: MetricKey | null;
}

const EMPTY: QuickValues = { name: '', range: 'this', kind: 'number', target_value: '', metric: null };

/**
 * Adds a goal (on the organisation or a folder) or a target (on a goal) right where it will appear
 * on the map: the few fields brainstorming needs; the rest can be filled in on the goals page.
 */
export function MapAddForm({
  parent,
  type,
  onDone,
  onCancel,
}: {
  parent: GoalMapNode;
  type: 'goal' | 'target';
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t, l } = useI18n();
  const today = useOrg().data?.today ?? new Date().toISOString().slice(0, 10);
  const definitions = useDefinitions().data;
  const createGoal = useCreateGoal();
  const createTarget = useCreateTarget();
  const mutation = type === 'goal' ? createGoal : createTarget;
  const unitOf = (metric: MetricKey | null) =>
    metric && definitions ? definitions.metrics[metric].unit : 'number';

  /** The goal's dates from the quick choice of period. */
  const datesOf = (range: string) =>
    range === 'next' ? quarterRange(today, 1) : range === 'year' ? yearRange(today) : quarterRange(today);

  const goalBody = (values: QuickValues): GoalCreate => {
    const dates = datesOf(values.range);
    return {
      name: values.name.trim(),
      folder_id: parent.type === 'folder' ? (parent.ref.folder_id ?? null) : null,
      start_date: dates.from,
      due_date: dates.to,
      shares: ['org'],
    };
  };

  const targetBody = ({ kind, name, target_value, metric }: QuickValues): TargetCreate => {
    const amount =
      target_value === '' ? undefined : unitOf(metric) === 'ratio' ? target_value / 100 : target_value;
    if (kind === 'kpi') {
      return {
        kind,
        ...(name.trim() ? { name: name.trim() } : {}),
        metric: metric ?? undefined,
        scope: 'org',
        ...(amount !== undefined ? { target_value: amount } : {}),
      };
    }
    if (kind === 'number') {
      return {
        kind,
        name: name.trim(),
        start_value: 0,
        ...(amount !== undefined ? { target_value: amount } : {}),
      };
    }
    return { kind, name: name.trim() };
  };

  const { values, form, field, amount, formError, onSubmit } = useContractForm({
    schema: type === 'goal' ? goalCreateSchema : targetCreateSchema,
    initialValues: EMPTY,
    toBody: (current): GoalCreate | TargetCreate =>
      type === 'goal' ? goalBody(current) : targetBody(current),
    issueMessage: (issue, body) => ('kind' in body ? valueRuleMessage(issue, body, t) : undefined),
    error: mutation.error,
    fields: ['name', 'metric', 'target_value'],
  });
  const { kind, metric } = values;
  const unit = unitOf(metric);

  const submit = onSubmit((_body, current) => {
    if (type === 'goal') {
      createGoal.mutate(goalBody(current), { onSuccess: onDone });
      return;
    }
    const goalId = parent.ref.goal_id;
    if (goalId === undefined) return;
    createTarget.mutate({ goalId, body: targetBody(current) }, { onSuccess: onDone });
  });

  const onKeyDown = (event: KeyboardEvent) => {
    // Keys typed here are the form's, not the map's.
    event.stopPropagation();
    if (event.key === 'Escape') onCancel();
  };

  return (
    <form
      className={classes.draft}
      onSubmit={submit}
      onKeyDown={onKeyDown}
      data-map-form
      data-testid="map-add-form"
    >
      <Group justify="space-between" gap={4} wrap="nowrap">
        <span className={classes.draftTitle}>{type === 'goal' ? t('map.newGoal') : t('map.newTarget')}</span>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          onClick={onCancel}
          aria-label={t('common.cancel')}
        >
          <IconX size={14} />
        </ActionIcon>
      </Group>
      {type === 'target' && (
        <SegmentedControl
          size="xs"
          fullWidth
          value={kind}
          onChange={(next) => form.setFieldValue('kind', next as QuickKind)}
          data={(['number', 'boolean', 'tasks', 'kpi'] as const).map((option) => ({
            value: option,
            label: t(`map.kind.${option}`),
          }))}
          data-testid="map-add-kind"
        />
      )}
      {type === 'target' && kind === 'kpi' && (
        <Select
          size="xs"
          placeholder={t('target.metricPlaceholder')}
          aria-label={t('target.metric')}
          data={targetMetricGroups(definitions, l)}
          {...field('metric')}
          searchable
          maxDropdownHeight={220}
          comboboxProps={{ withinPortal: true }}
          data-testid="map-add-metric"
        />
      )}
      <TextInput
        size="xs"
        placeholder={
          type === 'goal'
            ? t('goals.namePlaceholder')
            : kind === 'kpi'
              ? t('target.nameAuto')
              : t('target.name')
        }
        aria-label={type === 'goal' ? t('goals.name') : t('target.name')}
        {...field('name')}
        maxLength={200}
        autoFocus
        data-testid="map-add-name"
      />
      <Group gap={6} wrap="nowrap" align="flex-start">
        {type === 'goal' ? (
          <Select
            size="xs"
            flex={1}
            aria-label={t('goals.period')}
            data={[
              { value: 'this', label: t('goals.range.thisQuarter') },
              { value: 'next', label: t('goals.range.nextQuarter') },
              { value: 'year', label: t('goals.range.thisYear') },
            ]}
            value={values.range}
            onChange={(next) => form.setFieldValue('range', next ?? 'this')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        ) : kind === 'number' || kind === 'kpi' ? (
          <NumberInput
            size="xs"
            flex={1}
            placeholder={t('target.target')}
            aria-label={t('target.target')}
            {...amount('target_value')}
            hideControls
            thousandSeparator
            rightSection={unit === 'ratio' ? '%' : undefined}
            data-testid="map-add-value"
          />
        ) : (
          <span style={{ flex: 1 }} />
        )}
        <Button
          type="submit"
          size="xs"
          loading={mutation.isPending}
          disabled={type === 'goal' || kind !== 'kpi' ? !values.name.trim() : !metric}
          data-testid="map-add-save"
        >
          {t('map.add')}
        </Button>
      </Group>
      {formError && <span className={classes.draftError}>{formError}</span>}
    </form>
  );
}
