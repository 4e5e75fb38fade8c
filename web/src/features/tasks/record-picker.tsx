import { type ComboboxItem, Loader, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBriefcase, IconBuildingStore } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { type AccountOption, type DealOption, type LookupKind, useLookup } from '../../api/use-lookups.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { NameText } from '../../ui/name-text.tsx';
import classes from './record-picker.module.css';

/** What a task links to: the id the API stores and the name a person reads. */
export interface PickedRecord {
  id: string;
  name: string;
}

type Found = { kind: 'accounts'; record: AccountOption } | { kind: 'deals'; record: DealOption };

/** A slot of the list that says typing more narrows it (the API had more matches than it listed). */
const MORE = '\u0000more';

/**
 * A searchable select over the server's accounts or deals: each keystroke (debounced) asks the API
 * for names holding the text, best matches first, so thousands of records never load at once. The
 * form keeps the id; the person sees and types names.
 */
export function RecordPicker({
  kind,
  label,
  placeholder,
  value,
  onChange,
  error,
  testId,
}: {
  kind: LookupKind;
  label: string;
  placeholder: string;
  value: PickedRecord | null;
  /** The picked record, with everything the API said about it (a deal names its account). */
  onChange: (value: PickedRecord | null, found: Found | null) => void;
  error?: string | undefined;
  testId: string;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState(value?.name ?? '');
  const [opened, setOpened] = useState(false);
  // The box shows the picked name; only text typed over it is a search.
  const typed = value !== null && search === value.name ? '' : search.trim();
  const [debounced] = useDebouncedValue(typed, 200);
  const lookup = useLookup(kind, debounced, opened);

  const found = useMemo(() => {
    const byId = new Map<string, Found>();
    const answer = lookup.data;
    if (answer && 'accounts' in answer) {
      for (const record of answer.accounts) byId.set(record.id, { kind: 'accounts', record });
    } else if (answer && 'deals' in answer) {
      for (const record of answer.deals) byId.set(record.id, { kind: 'deals', record });
    }
    return byId;
  }, [lookup.data]);

  const nameOf = (item: Found): string =>
    item.kind === 'accounts'
      ? item.record.name
      : (item.record.name ?? t('tasks.dealId', { id: item.record.id }));

  const data: ComboboxItem[] = [...found.values()].map((item) => ({
    value: item.record.id,
    label: nameOf(item),
  }));
  // The picked record stays an option, so its name shows whatever the last search found.
  if (value && !found.has(value.id)) data.unshift({ value: value.id, label: value.name });
  if (lookup.data?.more) data.push({ value: MORE, label: t('tasks.typeMore'), disabled: true });

  const waiting = opened && (lookup.isFetching || debounced !== typed);
  const Icon = kind === 'accounts' ? IconBuildingStore : IconBriefcase;

  return (
    <Select
      label={label}
      placeholder={placeholder}
      data={data}
      value={value?.id ?? null}
      onChange={(id) => {
        if (id === null || id === MORE) {
          onChange(null, null);
          return;
        }
        const item = found.get(id);
        onChange(item ? { id, name: nameOf(item) } : value, item ?? null);
      }}
      searchable
      // The API takes up to 100 characters of search.
      maxLength={100}
      searchValue={search}
      onSearchChange={setSearch}
      // The server already matched and ranked the options.
      filter={({ options }) => options}
      onDropdownOpen={() => setOpened(true)}
      onDropdownClose={() => setOpened(false)}
      clearable
      leftSection={<Icon size={16} aria-hidden />}
      rightSection={waiting ? <Loader size={14} /> : undefined}
      nothingFoundMessage={waiting ? t('tasks.searching') : t('common.nothingFound')}
      maxDropdownHeight={300}
      error={error}
      comboboxProps={{ withinPortal: true }}
      renderOption={({ option }) => {
        if (option.value === MORE) return <Text fz="xs">{option.label}</Text>;
        const item = found.get(option.value);
        return (
          <div className={classes.option}>
            <Text fz="sm" className={classes.name}>
              <NameText>{option.label}</NameText>
            </Text>
            {item && (
              <Text fz="xs" c="dimmed" className={classes.detail}>
                {detailOf(item, t)}
              </Text>
            )}
          </div>
        );
      }}
      data-testid={testId}
    />
  );
}

/** The line under a name that tells two similar ones apart: id, whose, and where it stands. */
function detailOf(item: Found, t: ReturnType<typeof useI18n>['t']): string {
  if (item.kind === 'accounts') {
    const { id, owner_name, customer } = item.record;
    return [id, owner_name, customer ? t('tasks.customer') : t('tasks.prospect')].filter(Boolean).join(' · ');
  }
  const { id, name, account_name, owner_name, status, stage } = item.record;
  const where = status === 'open' ? (stage ?? t('tasks.dealStatus.open')) : t(`tasks.dealStatus.${status}`);
  // Deal names often end with the customer's name already.
  const account = account_name && !(name ?? '').includes(account_name) ? account_name : null;
  return [id, account, where, owner_name].filter(Boolean).join(' · ');
}
