/**
 * A table as exports write it (CSV, XLSX): typed columns so a spreadsheet gets numbers as numbers,
 * money in major units with the currency in the header, rates as fractions and dates as dates.
 */

/**
 * text: written as text (neutralised); integer, number, days: plain numbers; money: major units of
 * the table's currency; percent: a fraction (0.125 = 12.5%); date: `YYYY-MM-DD`; datetime: local
 * wall time `YYYY-MM-DD HH:MM:SS` in the zone the notes name; boolean: true/false.
 */
export const COLUMN_KINDS = [
  'text',
  'integer',
  'number',
  'money',
  'percent',
  'days',
  'date',
  'datetime',
  'boolean',
] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export type ExportCell = string | number | boolean | null;
export type ExportRow = Record<string, ExportCell>;

export interface ExportColumn {
  key: string;
  label: string;
  kind: ColumnKind;
}

export interface ExportTable {
  title: string;
  columns: ExportColumn[];
  rows: ExportRow[];
  /** ISO 4217 code of every money cell. */
  currency: string;
  /** What the export is (period, scope, filters, generated at): the XLSX's "About" sheet. */
  notes?: string[];
  /** The name of the XLSX sheet holding the notes, in the export's language (default "About"). */
  aboutSheet?: string;
  /**
   * Per row, kinds that replace the column's for that row: a list of metrics has money, counts and
   * rates in one "Value" column. Index = row index; absent entries keep the column's kind.
   */
  cellKinds?: (Readonly<Partial<Record<string, ColumnKind>>> | undefined)[];
}

/** The kind a cell is written as. */
export const kindOf = (table: ExportTable, rowIndex: number, column: ExportColumn): ColumnKind =>
  table.cellKinds?.[rowIndex]?.[column.key] ?? column.kind;

/** A money column's header names its currency: "Revenue (IDR)". */
export const headerOf = (column: ExportColumn, currency: string): string =>
  column.kind === 'money' ? `${column.label} (${currency})` : column.label;

const NUMERIC: ReadonlySet<ColumnKind> = new Set(['integer', 'number', 'money', 'percent', 'days']);
export const isNumericKind = (kind: ColumnKind): boolean => NUMERIC.has(kind);
