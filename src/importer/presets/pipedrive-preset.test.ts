import { describePresetKpis } from '../../../test/support/preset-kpis.ts';

describePresetKpis('pipedrive', {
  'deals-01-12-2026.csv': 'pipedrive-deals',
  'people-01-12-2026.csv': 'pipedrive-persons',
  'organizations-01-12-2026.csv': 'pipedrive-organizations',
  'activities-01-12-2026.csv': 'pipedrive-activities',
});
