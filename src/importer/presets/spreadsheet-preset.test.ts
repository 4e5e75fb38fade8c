import { describePresetKpis } from '../../../test/support/preset-kpis.ts';

describePresetKpis('spreadsheet', { 'pipeline-2026.csv': 'spreadsheet-deals' });
