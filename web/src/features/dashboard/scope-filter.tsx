import { Select } from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { formatScope, ORG_SCOPE } from '../../../../src/core/scope.ts';
import type { KpiReport, Rep } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { isolated } from '../../ui/name-text.tsx';

/** Organisation, a team or a rep; teams and reps are the ones the report knows. */
export function ScopeFilter({
  value,
  onChange,
  reps,
  report,
  label,
  inherit,
  teamNames = [],
  field = false,
  error,
  testId,
}: {
  value: string;
  onChange: (scope: string) => void;
  reps: Rep[];
  report: KpiReport | undefined;
  label?: string;
  /** Adds a "same as the dashboard" choice (widget settings). */
  inherit?: string;
  /** Teams from GET /teams; the report's and the reps' teams are merged in. */
  teamNames?: string[];
  /** Drawn as a labelled form input (a goal target's scope) rather than a filter. */
  field?: boolean;
  error?: string | undefined;
  testId?: string;
}) {
  const { t } = useI18n();
  const teams = [
    ...new Set([
      ...teamNames,
      ...Object.keys(report?.teams ?? {}),
      ...reps.flatMap((rep) => (rep.team ? [rep.team] : [])),
    ]),
  ].sort((a, b) => a.localeCompare(b));
  const repItems = [...reps]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((rep) => ({
      value: formatScope({ kind: 'rep', id: rep.id }),
      label: rep.team ? `${isolated(rep.name)} · ${isolated(rep.team)}` : isolated(rep.name),
    }));
  const data = [
    ...(inherit
      ? [{ group: t('scope.dashboard'), items: [{ value: inherit, label: t('scope.inherit') }] }]
      : []),
    { group: t('scope.organisation'), items: [{ value: formatScope(ORG_SCOPE), label: t('scope.org') }] },
    ...(teams.length
      ? [
          {
            group: t('scope.teams'),
            items: teams.map((name) => ({
              value: formatScope({ kind: 'team', name }),
              label: isolated(name),
            })),
          },
        ]
      : []),
    ...(repItems.length ? [{ group: t('scope.reps'), items: repItems }] : []),
  ];
  const known = data.some((group) => group.items.some((item) => item.value === value));
  const withCurrent = known
    ? data
    : [...data, { group: t('period.other'), items: [{ value, label: value }] }];
  const labelled = Boolean(inherit) || field;
  return (
    <Select
      aria-label={label ?? t('scope.label')}
      label={labelled ? label : undefined}
      error={error}
      data={withCurrent}
      value={value}
      onChange={(next) => next && onChange(next)}
      allowDeselect={false}
      searchable
      w={labelled ? undefined : { base: '100%', xs: 220 }}
      maxDropdownHeight={360}
      comboboxProps={{ shadow: 'md' }}
      leftSection={inherit ? undefined : <IconUsersGroup size={16} />}
      nothingFoundMessage={t('common.nothingFound')}
      data-testid={testId ?? (inherit ? 'widget-scope' : 'scope-select')}
    />
  );
}
