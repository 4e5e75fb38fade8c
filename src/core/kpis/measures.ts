/**
 * Additive facts for one owner key over one period, as the data layer aggregates them. Teams and
 * the organisation are sums of these, so every ratio is Σ numerator / Σ denominator.
 */
export interface Measures {
  /** Minor units. */
  revenue: number;
  units: number;
  dealsWon: number;
  /** Σ (closed_at − created_at) over won deals, in ms. */
  cycleMs: number;
  emailsSent: number;
  emailsDelivered: number;
  emailsOpened: number;
  newLeads: number;
  newOpportunities: number;
  /** Cohort (= new) leads that some deal links to. */
  leadsWithDeal: number;
  /** Cohort leads linked to a won deal. */
  leadsWon: number;
  /** Σ (earliest won linked deal's closed_at − lead created_at) over leadsWon, in ms. */
  leadConversionMs: number;
  customersStart: number;
  customersEnd: number;
  newCustomers: number;
  churnedCustomers: number;
}

export const MEASURE_KEYS = [
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
  'customersStart',
  'customersEnd',
  'newCustomers',
  'churnedCustomers',
] as const satisfies readonly (keyof Measures)[];

export function emptyMeasures(): Measures {
  return Object.fromEntries(MEASURE_KEYS.map((key) => [key, 0])) as unknown as Measures;
}

export function addMeasures(into: Measures, from: Partial<Measures>): Measures {
  for (const key of MEASURE_KEYS) into[key] += from[key] ?? 0;
  return into;
}

export function sumMeasures(items: Iterable<Partial<Measures>>): Measures {
  const total = emptyMeasures();
  for (const item of items) addMeasures(total, item);
  return total;
}
