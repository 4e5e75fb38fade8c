import type { TableFormat } from '../../core/contracts/exports.ts';
import type { ExportTable } from '../../core/exports/export-table.ts';
import { tableToCsv } from './table-csv.ts';

/** A written export: its bytes and how HTTP and the CLI name them. */
export interface ExportFile {
  body: Buffer;
  contentType: string;
  extension: TableFormat;
}

export const CONTENT_TYPES: Readonly<Record<TableFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The table in the format asked for. XLSX loads exceljs only when asked: a CSV needs none of it. */
export async function writeTable(table: ExportTable, format: TableFormat): Promise<ExportFile> {
  const body =
    format === 'csv'
      ? Buffer.from(tableToCsv(table), 'utf8')
      : await (await import('./table-xlsx.ts')).tableToXlsx(table);
  return { body, contentType: CONTENT_TYPES[format], extension: format };
}
