import { useMemo } from 'react';
import { parseIsoDate } from '../../../../src/core/calendar-date.ts';
import { parseNamedPeriod } from '../../../../src/core/periods.ts';
import { canonicalScope } from '../../../../src/core/scope.ts';
import { namedPeriodQuery, type PeriodQuery } from '../../api/period-query.ts';
import type { OrgResponse } from '../../api/types.ts';
import { useRoute, useSetSearch } from '../../app/router.ts';
import { type Compare, compareParam, parseCompare } from '../../widgets/comparison.ts';
import { DEFAULT_PRESET, presetPeriod } from './period-presets.ts';

/** What a dashboard shows, read from the URL so that a view is a shareable link. */
export interface ViewState {
  period: PeriodQuery | null;
  scope: string;
  /** What the period is compared with (widgets/comparison.ts). */
  compare: Compare;
  /** True when the URL named no period and the default (this quarter) applies. */
  isDefaultPeriod: boolean;
}

/** Only what core (and so the API) reads as a date; anything else in the URL is ignored rather than sent. */
const isDate = (text: string | null): text is string => text !== null && parseIsoDate(text) !== undefined;

export function readViewState(search: URLSearchParams, org: OrgResponse | undefined): ViewState {
  const named = search.get('period');
  const from = search.get('from');
  const to = search.get('to');
  // A link with a scope that is none shows the organisation.
  const scope = canonicalScope(search.get('scope') ?? 'org') ?? 'org';
  const compare = parseCompare(search.get('compare'));
  const asof = search.get('asof');
  if (named && parseNamedPeriod(named, org?.fiscalYearStartMonth) !== undefined) {
    // A link may pin the cut (asof); otherwise the current period runs to today.
    const period: PeriodQuery | null = isDate(asof)
      ? { period: named, asof }
      : org
        ? namedPeriodQuery(named, org.today, org.fiscalYearStartMonth)
        : null;
    return { period, scope, compare, isDefaultPeriod: false };
  }
  if (isDate(from) && isDate(to) && from <= to) {
    return { period: { from, to }, scope, compare, isDefaultPeriod: false };
  }
  const period = org
    ? namedPeriodQuery(
        presetPeriod(DEFAULT_PRESET, org.today, org.fiscalYearStartMonth),
        org.today,
        org.fiscalYearStartMonth,
      )
    : null;
  return { period, scope, compare, isDefaultPeriod: true };
}

export function useViewState(org: OrgResponse | undefined) {
  const { search } = useRoute();
  const setSearch = useSetSearch();
  const text = search.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the search text is the identity of the view
  const view = useMemo(() => readViewState(search, org), [text, org]);
  return {
    view,
    setPeriod: (period: PeriodQuery) =>
      setSearch(
        'period' in period
          ? { period: period.period, from: null, to: null, asof: null }
          : { period: null, from: period.from, to: period.to, asof: null },
      ),
    setScope: (scope: string) => setSearch({ scope: scope === 'org' ? null : scope }),
    setCompare: (compare: Compare) => setSearch({ compare: compareParam(compare) }),
  };
}
