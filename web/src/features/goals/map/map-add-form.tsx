import { ActionIcon, Button, Group, NumberInput, SegmentedControl, Select, TextInput } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { fieldErrorOf, messageFor } from '../../../api/field-error.ts';
import type { GoalMapNode, MetricKey, TargetCreate } from '../../../api/types.ts';
import { useDefinitions } from '../../../api/use-definitions.ts';
import { useCreateTarget } from '../../../api/use-goal-targets.ts';
import { useCreateGoal } from '../../../api/use-goals.ts';
import { useOrg } from '../../../api/use-org.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { quarterRange, yearRange } from '../date-ranges.ts';
import classes from './goal-map.module.css';

/** Heights the layout reserves for the in-place forms (it makes room in the tree for them). */
export const DRAFT_HEIGHT = { goal: 150, target: 206 } as const;

type QuickKind = 'number' | 'boolean' | 'tasks' | 'kpi';

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
  const [name, setName] = useState('');
  const [range, setRange] = useState('this');
  const [kind, setKind] = useState<QuickKind>('number');
  const [value, setValue] = useState<number | ''>('');
  const [metric, setMetric] = useState<MetricKey | null>(null);
  const error = fieldErrorOf(mutation.error);
  const unit = metric && definitions ? definitions.metrics[metric].unit : 'number';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (type === 'goal') {
      if (!name.trim()) return;
      const dates =
        range === 'next' ? quarterRange(today, 1) : range === 'year' ? yearRange(today) : quarterRange(today);
      createGoal.mutate(
        {
          name: name.trim(),
          folder_id: parent.type === 'folder' ? (parent.ref.folder_id ?? null) : null,
          start_date: dates.from,
          due_date: dates.to,
          shares: ['org'],
        },
        { onSuccess: onDone },
      );
      return;
    }
    const goalId = parent.ref.goal_id;
    if (goalId === undefined) return;
    const amount = value === '' ? undefined : unit === 'ratio' ? value / 100 : value;
    const body: TargetCreate =
      kind === 'kpi'
        ? {
            kind,
            ...(name.trim() ? { name: name.trim() } : {}),
            metric: metric ?? undefined,
            scope: 'org',
            ...(amount !== undefined ? { target_value: amount } : {}),
          }
        : kind === 'number'
          ? {
              kind,
              name: name.trim(),
              start_value: 0,
              ...(amount !== undefined ? { target_value: amount } : {}),
            }
          : { kind, name: name.trim() };
    createTarget.mutate({ goalId, body }, { onSuccess: onDone });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Keys typed here are the form's, not the map's.
    event.stopPropagation();
    if (event.key === 'Escape') onCancel();
  };

  const metricItems = (definitions?.kpis ?? []).map((kpi) => ({
    group: `${kpi.number} · ${l(kpi.label)}`,
    items: kpi.metrics
      .filter((key) => !key.startsWith('target_'))
      .map((key) => ({ value: key, label: l(definitions!.metrics[key].label) })),
  }));

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
          onChange={(next) => setKind(next as QuickKind)}
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
          data={metricItems}
          value={metric}
          onChange={(next) => setMetric(next as MetricKey | null)}
          searchable
          maxDropdownHeight={220}
          error={messageFor(error, 'metric')}
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
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        maxLength={200}
        autoFocus
        error={messageFor(error, 'name')}
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
            value={range}
            onChange={(next) => setRange(next ?? 'this')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        ) : kind === 'number' || kind === 'kpi' ? (
          <NumberInput
            size="xs"
            flex={1}
            placeholder={t('target.target')}
            aria-label={t('target.target')}
            value={value}
            onChange={(next) => setValue(typeof next === 'number' ? next : '')}
            hideControls
            thousandSeparator
            rightSection={unit === 'ratio' ? '%' : undefined}
            error={messageFor(error, 'target_value')}
            data-testid="map-add-value"
          />
        ) : (
          <span style={{ flex: 1 }} />
        )}
        <Button
          type="submit"
          size="xs"
          loading={mutation.isPending}
          disabled={type === 'goal' || kind !== 'kpi' ? !name.trim() : !metric}
          data-testid="map-add-save"
        >
          {t('map.add')}
        </Button>
      </Group>
      {mutation.error && !error && <span className={classes.draftError}>{mutation.error.message}</span>}
    </form>
  );
}
