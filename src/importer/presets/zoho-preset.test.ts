import { describePresetKpis } from '../../../test/support/preset-kpis.ts';

describePresetKpis('zoho', {
  'Deals_2026_12_01.csv': 'zoho-deals',
  'Leads_2026_12_01.csv': 'zoho-leads',
  'Accounts_2026_12_01.csv': 'zoho-accounts',
});
