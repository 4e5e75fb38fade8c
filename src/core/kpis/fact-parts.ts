/** The parts of a period's facts that are each one query: a time series loads only what its metric reads. */
export const FACT_PARTS = [
  'rollup',
  'customers',
  'cycles',
  'previousRevenue',
  'monthly',
  'quotas',
  'spend',
] as const;
export type FactPart = (typeof FACT_PARTS)[number];
