import type { Preset } from '../../core/contracts/mapping.ts';

/*
 * Salesforce report exports (Reports > an Opportunities, Leads or Accounts report in tabular form >
 * Export > "Details Only", CSV). The columns are the fields' labels (Salesforce Field Reference,
 * Opportunity: "Opportunity ID", "Opportunity Name", "Account ID", "Account Name", "Amount",
 * "Close Date", "Created Date", "Stage", "Probability (%)", "Lead Source", "Type", plus the
 * report's "Opportunity Owner"; Lead: "Lead ID", "Lead Owner", "Lead Source", "Lead Status",
 * "Create Date"; Account: "Account ID", "Account Name", "Account Owner", "Created Date"). The ID
 * columns must be added to the report (they are not in the default columns). Dates follow the
 * user's locale: en_US writes `M/D/YYYY`. Stages are the standard picklist ("Prospecting" …
 * "Closed Won", "Closed Lost").
 */

export const SALESFORCE_PRESETS: readonly Preset[] = [
  {
    id: 'salesforce-opportunities',
    vendor: 'salesforce',
    label: 'Salesforce opportunities report',
    signature: ['Opportunity ID', 'Opportunity Name', 'Opportunity Owner', 'Stage', 'Close Date'],
    mapping: {
      udnMapping: 1,
      preset: 'salesforce-opportunities',
      table: 'deals',
      dates: 'M/D/YYYY',
      decimal: '.',
      createReps: 'when-none',
      fields: {
        id: { column: 'Opportunity ID' },
        name: { column: 'Opportunity Name' },
        owner_rep_id: { column: 'Opportunity Owner', rep: 'name-or-email' },
        account_id: { column: 'Account ID' },
        created_at: { column: 'Created Date' },
        // Close Date is the expected date until the opportunity closes.
        closed_at: { column: 'Close Date', keep: 'closed' },
        status: {
          column: 'Stage',
          values: { 'Closed Won': 'won', 'Closed Lost': 'lost' },
          otherwise: 'open',
        },
        stage: { column: 'Stage' },
        amount: { column: 'Amount' },
      },
    },
    cannot:
      'No link to the converted lead (the lead conversion KPIs need deals.lead_id); dates without times, so sales cycles are whole days; no email events, spend or targets; custom closed stages other than "Closed Won"/"Closed Lost" must be added to the mapping.',
  },
  {
    id: 'salesforce-leads',
    vendor: 'salesforce',
    label: 'Salesforce leads report',
    signature: ['Lead ID', 'Lead Owner', 'Lead Status', 'Create Date'],
    mapping: {
      udnMapping: 1,
      preset: 'salesforce-leads',
      table: 'leads',
      dates: 'M/D/YYYY',
      createReps: 'when-none',
      fields: {
        id: { column: 'Lead ID' },
        created_at: { column: 'Create Date' },
        owner_rep_id: { column: 'Lead Owner', rep: 'name-or-email' },
        source: { column: 'Lead Source' },
      },
    },
    cannot:
      'Which opportunity a lead became is not in the report, so lead-to-opportunity and conversion rates stay empty; a lead owned by a queue becomes a rep named after the queue.',
  },
  {
    id: 'salesforce-accounts',
    vendor: 'salesforce',
    label: 'Salesforce accounts report',
    signature: ['Account ID', 'Account Name', 'Account Owner'],
    mapping: {
      udnMapping: 1,
      preset: 'salesforce-accounts',
      table: 'accounts',
      dates: 'M/D/YYYY',
      createReps: 'when-none',
      fields: {
        id: { column: 'Account ID' },
        name: { column: 'Account Name' },
        owner_rep_id: { column: 'Account Owner', rep: 'name-or-email' },
      },
    },
    cannot:
      'No customer or churn dates: an account is a customer from its first won opportunity and never churns.',
  },
];
