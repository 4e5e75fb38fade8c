import { Button, Modal, Select, Stack, TextInput } from '@mantine/core';
import { IconArrowsDiff } from '@tabler/icons-react';
import { useState } from 'react';
import { periodQuerySchema } from '../../../../src/core/contracts/api.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useContractForm } from '../../ui/form/use-contract-form.ts';
import { useFormat } from '../../ui/use-format.ts';
import type { Compare } from '../../widgets/comparison.ts';

type Choice = Compare['kind'];

/** What the period is compared with: nothing, the period before, the same days last year, or chosen days. */
export function ComparePicker({ value, onChange }: { value: Compare; onChange: (compare: Compare) => void }) {
  const { t } = useI18n();
  const format = useFormat();
  const [rangeOpen, setRangeOpen] = useState(false);
  // A chosen range is checked as the API checks from and to, while it is typed.
  const range = useContractForm({
    schema: periodQuerySchema,
    initialValues: value.kind === 'range' ? { from: value.from, to: value.to } : { from: '', to: '' },
    toBody: (days) => days,
    rules: (days) => ({ to: days.from && days.to && days.from > days.to && t('period.orderError') }),
    live: true,
  });
  const apply = range.onSubmit((days) => {
    if (days.from && days.to) onChange({ kind: 'range', from: days.from, to: days.to });
    setRangeOpen(false);
  });
  const data: { value: Choice; label: string }[] = [
    { value: 'previous', label: t('compare.previous') },
    { value: 'last-year', label: t('compare.lastYear') },
    {
      value: 'range',
      label:
        value.kind === 'range' ? `${format.day(value.from)} – ${format.day(value.to)}` : t('compare.range'),
    },
    { value: 'none', label: t('compare.none') },
  ];
  const choose = (next: string | null) => {
    if (next === 'range') setRangeOpen(true);
    else if (next === 'previous' || next === 'last-year' || next === 'none') onChange({ kind: next });
  };
  return (
    <>
      <Select
        aria-label={t('compare.label')}
        data={data}
        value={value.kind}
        onChange={choose}
        onOptionSubmit={(next) => next === 'range' && setRangeOpen(true)}
        allowDeselect={false}
        w={{ base: '100%', xs: 250 }}
        comboboxProps={{ shadow: 'md' }}
        leftSection={<IconArrowsDiff size={16} />}
        data-testid="compare-select"
      />
      {/* A dialog rather than a popover on the select: the select keeps its own combobox semantics. */}
      <Modal opened={rangeOpen} onClose={() => setRangeOpen(false)} title={t('compare.rangeTitle')} size="xs">
        <form onSubmit={apply}>
          <Stack gap="sm">
            <TextInput
              type="date"
              label={t('period.from')}
              {...range.field('from')}
              data-testid="compare-from"
            />
            <TextInput type="date" label={t('period.to')} {...range.field('to')} data-testid="compare-to" />
            <Button type="submit" disabled={!range.valid()} data-testid="compare-apply">
              {t('common.apply')}
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
