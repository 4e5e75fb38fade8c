import type { Preset } from '../../core/contracts/mapping.ts';

/*
 * Zoho CRM module exports (Setup > Data Administration > Export, or a module's list view > Export;
 * files named `Deals_YYYY_MM_DD.csv`). Columns are the fields' display labels (Zoho CRM "Modules &
 * fields" reference; the Deals fields in Workato's Zoho CRM connector: "Deal Owner", "Deal Name",
 * "Amount", "Closing Date", "Account Name", "Stage", "Created Time"; Leads: "Lead Owner",
 * "Lead Source", "Lead Status", "Created Time"; Accounts: "Account Owner", "Account Name"). Record
 * ids are "Record Id" written `zcrm_<digits>`; a lookup field comes as its name plus a
 * "<Field>.id" column ("Account Name.id"). Times are `YYYY-MM-DD HH:mm:ss`, dates `YYYY-MM-DD`.
 * Standard closed stages: "Closed Won", "Closed Lost", "Closed-Lost to Competition".
 */

export const ZOHO_PRESETS: readonly Preset[] = [
  {
    id: 'zoho-deals',
    vendor: 'zoho',
    label: 'Zoho CRM deals export',
    signature: ['Record Id', 'Deal Name', 'Deal Owner', 'Stage', 'Closing Date'],
    mapping: {
      udnMapping: 1,
      preset: 'zoho-deals',
      table: 'deals',
      dates: 'YYYY-MM-DD HH:mm:ss',
      decimal: '.',
      createReps: 'when-none',
      fields: {
        id: { column: 'Record Id' },
        name: { column: 'Deal Name' },
        owner_rep_id: { column: 'Deal Owner', rep: 'name-or-email' },
        account_id: { column: 'Account Name.id' },
        created_at: { column: 'Created Time' },
        // Closing Date is the expected date on open deals.
        closed_at: { column: 'Closing Date', format: 'YYYY-MM-DD', keep: 'closed' },
        status: {
          column: 'Stage',
          values: { 'Closed Won': 'won', 'Closed Lost': 'lost', 'Closed-Lost to Competition': 'lost' },
          otherwise: 'open',
        },
        stage: { column: 'Stage' },
        amount: { column: 'Amount' },
      },
    },
    cannot:
      'Closing Date has no time: a deal closes at the start of that day (its cycle is counted to midnight); a converted lead is not linked to its deal (Zoho drops converted leads from the Leads module); no email events, spend or targets.',
  },
  {
    id: 'zoho-leads',
    vendor: 'zoho',
    label: 'Zoho CRM leads export',
    signature: ['Record Id', 'Lead Owner', 'Lead Status', 'Created Time'],
    mapping: {
      udnMapping: 1,
      preset: 'zoho-leads',
      table: 'leads',
      dates: 'YYYY-MM-DD HH:mm:ss',
      createReps: 'when-none',
      fields: {
        id: { column: 'Record Id' },
        created_at: { column: 'Created Time' },
        owner_rep_id: { column: 'Lead Owner', rep: 'name-or-email' },
        source: { column: 'Lead Source' },
      },
    },
    cannot:
      'Converted leads leave the Leads module, so the export holds only unconverted ones: lead cohorts shrink as leads convert and conversion rates cannot be computed.',
  },
  {
    id: 'zoho-accounts',
    vendor: 'zoho',
    label: 'Zoho CRM accounts export',
    signature: ['Record Id', 'Account Name', 'Account Owner'],
    mapping: {
      udnMapping: 1,
      preset: 'zoho-accounts',
      table: 'accounts',
      dates: 'YYYY-MM-DD HH:mm:ss',
      createReps: 'when-none',
      fields: {
        id: { column: 'Record Id' },
        name: { column: 'Account Name' },
        owner_rep_id: { column: 'Account Owner', rep: 'name-or-email' },
      },
    },
    cannot: 'No customer or churn dates: an account is a customer from its first won deal and never churns.',
  },
];
