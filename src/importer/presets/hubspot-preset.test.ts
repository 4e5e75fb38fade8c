import { describePresetKpis } from '../../../test/support/preset-kpis.ts';

describePresetKpis('hubspot', {
  'hubspot-crm-exports-all-deals-2026-12-01.csv': 'hubspot-deals',
  'hubspot-crm-exports-all-contacts-2026-12-01.csv': 'hubspot-contacts',
  'hubspot-crm-exports-all-companies-2026-12-01.csv': 'hubspot-companies',
});
