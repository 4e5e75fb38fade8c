import { Alert, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { MetricKey, TargetCreate, TargetDirection } from '../../api/types.ts';
import { useDefinitions } from '../../api/use-definitions.ts';
import { useReps } from '../../api/use-reps.ts';
import { useTeams } from '../../api/use-teams.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { ContractForm } from '../../ui/form/use-contract-form.ts';
import { ScopeFilter } from '../dashboard/scope-filter.tsx';
import { targetMetricGroups } from './metric-options.ts';
import type { TargetValues } from './target-values.ts';
import type { TargetQuota } from './use-target-quota.ts';

/**
 * What a KPI target measures: a metric of the catalogue for a scope, to stay at least or at most at
 * its target — and, on a metric with company quotas, whether its value is the quota and what the
 * quota is now.
 */
export function TargetKpiFields({
  contract,
  quota,
  quotaGoal,
  isNew,
}: {
  contract: ContractForm<TargetValues, TargetCreate>;
  quota: TargetQuota;
  /** The goal is a quota goal: its targets are the quotas, no switch. */
  quotaGoal: boolean;
  isNew: boolean;
}) {
  const { t, l } = useI18n();
  const definitions = useDefinitions().data;
  const reps = useReps().data ?? [];
  const teams = useTeams().data ?? [];
  const { form, values, field, errorOf } = contract;
  const metricDefinition = values.metric && definitions ? definitions.metrics[values.metric] : undefined;

  const pickMetric = (metric: MetricKey | null) => {
    const definition = metric && definitions ? definitions.metrics[metric] : undefined;
    // A new metric starts in the way it is good (churn, cost, cycle: stay at most).
    const direction: TargetDirection = definition?.direction === 'down' ? 'at_most' : 'at_least';
    form.setValues({ metric, ...(isNew ? { direction } : {}) });
  };
  const switchable = !quotaGoal && quota.possible;

  return (
    <>
      <Select
        label={t('target.metric')}
        placeholder={t('target.metricPlaceholder')}
        data={targetMetricGroups(definitions, l)}
        {...field('metric')}
        onChange={(value) => pickMetric(value as MetricKey | null)}
        searchable
        maxDropdownHeight={300}
        nothingFoundMessage={t('common.nothingFound')}
        required
        description={metricDefinition ? l(metricDefinition.formula) : undefined}
        data-testid="target-metric"
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <ScopeFilter
          label={t('target.scope')}
          field
          value={values.scope}
          onChange={(value) => form.setFieldValue('scope', value)}
          reps={reps}
          report={undefined}
          teamNames={teams.map((team) => team.name)}
          error={errorOf('scope')}
          testId="target-scope"
        />
        <Stack gap={4}>
          <Text fz="sm" fw={500}>
            {t('target.direction')}
          </Text>
          <SegmentedControl
            fullWidth
            value={values.direction}
            onChange={(value) => form.setFieldValue('direction', value as TargetDirection)}
            data={[
              { value: 'at_least', label: t('target.atLeast') },
              { value: 'at_most', label: t('target.atMost') },
            ]}
            data-testid="target-direction"
          />
          {errorOf('direction') && (
            <Text c="red" fz="xs">
              {errorOf('direction')}
            </Text>
          )}
        </Stack>
      </SimpleGrid>
      {quota.metric && (
        <Stack gap={8}>
          {switchable && (
            <Switch
              label={t('target.isQuota')}
              description={t('target.isQuotaHint')}
              {...field('is_quota', 'checkbox')}
              data-testid="target-is-quota"
            />
          )}
          {quota.isQuota && (
            <Alert variant="light" color="brand" icon={<IconInfoCircle size={18} />} p="xs">
              <Text fz="xs">{t('target.quotaHint', { scope: quota.where.scope })}</Text>
            </Alert>
          )}
          {quota.known && (
            <Text fz="xs" c="dimmed" data-testid="target-quota-now">
              {quota.current === null
                ? t('target.quotaNone', quota.where)
                : t('target.quotaNow', { ...quota.where, value: quota.text(quota.current) })}
            </Text>
          )}
        </Stack>
      )}
      {errorOf('is_quota') && !switchable && (
        <Text c="red" fz="xs">
          {errorOf('is_quota')}
        </Text>
      )}
    </>
  );
}
