import { parseIsoDate } from '../core/calendar-date.ts';
import { parseMoney } from '../core/money.ts';
import type { LocalDateTime } from '../core/time-zone.ts';
import { parseTimestamp } from '../core/timestamp.ts';
import type { CsvRecord } from './csv-records.ts';
import type { IssueCollector } from './import-errors.ts';

/** What reading a cell needs to know about the organisation. */
export interface OrgContext {
  currency: string;
  digits: number;
  resolveLocal: (t: LocalDateTime) => number;
}

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);
const INTEGER_RE = /^\d+$/;
const NUMBER_RE = /^\d+(?:\.\d+)?$/;

/**
 * Reads typed cells of one record, reporting each bad cell with file, line and column.
 * Cells are trimmed; an empty cell is "no value".
 */
export class RowReader {
  line = 0;
  ok = true;
  private cells: string[] = [];

  constructor(
    readonly file: string,
    private readonly issues: IssueCollector,
    readonly org: OrgContext,
    private readonly columnIndex: ReadonlyMap<string, number>,
  ) {}

  start(record: CsvRecord): void {
    this.line = record.line;
    this.cells = record.cells;
    this.ok = true;
  }

  /** Refuses the row without an error of its own (it refers to a row already reported). */
  refuse(): void {
    this.ok = false;
  }

  fail(column: string | null, message: string): void {
    this.ok = false;
    this.issues.error(this.file, this.line, column, message);
  }

  /** The trimmed cell, or null when empty or when the file has no such column. */
  text(column: string): string | null {
    const index = this.columnIndex.get(column);
    if (index === undefined) return null;
    const cell = this.cells[index];
    if (cell === undefined) return null;
    const trimmed = cell.trim();
    return trimmed === '' ? null : trimmed;
  }

  requiredText(column: string): string | null {
    const value = this.text(column);
    if (value === null) this.fail(column, 'is required');
    return value;
  }

  timestamp(column: string, required = false): number | null {
    const value = required ? this.requiredText(column) : this.text(column);
    if (value === null) return null;
    const parsed = parseTimestamp(value, this.org.resolveLocal);
    if (!parsed.ok) {
      this.fail(column, parsed.reason);
      return null;
    }
    return parsed.epochMs;
  }

  /** A calendar day, kept as its `YYYY-MM-DD` text. */
  date(column: string, required = false): string | null {
    const value = required ? this.requiredText(column) : this.text(column);
    if (value === null) return null;
    if (parseIsoDate(value) === undefined) {
      this.fail(column, `"${value}" is not a date (expected YYYY-MM-DD)`);
      return null;
    }
    return value;
  }

  money(column: string, required = false): number | null {
    const value = required ? this.requiredText(column) : this.text(column);
    if (value === null) return null;
    const parsed = parseMoney(value, this.org.digits, this.org.currency);
    if (!parsed.ok) {
      this.fail(column, parsed.reason);
      return null;
    }
    return parsed.minor;
  }

  boolean(column: string, fallback: boolean): boolean {
    const value = this.text(column);
    if (value === null) return fallback;
    const lower = value.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
    this.fail(column, `"${value}" is not a boolean (true/false, 1/0, yes/no)`);
    return fallback;
  }

  integer(column: string, fallback: number): number {
    const value = this.text(column);
    if (value === null) return fallback;
    if (!INTEGER_RE.test(value) || !Number.isSafeInteger(Number(value))) {
      this.fail(column, `"${value}" is not a whole number ≥ 0`);
      return fallback;
    }
    return Number(value);
  }

  nonNegativeNumber(column: string, required = false): number | null {
    const value = required ? this.requiredText(column) : this.text(column);
    if (value === null) return null;
    if (!NUMBER_RE.test(value)) {
      this.fail(column, `"${value}" is not a non-negative number`);
      return null;
    }
    return Number(value);
  }

  /** A currency cell must match the organisation's currency (multi-currency comes later). */
  currency(column: string): string | null {
    const value = this.text(column);
    if (value !== null && value.toUpperCase() !== this.org.currency) {
      this.fail(column, `"${value}" differs from the organisation's currency ${this.org.currency}`);
    }
    return value === null ? null : value.toUpperCase();
  }
}
