import type { Preset } from '../../core/contracts/mapping.ts';

/*
 * A pipeline kept by hand in Excel or Google Sheets: one row per deal with friendly headers
 * (Deal, Owner, Amount, Created, Closed, Status). There is no vendor documentation; the layout is
 * the smallest sheet that answers the sales KPIs. The deal's name is its id, since such sheets
 * rarely number deals. Dates are ISO or unambiguous (`auto`); amounts may carry "$", "Rp" and
 * thousands separators.
 */

export const SPREADSHEET_PRESETS: readonly Preset[] = [
  {
    id: 'spreadsheet-deals',
    vendor: 'spreadsheet',
    label: 'Deals spreadsheet (Deal, Owner, Amount, Created, Closed, Status)',
    signature: ['Deal', 'Owner', 'Amount', 'Created', 'Closed', 'Status'],
    mapping: {
      udnMapping: 1,
      preset: 'spreadsheet-deals',
      table: 'deals',
      dates: 'auto',
      decimal: '.',
      createReps: 'when-none',
      fields: {
        id: { column: 'Deal' },
        name: { column: 'Deal' },
        owner_rep_id: { column: 'Owner', rep: 'name-or-email' },
        created_at: { column: 'Created' },
        closed_at: { column: 'Closed', keep: 'closed' },
        status: {
          column: 'Status',
          values: { won: 'won', 'closed won': 'won', lost: 'lost', 'closed lost': 'lost' },
          otherwise: 'open',
        },
        amount: { column: 'Amount' },
      },
    },
    cannot:
      'Renaming a deal makes it a new deal (the name is the id); no accounts, leads, emails, spend or targets; a date like 03/04/2026 must be given a layout in the mapping.',
  },
];
