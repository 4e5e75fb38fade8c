import { describePresetKpis } from '../../../test/support/preset-kpis.ts';

// The same deals as spreadsheet/pipeline-2026.csv kept in Excel: date cells, amounts as numbers in a currency format.
describePresetKpis('spreadsheet-xlsx', { 'pipeline-2026.xlsx [Pipeline]': 'spreadsheet-deals' });
