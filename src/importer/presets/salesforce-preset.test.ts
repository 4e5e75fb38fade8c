import { describePresetKpis } from '../../../test/support/preset-kpis.ts';

describePresetKpis('salesforce', {
  'report1701234567890.csv': 'salesforce-opportunities',
  'report1701234567891.csv': 'salesforce-leads',
  'report1701234567892.csv': 'salesforce-accounts',
});
