import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../calendar-date.ts';
import { DEFAULT_ORG_SETTINGS } from '../org-settings.ts';
import { previousPeriod } from '../periods.ts';
import { METRIC_KEYS } from './definitions.ts';
import type { FactPart } from './fact-parts.ts';
import type { Measures } from './measures.ts';
import { factPartsFor } from './metric-inputs.ts';
import { computeScopes, type PeriodFacts } from './report.ts';

const ROLLUP_KEYS: (keyof Measures)[] = [
  'revenue',
  'units',
  'dealsWon',
  'cycleMs',
  'emailsSent',
  'emailsDelivered',
  'emailsOpened',
  'newLeads',
  'newOpportunities',
  'leadsWithDeal',
  'leadsWon',
  'leadConversionMs',
];
const CUSTOMER_KEYS: (keyof Measures)[] = [
  'customersStart',
  'customersEnd',
  'newCustomers',
  'churnedCustomers',
];

const period = { from: parseIsoDate('2026-01-01')!, to: parseIsoDate('2026-03-31')! };
const measures = (seed: number): Measures => ({
  revenue: 1_000_000 * seed,
  units: 30 * seed,
  dealsWon: 7 * seed,
  cycleMs: 86_400_000 * 40 * seed,
  emailsSent: 500 * seed,
  emailsDelivered: 480 * seed,
  emailsOpened: 130 * seed,
  newLeads: 90 * seed,
  newOpportunities: 40 * seed,
  leadsWithDeal: 35 * seed,
  leadsWon: 12 * seed,
  leadConversionMs: 86_400_000 * 90 * seed,
  customersStart: 50 * seed,
  customersEnd: 52 * seed,
  newCustomers: 6 * seed,
  churnedCustomers: 4 * seed,
});

/** A period's facts with every part filled in, by hand. */
const FULL: PeriodFacts = {
  period,
  previous: previousPeriod(period),
  reps: [
    { id: 'A', name: 'A', team: 'East', startedOn: null, endedOn: null },
    { id: 'B', name: 'B', team: 'West', startedOn: parseIsoDate('2026-02-01')!, endedOn: null },
  ],
  current: new Map([
    ['A', measures(1)],
    ['B', measures(2)],
    ['', measures(3)],
  ]),
  previousRevenue: new Map([
    ['A', 700_000],
    ['B', 2_500_000],
  ]),
  monthRevenue: new Map([
    ['2025-12', new Map([['A', 100_000]])],
    ['2026-01', new Map([['A', 300_000]])],
    ['2026-02', new Map([['B', 400_000]])],
    ['2026-03', new Map([['A', 600_000]])],
  ]),
  cycleDurations: new Map([
    ['A', [86_400_000, 3 * 86_400_000]],
    ['B', [2 * 86_400_000]],
  ]),
  quotas: [
    { scope: 'rep:A', metric: 'revenue', from: period.from, to: period.to, value: 20_000 },
    { scope: 'team:West', metric: 'units', from: period.from, to: period.to, value: 50 },
    { scope: 'org', metric: 'new_customers', from: period.from, to: period.to, value: 30 },
    { scope: 'org', metric: 'deals_won', from: period.from, to: period.to, value: 25 },
  ],
  spend: 4_200_000,
};

/** The same facts with only `parts` kept: what a time series loads for one metric. */
function only(parts: ReadonlySet<FactPart>): PeriodFacts {
  const current = new Map(
    [...FULL.current].map(([key, m]) => {
      const kept = { ...m };
      if (!parts.has('rollup')) for (const k of ROLLUP_KEYS) kept[k] = 0;
      if (!parts.has('customers')) for (const k of CUSTOMER_KEYS) kept[k] = 0;
      return [key, kept];
    }),
  );
  return {
    ...FULL,
    current,
    previousRevenue: parts.has('previousRevenue') ? FULL.previousRevenue : new Map(),
    monthRevenue: parts.has('monthly') ? FULL.monthRevenue : new Map(),
    cycleDurations: parts.has('cycles') ? FULL.cycleDurations : new Map(),
    quotas: parts.has('quotas') ? FULL.quotas : [],
    spend: parts.has('spend') ? FULL.spend : 0,
  };
}

// A series loads only factPartsFor(metric); a formula reading more would silently get zeros there.
describe('factPartsFor', () => {
  const full = computeScopes(FULL, DEFAULT_ORG_SETTINGS);
  it.each([...METRIC_KEYS])('%s computes the same from its parts alone', (metric) => {
    const partial = computeScopes(only(factPartsFor(metric)), DEFAULT_ORG_SETTINGS);
    expect(partial.org[metric]).toEqual(full.org[metric]);
    expect(partial.teams.get('East')![metric]).toEqual(full.teams.get('East')![metric]);
    expect(partial.reps.get('B')![metric]).toEqual(full.reps.get('B')![metric]);
  });

  it('catches a missing part (the check is not vacuous)', () => {
    const partial = computeScopes(only(new Set(['rollup'])), DEFAULT_ORG_SETTINGS);
    expect(partial.org.churn_rate).not.toEqual(full.org.churn_rate);
    expect(partial.org.attainment_revenue).not.toEqual(full.org.attainment_revenue);
  });
});
