import {
  type ExportCell,
  type ExportTable,
  headerOf,
  isNumericKind,
  kindOf,
} from '../../core/exports/export-table.ts';
import { neutraliseText } from '../../core/exports/neutralise.ts';

/** Excel reads a CSV as the local ANSI code page unless it starts with a byte order mark. */
const BOM = '\uFEFF';
const CRLF = '\r\n';

/** RFC 4180: a field with a quote, comma or line break is quoted, its quotes doubled. */
const quoted = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

function cellText(value: ExportCell, numeric: boolean): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // Numbers are written as numbers (-5 stays -5); a number is never a formula.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // Text that looks like a number stays as typed in a numeric column only if it is one.
  if (numeric && /^-?\d+(\.\d+)?$/.test(value)) return value;
  return quoted(neutraliseText(value));
}

/**
 * The table as CSV: UTF-8 with a byte order mark, CRLF line ends, a header row then the rows. Money
 * in major units with the currency in its header, rates as fractions, dates as `YYYY-MM-DD` — plain
 * values a script or a spreadsheet reads without guessing. Text cells that a spreadsheet would run
 * as a formula start with an apostrophe.
 */
export function tableToCsv(table: ExportTable): string {
  const lines = [table.columns.map((column) => quoted(neutraliseText(headerOf(column, table.currency))))];
  table.rows.forEach((row, index) => {
    lines.push(
      table.columns.map((column) =>
        cellText(row[column.key] ?? null, isNumericKind(kindOf(table, index, column))),
      ),
    );
  });
  return BOM + lines.map((fields) => fields.join(',')).join(CRLF) + CRLF;
}
