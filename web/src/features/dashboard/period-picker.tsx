import { ActionIcon, Button, Group, Popover, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCalendarCog, IconCalendarEvent } from '@tabler/icons-react';
import { useState } from 'react';
import { formatEpochDay } from '../../../../src/core/calendar-date.ts';
import { periodQuerySchema } from '../../../../src/core/contracts/api.ts';
import { parseNamedPeriod } from '../../../../src/core/periods.ts';
import { namedPeriodQuery, type PeriodQuery } from '../../api/period-query.ts';
import type { OrgResponse } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useContractForm } from '../../ui/form/use-contract-form.ts';
import { useFormat } from '../../ui/use-format.ts';
import { PRESET_IDS, presetPeriod } from './period-presets.ts';

const CUSTOM = 'custom';
const FISCAL = new Set(['this_fiscal_quarter', 'this_fiscal_year', 'last_fiscal_year']);

/** Named periods (calendar and fiscal, relative to the organisation's today) and a custom range. */
export function PeriodPicker({
  org,
  value,
  onChange,
}: {
  org: OrgResponse;
  value: PeriodQuery;
  onChange: (period: PeriodQuery) => void;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const [customOpen, setCustomOpen] = useState(false);
  // A custom range is checked as the API checks from and to, while it is typed.
  const custom = useContractForm({
    schema: periodQuerySchema,
    initialValues: 'period' in value ? { from: '', to: '' } : { from: value.from, to: value.to },
    toBody: (range) => range,
    rules: (range) => ({ to: range.from && range.to && range.from > range.to && t('period.orderError') }),
    live: true,
  });
  const apply = custom.onSubmit((range) => {
    onChange(range);
    setCustomOpen(false);
  });

  const presets = PRESET_IDS.map((id) => ({
    id,
    name: presetPeriod(id, org.today, org.fiscalYearStartMonth),
  }));
  /** "Oct 1 – Dec 5 · to date" for the current period, "Jul 1 – Sep 30" for a past one. */
  const daysOf = (name: string): string => {
    const range = parseNamedPeriod(name, org.fiscalYearStartMonth);
    if (!range) return name;
    const query = namedPeriodQuery(name, org.today, org.fiscalYearStartMonth);
    const to = 'asof' in query && query.asof ? query.asof : formatEpochDay(range.to);
    const days = `${format.day(formatEpochDay(range.from), 'short')} – ${format.day(to, 'short')}`;
    return 'asof' in query && query.asof ? `${days} · ${t('period.toDate')}` : days;
  };
  const toItem = (preset: { id: string; name: string }) => ({
    value: preset.name,
    label: `${t(`period.${preset.id}` as 'period.this_month')} · ${daysOf(preset.name)}`,
  });
  const calendar = presets.filter((preset) => !FISCAL.has(preset.id)).map(toItem);
  const fiscal = presets.filter((preset) => FISCAL.has(preset.id)).map(toItem);
  // Calendar and fiscal names can coincide (FY = calendar year when the fiscal year starts in January).
  const seen = new Set<string>();
  const dedupe = (items: { value: string; label: string }[]) =>
    items.filter((item) => {
      if (seen.has(item.value)) return false;
      seen.add(item.value);
      return true;
    });
  const groups = [
    { group: t('period.calendar'), items: dedupe(calendar) },
    { group: t('period.fiscal'), items: dedupe(fiscal) },
  ];
  const current = 'period' in value ? value.period : CUSTOM;
  const other: { value: string; label: string }[] = [];
  if ('period' in value && !seen.has(value.period)) {
    other.push({ value: value.period, label: `${value.period} · ${daysOf(value.period)}` });
  }
  if (!('period' in value)) {
    other.push({ value: CUSTOM, label: `${format.day(value.from)} – ${format.day(value.to)}` });
  }
  const data = other.length ? [...groups, { group: t('period.other'), items: other }] : groups;

  return (
    <Group gap={6} wrap="nowrap">
      <Select
        aria-label={t('period.label')}
        data={data}
        value={current}
        onChange={(next) => next && next !== CUSTOM && onChange({ period: next })}
        allowDeselect={false}
        w={{ base: '100%', xs: 310 }}
        maxDropdownHeight={360}
        comboboxProps={{ shadow: 'md' }}
        leftSection={<IconCalendarEvent size={16} />}
        data-testid="period-select"
      />
      <Popover
        opened={customOpen}
        onChange={setCustomOpen}
        position="bottom-end"
        shadow="md"
        width={280}
        trapFocus
      >
        <Popover.Target>
          <Tooltip label={t('period.custom')}>
            <ActionIcon
              variant={'period' in value ? 'default' : 'light'}
              size={36}
              aria-label={t('period.custom')}
              onClick={() => setCustomOpen((open) => !open)}
              data-testid="custom-range"
            >
              <IconCalendarCog size={18} />
            </ActionIcon>
          </Tooltip>
        </Popover.Target>
        <Popover.Dropdown>
          <form onSubmit={apply}>
            <Stack gap="sm">
              <Text fz="sm" fw={600}>
                {t('period.custom')}
              </Text>
              <TextInput
                type="date"
                label={t('period.from')}
                {...custom.field('from')}
                data-testid="custom-from"
              />
              <TextInput type="date" label={t('period.to')} {...custom.field('to')} data-testid="custom-to" />
              <Button type="submit" disabled={!custom.valid()} data-testid="custom-apply">
                {t('common.apply')}
              </Button>
            </Stack>
          </form>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
