import ExcelJS from 'exceljs';
import {
  type ColumnKind,
  type ExportCell,
  type ExportTable,
  headerOf,
  kindOf,
} from '../../core/exports/export-table.ts';
import { moneyDisplayDigits } from '../../core/exports/money-digits.ts';
import { neutraliseText } from '../../core/exports/neutralise.ts';

/** Number formats of each kind; money's depends on the currency's minor unit (IDR has none). */
function numberFormat(kind: ColumnKind, moneyDigits: number): string | undefined {
  switch (kind) {
    case 'integer':
      return '#,##0';
    case 'number':
      return '#,##0.00';
    case 'money':
      return moneyDigits > 0 ? `#,##0.${'0'.repeat(moneyDigits)}` : '#,##0';
    case 'percent':
      return '0.0%';
    case 'days':
      return '#,##0.0';
    case 'date':
      return 'yyyy-mm-dd';
    case 'datetime':
      return 'yyyy-mm-dd hh:mm';
    default:
      return undefined;
  }
}

/**
 * A date or local wall time as a spreadsheet date. Excel dates have no zone: the wall time is kept
 * as UTC so the sheet shows exactly the org's local time the notes name.
 */
function asDate(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  return new Date(
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)),
  );
}

type XlsxValue = string | number | boolean | Date | null;

/** A cell as exceljs writes it: numbers as numbers, text always as (neutralised) text, never a formula. */
function cellValue(value: ExportCell, kind: ColumnKind): XlsxValue {
  if (value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (kind === 'date' || kind === 'datetime') {
    const date = asDate(value);
    if (date) return date;
  }
  return neutraliseText(value);
}

const displayWidth = (value: XlsxValue, kind: ColumnKind): number => {
  if (value === null) return 0;
  if (value instanceof Date) return kind === 'datetime' ? 16 : 10;
  if (typeof value === 'number') return Math.min(String(Math.round(value)).length * 1.35 + 4, 20);
  return String(value).length;
};

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
export const sheetName = (text: string): string =>
  text
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 31) || 'Sheet1';

/**
 * The table as an XLSX workbook: a sheet with a bold, frozen header row (filterable), numbers as
 * numbers with number formats (money in major units, "Revenue (IDR)" in its header; rates as
 * fractions shown 0.0%; dates as dates), columns sized to their content; and a second sheet with
 * what the export is (its notes).
 */
export async function tableToXlsx(table: ExportTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'UDN';
  const sheet = workbook.addWorksheet(sheetName(table.title), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const digits = moneyDisplayDigits(table.currency);
  const widths = table.columns.map((column) => headerOf(column, table.currency).length);

  const header = sheet.addRow(
    table.columns.map((column) => neutraliseText(headerOf(column, table.currency))),
  );
  header.font = { bold: true };

  table.rows.forEach((row, index) => {
    const kinds = table.columns.map((column) => kindOf(table, index, column));
    const values = table.columns.map((column, at) =>
      cellValue(row[column.key] ?? null, kinds[at] as ColumnKind),
    );
    const added = sheet.addRow(values);
    values.forEach((value, at) => {
      const kind = kinds[at] as ColumnKind;
      const format = numberFormat(kind, digits);
      const cell = added.getCell(at + 1);
      if (format && value !== null && typeof value !== 'string') cell.numFmt = format;
      widths[at] = Math.max(widths[at] ?? 0, displayWidth(value, kind));
    });
  });
  table.columns.forEach((_, at) => {
    sheet.getColumn(at + 1).width = Math.min(Math.max((widths[at] ?? 0) + 2, 8), 60);
  });
  if (table.columns.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }

  const about = workbook.addWorksheet(sheetName(table.aboutSheet ?? 'About'));
  const title = about.addRow([neutraliseText(table.title)]);
  title.font = { bold: true, size: 13 };
  for (const note of table.notes ?? []) about.addRow([neutraliseText(note)]);
  about.getColumn(1).width = Math.min(
    Math.max(...(table.notes ?? []).map((note) => note.length), 30) + 2,
    120,
  );

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
