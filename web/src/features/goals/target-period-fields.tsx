import { NumberInput, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import type { TargetCreate } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { ContractForm } from '../../ui/form/use-contract-form.ts';
import type { TargetValues } from './target-values.ts';

/** What every kind of target has: its weight in the goal, and dates of its own instead of the goal's. */
export function TargetPeriodFields({ contract }: { contract: ContractForm<TargetValues, TargetCreate> }) {
  const { t } = useI18n();
  const { values, field, amount } = contract;
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <NumberInput
          label={t('target.weight')}
          description={t('target.weightDescription')}
          placeholder="1"
          min={0}
          max={1_000_000}
          decimalScale={2}
          {...amount('weight')}
          data-testid="target-weight"
        />
        <Stack gap={6} justify="flex-end">
          <Switch
            label={t('target.ownPeriod')}
            description={t('target.ownPeriodHint')}
            {...field('own_period', 'checkbox')}
            data-testid="target-own-period"
          />
        </Stack>
      </SimpleGrid>
      {values.own_period && (
        <SimpleGrid cols={2} spacing="md">
          <TextInput type="date" label={t('period.from')} {...field('period_start')} />
          <TextInput
            type="date"
            label={t('period.to')}
            {...field('period_end')}
            min={values.period_start || undefined}
          />
        </SimpleGrid>
      )}
    </>
  );
}
