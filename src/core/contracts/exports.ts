/* Exports (issue 14): the formats each kind of export comes in. */

export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];
export const DASHBOARD_FORMATS = ['pdf', 'png'] as const;
export const PAPER_SIZES = ['a4', 'letter'] as const;
