import type { Preset } from '../../core/contracts/mapping.ts';

/*
 * Pipedrive exports (Deals | Contacts > People | Organizations | Activities list view > "..." >
 * Export filter results, CSV). Every column is named "<Item> - <field label>": "Deal - ID",
 * "Deal - Title", "Deal - Owner", "Deal - Value", "Deal - Currency", "Deal - Status" (Open / Won /
 * Lost), "Deal - Deal created", "Deal - Expected close date", "Deal - Won time", "Deal - Lost
 * time", "Deal - Deal closed on"; related items add their own "Organization - ID", "Person - ID".
 * Field names from Pipedrive's import-fields article (support.pipedrive.com "Import fields": the
 * Person / Organization / Deal / Activity categories) and its API Deal model (title, value,
 * currency, status open|won|lost, add_time, won_time, lost_time, close_time, expected_close_date,
 * org_id, person_id). Times are `YYYY-MM-DD HH:mm:ss` in the exporting user's time zone, dates
 * `YYYY-MM-DD`; values are plain numbers.
 */

const DEAL_STATUS = { won: 'won', lost: 'lost', open: 'open' };

export const PIPEDRIVE_PRESETS: readonly Preset[] = [
  {
    id: 'pipedrive-deals',
    vendor: 'pipedrive',
    label: 'Pipedrive deals export',
    signature: ['Deal - ID', 'Deal - Title', 'Deal - Status'],
    mapping: {
      udnMapping: 1,
      preset: 'pipedrive-deals',
      table: 'deals',
      dates: 'YYYY-MM-DD HH:mm:ss',
      decimal: '.',
      createReps: 'when-none',
      fields: {
        id: { column: 'Deal - ID' },
        name: { column: 'Deal - Title' },
        owner_rep_id: { column: 'Deal - Owner', rep: 'name-or-email' },
        account_id: { column: 'Organization - ID' },
        lead_id: { column: 'Person - ID' },
        created_at: { column: 'Deal - Deal created' },
        // Set on won and lost deals only; keep: closed guards against a reopened deal keeping it.
        closed_at: { column: 'Deal - Deal closed on', keep: 'closed' },
        status: { column: 'Deal - Status', values: DEAL_STATUS, otherwise: 'open' },
        stage: { column: 'Deal - Stage' },
        amount: { column: 'Deal - Value' },
        currency: { column: 'Deal - Currency' },
      },
    },
    cannot:
      'No marketing spend or targets; no teams; deals in another currency than the organisation\'s are refused (UDN is single-currency); the lead is the deal\'s contact person, so "converted lead" means the person has a deal.',
  },
  {
    id: 'pipedrive-persons',
    vendor: 'pipedrive',
    label: 'Pipedrive people export (as leads)',
    signature: ['Person - ID', 'Person - Name', 'Person - Person created'],
    mapping: {
      udnMapping: 1,
      preset: 'pipedrive-persons',
      table: 'leads',
      dates: 'YYYY-MM-DD HH:mm:ss',
      createReps: 'when-none',
      fields: {
        id: { column: 'Person - ID' },
        created_at: { column: 'Person - Person created' },
        owner_rep_id: { column: 'Person - Owner', rep: 'name-or-email' },
      },
    },
    cannot:
      "Every person becomes a lead; Pipedrive's separate Leads inbox is not in this export; no lead source.",
  },
  {
    id: 'pipedrive-organizations',
    vendor: 'pipedrive',
    label: 'Pipedrive organizations export (as accounts)',
    signature: ['Organization - ID', 'Organization - Name', 'Organization - Organization created'],
    mapping: {
      udnMapping: 1,
      preset: 'pipedrive-organizations',
      table: 'accounts',
      dates: 'YYYY-MM-DD HH:mm:ss',
      createReps: 'when-none',
      fields: {
        id: { column: 'Organization - ID' },
        name: { column: 'Organization - Name' },
        owner_rep_id: { column: 'Organization - Owner', rep: 'name-or-email' },
      },
    },
    cannot:
      'No customer or churn dates: an organization is a customer from its first won deal and never churns.',
  },
  {
    id: 'pipedrive-activities',
    vendor: 'pipedrive',
    label: 'Pipedrive activities export (emails)',
    signature: ['Activity - ID', 'Activity - Type', 'Activity - Subject'],
    mapping: {
      udnMapping: 1,
      preset: 'pipedrive-activities',
      table: 'emails',
      dates: 'YYYY-MM-DD',
      createReps: 'when-none',
      // Calls, meetings and tasks are activities too; only e-mails are UDN's.
      where: { column: 'Activity - Type', in: ['Email'] },
      fields: {
        id: { column: 'Activity - ID' },
        sent_at: { column: 'Activity - Due date' },
        rep_id: { column: 'Activity - Assigned to user', rep: 'name-or-email' },
      },
    },
    cannot:
      'Email activities are logged, not tracked: no bounces and no opens, so the open rate is 0 until tracked emails come from elsewhere; the sent date is the due date (no time).',
  },
];
