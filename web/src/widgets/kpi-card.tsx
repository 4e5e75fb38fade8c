import { Box, Group, Progress, Skeleton, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconArrowDownRight, IconArrowRight, IconArrowUpRight, IconListSearch } from '@tabler/icons-react';
import { numberFormat } from '../../../src/core/format.ts';
import { nullReason } from '../../../src/core/kpis/null-reasons.ts';
import type { MetricKey, Widget } from '../api/types.ts';
import { scopeOf } from '../api/use-kpis.ts';
import { useSeries } from '../api/use-series.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../ui/use-format.ts';
import { type Change, changeBetween } from './change.ts';
import { grainFor, pastPoints } from './grain.ts';
import classes from './kpi-card.module.css';
import { supportingMetrics, targetOf } from './metric-relations.ts';
import { Sparkline } from './sparkline.tsx';
import { incompleteFrom } from './time-axis.ts';
import { useReportWithPrevious } from './use-report.ts';
import { useWidgetView } from './widget-env.tsx';

function ChangeLine({
  change,
  previousText,
  label,
}: {
  change: Change | null;
  previousText: string | null;
  /** The compared range's name ("Nov 2026"), or null while it resolves. */
  label: string | null;
}) {
  const { t, locale } = useI18n();
  if (!change) {
    return (
      <Text fz="xs" c="dimmed" className={classes.change} data-testid="kpi-compare">
        {previousText
          ? t('kpi.comparedValue', { range: label ?? '—', value: previousText })
          : t('kpi.noCompared', { range: label ?? '—' })}
      </Text>
    );
  }
  const Icon = change.sign > 0 ? IconArrowUpRight : change.sign < 0 ? IconArrowDownRight : IconArrowRight;
  const amount = numberFormat(locale, {
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(change.kind === 'points' ? change.amount : change.amount * 100);
  return (
    <Group gap={6} wrap="nowrap" className={classes.change}>
      <Group gap={2} wrap="nowrap" className={classes.delta} data-tone={change.tone} data-testid="kpi-change">
        <Icon size={14} stroke={2.25} />
        <Text span fz="xs" fw={600} className="udn-num">
          {change.kind === 'points' ? t('kpi.points', { value: amount }) : `${amount}%`}
        </Text>
      </Group>
      <Text span fz="xs" c="dimmed" truncate="end" data-testid="kpi-compare">
        {t('kpi.vsRange', { range: label ?? '—', value: previousText ?? '—' })}
      </Text>
    </Group>
  );
}

/** One KPI at a glance: value, change against the previous period, target attainment, trend. */
export function KpiCard({ widget }: { widget: Widget }) {
  const { t, l } = useI18n();
  const format = useFormat();
  const { period, scope, env } = useWidgetView(widget);
  const metric: MetricKey = widget.config.metric ?? 'revenue';
  const definition = env.definitions.metrics[metric];
  const { current, previous, comparison } = useReportWithPrevious(period, env.compare);
  const series = useSeries(metric, grainFor(period), scope, period);

  const values = scopeOf(current.data, scope);
  const previousValues = scopeOf(previous?.data, scope);
  if (!definition) return <Text c="dimmed">{t('widget.unknownMetric')}</Text>;
  if (current.isPending) return <KpiCardSkeleton />;

  const value = values?.[metric] ?? null;
  const previousValue = previousValues?.[metric] ?? null;
  const change = comparison.comparing
    ? changeBetween(value, previousValue, definition.unit, definition.direction)
    : null;
  const target = targetOf(metric);
  const targetValue = target && values ? values[target.target] : null;
  const attainment = target && values ? values[target.attainment] : null;
  const openDrilldown = (key: MetricKey) => env.openDrilldown({ metric: key, scope, period });
  // An empty value says which input it lacks ("no spend recorded"), never a zero or a change.
  const reason = value === null && values ? nullReason(metric, values, scope) : null;
  const shown = format.value(value, definition.unit, true);
  const exact = format.value(value, definition.unit);
  const sparkPoints = series.data ? pastPoints(series.data.points, env.org.today) : [];
  const supporting = supportingMetrics(metric).filter(
    (key) => key !== target?.target || targetValue === null,
  );

  return (
    <Box className={classes.card} data-metric={metric}>
      {/* Every number on a card is in the same (compact) style; the exact value is in the tooltip
          and the accessible name, which starts with the visible text. */}
      <Tooltip
        label={exact === shown ? t('kpi.viewRecords') : `${exact} · ${t('kpi.viewRecords')}`}
        openDelay={250}
      >
        <UnstyledButton
          className={classes.value}
          onClick={() => openDrilldown(metric)}
          aria-label={t('kpi.openDrilldown', {
            value: exact === shown ? shown : `${shown} (${exact})`,
            name: l(definition.label),
          })}
          data-testid={`value-${metric}`}
          data-exact={exact}
        >
          <span className={`udn-num ${classes.valueText}`}>{shown}</span>
          <IconListSearch size={18} stroke={1.75} className={classes.valueIcon} aria-hidden />
        </UnstyledButton>
      </Tooltip>
      {definition.orgOnly && scope !== 'org' ? (
        <Text fz="xs" c="dimmed" className={classes.change}>
          {t('kpi.orgOnly')}
        </Text>
      ) : reason ? (
        <Text
          fz="xs"
          c="dimmed"
          className={classes.change}
          data-testid="kpi-null-reason"
          data-reason={reason}
        >
          {t(`nullReason.${reason}`)}
        </Text>
      ) : comparison.comparing &&
        (previous?.isPending || previous?.isPlaceholderData || !comparison.range) ? (
        <Skeleton h={18} w="55%" mt={6} radius="xl" />
      ) : comparison.comparing ? (
        <ChangeLine
          change={change}
          label={comparison.label}
          previousText={previousValue === null ? null : format.value(previousValue, definition.unit, true)}
        />
      ) : (
        <Box h={18} />
      )}
      {target && targetValue !== null && attainment !== null ? (
        <Box className={classes.target} data-testid="kpi-target">
          <Progress
            value={Math.max(0, Math.min(100, attainment * 100))}
            size="sm"
            radius="xl"
            color={attainment >= 1 ? 'teal' : 'brand'}
            aria-label={t('kpi.attainment')}
          />
          <Group justify="space-between" gap={4} wrap="nowrap" mt={4}>
            {metric === target.attainment ? (
              <UnstyledButton onClick={() => openDrilldown(target.actual)} className={classes.link}>
                <Text
                  fz="xs"
                  fw={600}
                  truncate="end"
                  className="udn-num"
                  data-testid={`support-${target.actual}`}
                >
                  {l(env.definitions.metrics[target.actual].label)}{' '}
                  {format.value(
                    values?.[target.actual] ?? null,
                    env.definitions.metrics[target.actual].unit,
                    true,
                  )}
                </Text>
              </UnstyledButton>
            ) : (
              <Text fz="xs" fw={600} className="udn-num">
                {t('kpi.ofTarget', { value: format.value(attainment, 'ratio') })}
              </Text>
            )}
            <Text fz="xs" c="dimmed" truncate="end" className="udn-num">
              {t('kpi.target', {
                value: format.value(targetValue, env.definitions.metrics[target.target].unit, true),
              })}
            </Text>
          </Group>
        </Box>
      ) : (
        <Box className={classes.supporting}>
          {supporting.slice(0, 2).map((key) => {
            const supportingDefinition = env.definitions.metrics[key];
            if (!supportingDefinition) return null;
            const label = l(supportingDefinition.label);
            const supportingValue = values?.[key] ?? null;
            return (
              <UnstyledButton
                key={key}
                className={`${classes.link} ${classes.supportRow}`}
                onClick={() => openDrilldown(key)}
                data-testid={`support-${key}`}
                title={`${label}: ${format.value(supportingValue, supportingDefinition.unit)} — ${l(supportingDefinition.formula)}`}
              >
                <Text span fz="xs" c="dimmed" truncate="end" className={classes.supportLabel}>
                  {label}
                </Text>
                <Text span fz="sm" fw={600} className="udn-num">
                  {format.value(supportingValue, supportingDefinition.unit, true)}
                </Text>
              </UnstyledButton>
            );
          })}
        </Box>
      )}
      <Box className={classes.spark}>
        {series.data ? (
          <Sparkline
            points={sparkPoints}
            incompleteFrom={incompleteFrom(sparkPoints, env.org.today)}
            color="var(--mantine-primary-color-filled)"
          />
        ) : (
          <Skeleton h={36} radius="sm" />
        )}
      </Box>
    </Box>
  );
}

export function KpiCardSkeleton() {
  return (
    <Box className={classes.card}>
      <Skeleton h={34} w="60%" radius="sm" />
      <Skeleton h={14} w="45%" mt={10} radius="sm" />
      <Skeleton h={30} mt={14} radius="sm" />
      <Skeleton h={36} mt="auto" radius="sm" />
    </Box>
  );
}
