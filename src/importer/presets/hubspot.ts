import type { Preset } from '../../core/contracts/mapping.ts';

/*
 * HubSpot CRM exports (CRM > Deals | Contacts | Companies > Export, "all properties" or the view's
 * columns, with associations). Column labels are the properties' labels, as HubSpot's knowledge base
 * lists them ("Record ID", "Deal Name", "Deal Stage", "Close Date", "Create Date", "Deal owner",
 * "Amount", "Pipeline"; association columns "Associated Company IDs" / "Associated Contact IDs",
 * several ids separated by ";"), and as the CRM properties dealname, dealstage, closedate,
 * createdate, amount, hubspot_owner_id document them (docs.progress.com HubSpot DEALS table,
 * knowledge.hubspot.com "Set up your import file"). Dates are written in the portal's time zone as
 * `YYYY-MM-DD HH:mm`. Deal Stage holds the stage label; exports made through the API or older
 * tools hold the internal ids `closedwon` / `closedlost` instead.
 */

const CLOSED_STAGES = {
  'Closed Won': 'won',
  closedwon: 'won',
  'Closed Lost': 'lost',
  closedlost: 'lost',
};

export const HUBSPOT_PRESETS: readonly Preset[] = [
  {
    id: 'hubspot-deals',
    vendor: 'hubspot',
    label: 'HubSpot deals export',
    signature: ['Record ID', 'Deal Name', 'Deal Stage', 'Deal owner', 'Pipeline'],
    mapping: {
      udnMapping: 1,
      preset: 'hubspot-deals',
      table: 'deals',
      dates: 'YYYY-MM-DD HH:mm',
      decimal: '.',
      createReps: 'when-none',
      fields: {
        id: { column: 'Record ID' },
        name: { column: 'Deal Name' },
        owner_rep_id: { column: 'Deal owner', rep: 'name-or-email' },
        account_id: { column: 'Associated Company IDs', firstOf: ';' },
        lead_id: { column: 'Associated Contact IDs', firstOf: ';' },
        created_at: { column: 'Create Date' },
        // Open deals carry the expected close date in the same property.
        closed_at: { column: 'Close Date', keep: 'closed' },
        status: { column: 'Deal Stage', values: CLOSED_STAGES, otherwise: 'open' },
        stage: { column: 'Deal Stage' },
        amount: { column: 'Amount' },
      },
    },
    cannot:
      'No email events, marketing spend or targets; no teams (HubSpot teams are not exported with deals); a deal links to its first associated company and contact only; a deal deleted in HubSpot stays in UDN unless the file is imported as a snapshot.',
  },
  {
    id: 'hubspot-contacts',
    vendor: 'hubspot',
    label: 'HubSpot contacts export (as leads)',
    signature: ['Record ID', 'First Name', 'Last Name', 'Contact owner', 'Lifecycle Stage'],
    mapping: {
      udnMapping: 1,
      preset: 'hubspot-contacts',
      table: 'leads',
      dates: 'YYYY-MM-DD HH:mm',
      createReps: 'when-none',
      fields: {
        id: { column: 'Record ID' },
        created_at: { column: 'Create Date' },
        owner_rep_id: { column: 'Contact owner', rep: 'name-or-email' },
        source: { column: 'Original Source' },
      },
    },
    cannot:
      "Every contact becomes a lead, customers' contacts included (filter the view on Lifecycle Stage before exporting if that matters); the lead's created date is the contact's Create Date, not the date it became a lead; no email opens or bounces.",
  },
  {
    id: 'hubspot-companies',
    vendor: 'hubspot',
    label: 'HubSpot companies export (as accounts)',
    signature: ['Record ID', 'Company name', 'Company owner'],
    mapping: {
      udnMapping: 1,
      preset: 'hubspot-companies',
      table: 'accounts',
      dates: 'YYYY-MM-DD HH:mm',
      createReps: 'when-none',
      fields: {
        id: { column: 'Record ID' },
        name: { column: 'Company name' },
        owner_rep_id: { column: 'Company owner', rep: 'name-or-email' },
      },
    },
    cannot:
      'No churn date: a company that stops being a customer is not churned in UDN; a customer is acquired on its first won deal (HubSpot\'s "Became a Customer Date" is not read, as it is often missing).',
  },
];
