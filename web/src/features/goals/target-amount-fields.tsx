import { NumberInput, SimpleGrid, Text } from '@mantine/core';
import type { MetricUnit, TargetCreate } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAmountInput } from '../../ui/form/amount-input.tsx';
import type { ContractForm } from '../../ui/form/use-contract-form.ts';
import { isTyped, type TargetValues } from './target-values.ts';

/**
 * The amounts of a number, currency or KPI target: where it starts, what it asks, and — for a new
 * number or currency target — where it is now. A quota has no start: it is the quota itself.
 */
export function TargetAmountFields({
  contract,
  unit,
  isQuota,
  isNew,
}: {
  contract: ContractForm<TargetValues, TargetCreate>;
  unit: MetricUnit;
  isQuota: boolean;
  isNew: boolean;
}) {
  const { t } = useI18n();
  const amountProps = useAmountInput(unit);
  const { values, amount } = contract;
  const typed = isTyped(values.kind);
  if (!typed && values.kind !== 'kpi') return null;
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: typed && isNew ? 3 : 2 }} spacing="md">
        {!isQuota && (
          <NumberInput
            {...amountProps}
            label={t('target.start')}
            placeholder="0"
            {...amount('start_value')}
            data-testid="target-start"
          />
        )}
        <NumberInput
          {...amountProps}
          label={
            values.kind === 'kpi' && values.direction === 'at_most' ? t('target.ceiling') : t('target.target')
          }
          placeholder={isQuota ? t('target.adoptQuota') : undefined}
          {...amount('target_value')}
          required={!isQuota}
          data-testid="target-value"
        />
        {typed && isNew && (
          <NumberInput
            {...amountProps}
            label={t('target.current')}
            placeholder={t('target.currentPlaceholder')}
            {...amount('current_value')}
            data-testid="target-current"
          />
        )}
      </SimpleGrid>
      {typed && !isNew && (
        <Text fz="xs" c="dimmed" mt={-8}>
          {t('target.currentByUpdate')}
        </Text>
      )}
    </>
  );
}
