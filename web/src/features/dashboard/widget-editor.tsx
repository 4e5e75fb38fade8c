import {
  Button,
  Modal,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { widgetSchema } from '../../../../src/core/contracts/api.ts';
import type { KpiReport, MetricKey, OrgResponse, Widget, WidgetType } from '../../api/types.ts';
import { useGoals } from '../../api/use-goals.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { useContractForm } from '../../ui/form/use-contract-form.ts';
import { useWidgetEnv } from '../../widgets/widget-env.tsx';
import { WIDGETS } from '../../widgets/widget-registry.tsx';
import { goalPickerGroups } from './goal-picker.ts';
import { PRESET_IDS, presetPeriod } from './period-presets.ts';
import { ScopeFilter } from './scope-filter.tsx';
import { WidgetCatalogue } from './widget-catalogue.tsx';

const INHERIT = '__dashboard__';
/** What the editor sends of a widget: where it sits on the grid is the layout's business. */
const widgetSettingsSchema = widgetSchema.pick({ type: true, title: true, config: true });

interface WidgetEditorProps {
  /** The widget to configure, or null to pick a new one from the catalogue first. */
  widget: Widget | null;
  org: OrgResponse;
  report: KpiReport | undefined;
  onSave: (widget: Omit<Widget, 'layout' | 'id'> & { id?: string }) => void;
  onClose: () => void;
}

/** The catalogue of widget types, then the settings of one widget (KPI, scope, period, chart…). */
function WidgetEditor({ widget, org, report, onSave, onClose }: WidgetEditorProps) {
  const { t, l } = useI18n();
  const { definitions, reps } = useWidgetEnv();
  const { form, values, field, errorOf, onSubmit } = useContractForm({
    schema: widgetSettingsSchema,
    initialValues: {
      /** Null while the catalogue is shown. */
      type: widget?.type ?? (null as WidgetType | null),
      title: widget?.title ?? '',
      config: widget?.config ?? {},
    },
    toBody: (current) => ({
      type: current.type,
      ...(current.title.trim() ? { title: current.title.trim() } : {}),
      config: current.config,
    }),
  });
  const { type, config } = values;
  const spec = type ? WIDGETS[type] : null;
  const goals = useGoals('all', spec?.fields.includes('goal') ?? false);
  const goalItems = goals.data ? goalPickerGroups(goals.data.goals, org.today, t('goals.noFolder')) : [];
  const missingGoal = spec?.fields.includes('goal') === true && config.goalId === undefined;
  const set = <K extends keyof Widget['config']>(key: K, value: Widget['config'][K] | undefined) => {
    const next = { ...config };
    if (value === undefined) delete next[key];
    else next[key] = value;
    form.setFieldValue('config', next);
  };

  const metricGroups = definitions.kpis.map((kpi) => ({
    group: `${kpi.number} · ${l(kpi.label)}`,
    items: kpi.metrics.map((key) => ({ value: key, label: l(definitions.metrics[key].label) })),
  }));
  const periodItems = [
    { value: INHERIT, label: t('widget.periodInherit') },
    ...[...new Set(PRESET_IDS.map((id) => presetPeriod(id, org.today, org.fiscalYearStartMonth)))].map(
      (name) => ({
        value: name,
        label: name,
      }),
    ),
  ];
  if (config.period && !periodItems.some((item) => item.value === config.period)) {
    periodItems.push({ value: config.period, label: config.period });
  }

  const pick = (next: WidgetType) => form.setValues({ type: next, config: { ...WIDGETS[next].config } });
  const save = onSubmit(({ type: saved, ...settings }) => {
    if (saved) onSave({ ...(widget ? { id: widget.id } : {}), type: saved, ...settings });
  });

  return (
    <Modal
      opened
      onClose={onClose}
      size={spec ? 'lg' : 'xl'}
      title={
        <Text fw={650}>
          {spec
            ? widget
              ? t('widget.configureTitle')
              : t(`widget.type.${spec.type}`)
            : t('widget.addTitle')}
        </Text>
      }
      data-testid="widget-editor"
    >
      {!spec ? (
        <WidgetCatalogue onPick={pick} />
      ) : (
        <form onSubmit={save}>
          <Stack gap="md">
            {spec.type !== 'text_note' && (
              <TextInput
                label={t('widget.title')}
                placeholder={t('widget.titleAuto')}
                {...field('title')}
                maxLength={120}
              />
            )}
            {spec.fields.includes('goal') && (
              <Select
                label={t('widget.goal')}
                placeholder={goals.isPending ? t('widget.loadingGoals') : t('widget.pickGoalPlaceholder')}
                data={goalItems}
                value={config.goalId === undefined ? null : String(config.goalId)}
                onChange={(value) => set('goalId', value ? Number(value) : undefined)}
                searchable
                required
                maxDropdownHeight={320}
                nothingFoundMessage={t('common.nothingFound')}
                data-testid="widget-goal"
              />
            )}
            {spec.fields.includes('metric') && (
              <Select
                label={t('widget.metric')}
                data={metricGroups}
                value={config.metric ?? null}
                onChange={(value) => set('metric', (value as MetricKey | null) ?? undefined)}
                searchable
                allowDeselect={false}
                maxDropdownHeight={320}
                data-testid="widget-metric"
              />
            )}
            {spec.fields.includes('metrics') && (
              <MultiSelect
                label={t('widget.metrics')}
                data={metricGroups}
                value={config.metrics ?? []}
                onChange={(value) => set('metrics', value as MetricKey[])}
                searchable
                maxValues={20}
                maxDropdownHeight={320}
              />
            )}
            {spec.fields.includes('chart') && (
              <Stack gap={4}>
                <Text fz="sm" fw={500}>
                  {t('widget.chart')}
                </Text>
                <SegmentedControl
                  value={config.chart ?? (spec.type === 'bar_chart' ? 'bar' : 'line')}
                  onChange={(value) => set('chart', value as 'line' | 'bar' | 'area')}
                  data={[
                    { value: 'line', label: t('chart.line') },
                    { value: 'area', label: t('chart.area') },
                    { value: 'bar', label: t('chart.bar') },
                  ]}
                />
              </Stack>
            )}
            {spec.fields.includes('grain') && (
              <Stack gap={4}>
                <Text fz="sm" fw={500}>
                  {t('widget.grain')}
                </Text>
                <SegmentedControl
                  value={config.grain ?? 'auto'}
                  onChange={(value) =>
                    set('grain', value === 'auto' ? undefined : (value as 'day' | 'week' | 'month'))
                  }
                  data={[
                    { value: 'auto', label: t('grain.auto') },
                    { value: 'day', label: t('grain.day') },
                    { value: 'week', label: t('grain.week') },
                    { value: 'month', label: t('grain.month') },
                  ]}
                />
              </Stack>
            )}
            {spec.fields.includes('by') && (
              <Stack gap={4}>
                <Text fz="sm" fw={500}>
                  {t('widget.by')}
                </Text>
                <SegmentedControl
                  value={config.by ?? 'rep'}
                  onChange={(value) => set('by', value as 'rep' | 'team')}
                  data={[
                    { value: 'rep', label: t('by.rep') },
                    { value: 'team', label: t('by.team') },
                  ]}
                />
              </Stack>
            )}
            {spec.fields.includes('dimension') && (
              <Select
                label={t('widget.dimension')}
                data={(['lead_source', 'spend_category', 'deal_stage'] as const).map((value) => ({
                  value,
                  label: t(`dimension.${value}`),
                }))}
                value={config.dimension ?? 'lead_source'}
                onChange={(value) => set('dimension', (value as 'lead_source') ?? undefined)}
                allowDeselect={false}
              />
            )}
            {spec.fields.includes('limit') && (
              <NumberInput
                label={t('widget.limit')}
                min={1}
                max={100}
                value={config.limit ?? 10}
                onChange={(value) => set('limit', typeof value === 'number' ? value : undefined)}
                error={errorOf('config.limit')}
              />
            )}
            {spec.fields.includes('text') && (
              <Textarea
                label={t('widget.text')}
                description={t('widget.textHint')}
                autosize
                minRows={4}
                maxRows={12}
                maxLength={5000}
                value={config.text ?? ''}
                onChange={(event) => set('text', event.currentTarget.value)}
                error={errorOf('config.text')}
                data-testid="widget-text"
              />
            )}
            {spec.fields.includes('scope') && (
              <ScopeFilter
                label={t('widget.scope')}
                inherit={INHERIT}
                value={config.scope ?? INHERIT}
                onChange={(value) => set('scope', value === INHERIT ? undefined : value)}
                reps={reps}
                report={report}
              />
            )}
            {spec.fields.includes('period') && (
              <Select
                label={t('widget.period')}
                data={periodItems}
                value={config.period ?? INHERIT}
                onChange={(value) => set('period', !value || value === INHERIT ? undefined : value)}
                allowDeselect={false}
              />
            )}
            <FormFooter
              label={widget ? t('common.save') : t('widget.add')}
              onCancel={onClose}
              disabled={missingGoal}
              start={
                !widget ? (
                  <Button variant="subtle" color="gray" onClick={() => form.setFieldValue('type', null)}>
                    {t('common.back')}
                  </Button>
                ) : (
                  <span />
                )
              }
              testId="widget-save"
            />
          </Stack>
        </form>
      )}
    </Modal>
  );
}

export default WidgetEditor;
