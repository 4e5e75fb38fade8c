import { Text } from '@mantine/core';
import type { MetricUnit } from '../../api/types.ts';
import { useOrg } from '../../api/use-org.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

/**
 * Props of a NumberInput for an amount in a unit: the reader's separators, the decimals the unit
 * takes (money as many as the currency has), the currency before it and % after a ratio.
 */
export function useAmountInput(unit: MetricUnit) {
  const { locale } = useI18n();
  const org = useOrg().data;
  return {
    ...(locale === 'id'
      ? { thousandSeparator: '.', decimalSeparator: ',' }
      : { thousandSeparator: ',', decimalSeparator: '.' }),
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
}
