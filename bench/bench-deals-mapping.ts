import type { MappingInput } from '../src/core/contracts/mapping.ts';

/**
 * The mapping of the benchmarks' HubSpot-like deals exports (CSV and workbook): what a HubSpot
 * deals preset maps, with the layout and filters of each generated file given by its caller.
 */
export function benchDealsMapping(layout: Partial<MappingInput>): MappingInput {
  return {
    udnMapping: 1,
    table: 'deals',
    createReps: 'when-none',
    fields: {
      id: { column: 'Record ID' },
      name: { column: 'Deal Name' },
      owner_rep_id: { column: 'Deal owner', rep: 'name-or-email' },
      created_at: { column: 'Create Date' },
      closed_at: { column: 'Close Date', keep: 'closed' },
      status: {
        column: 'Deal Stage',
        values: { 'Closed Won': 'won', 'Closed Lost': 'lost' },
        otherwise: 'open',
      },
      stage: { column: 'Deal Stage' },
      amount: { column: 'Amount' },
      currency: { constant: 'USD' },
    },
    ...layout,
  };
}
