import { parseIsoDate } from '../core/calendar-date.ts';
import { parseMoney } from '../core/money.ts';
import type { LocalDateTime } from '../core/time-zone.ts';
import { parseTimestamp } from '../core/timestamp.ts';
import type { CsvRecord } from './csv-records.ts';
import type { IssueCollector } from './import-errors.ts';
import { codePointLength, count, escapeControls, quoteCell } from './quote-cell.ts';

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
/** Refused in every cell: any control character (C0, DEL, C1) but tab, LF and CR. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const CONTROL_RE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/;
/** Refused in a cell that is not free text: any control character, tabs and line breaks too. */
const LINE_CONTROL_RE = /\p{Cc}/u;

/** What a column's cells may hold: checked before any cell is read. */
export interface CellRule {
  column: string;
  index: number;
  maxLength: number;
  /** Free text may hold tabs and line breaks. */
  freeText: boolean;
}

function describeControl(cell: string, at: number): string {
  const code = cell.charCodeAt(at);
  const name =
    code === 0
      ? 'a NUL byte'
      : code === 0x09
        ? 'a tab'
        : code === 0x0a || code === 0x0d
          ? 'a line break'
          : 'a control character';
  const shown = escapeControls(cell[at]!);
  const before = cell.slice(Math.max(0, at - 20), at);
  return `holds ${name} (${shown}) after ${quoteCell(before, 20)}: control characters are not allowed`;
}

/**
 * Reads typed cells of one record, reporting each bad cell with file, line and column.
 * Cells are trimmed; an empty cell is "no value".
 */
export class RowReader {
  line = 0;
  ok = true;
  private cells: string[] = [];
  /** Columns whose cell of this record was refused before reading: they read as "no value". */
  private refused: Set<string> | null = null;

  constructor(
    readonly file: string,
    private readonly issues: IssueCollector,
    readonly org: OrgContext,
    private readonly columnIndex: ReadonlyMap<string, number>,
    private readonly rules: readonly CellRule[],
  ) {}

  /**
   * Takes the next record, refusing every cell too long for its column or holding a control
   * character (docs/import.md "Field lengths", "Encodings"). Lengths are compared for every cell;
   * controls are looked for only in records the reader marked as suspect, so that clean files
   * pay one scan per chunk instead of one per cell.
   */
  start(record: CsvRecord): void {
    this.line = record.line;
    this.cells = record.cells;
    this.ok = true;
    this.refused = null;
    for (const rule of this.rules) {
      const cell = record.cells[rule.index];
      if (cell === undefined) continue;
      if (cell.length > rule.maxLength) {
        const length = codePointLength(cell.trim());
        if (length > rule.maxLength) {
          this.refuseCell(rule.column, `${count(length)} characters, at most ${count(rule.maxLength)}`);
          continue;
        }
      }
      if (record.suspect) {
        const trimmed = cell.trim();
        const at = trimmed.search(rule.freeText ? CONTROL_RE : LINE_CONTROL_RE);
        if (at !== -1) this.refuseCell(rule.column, describeControl(trimmed, at));
      }
    }
  }

  private refuseCell(column: string, message: string): void {
    this.refused ??= new Set();
    this.refused.add(column);
    this.fail(column, message);
  }

  /** Refuses the row without an error of its own (it refers to a row already reported). */
  refuse(): void {
    this.ok = false;
  }

  fail(column: string | null, message: string): void {
    this.ok = false;
    this.issues.error(this.file, this.line, column, message);
  }

  /** The trimmed cell, or null when empty, refused, or when the file has no such column. */
  text(column: string): string | null {
    if (this.refused?.has(column)) return null;
    const index = this.columnIndex.get(column);
    if (index === undefined) return null;
    const cell = this.cells[index];
    if (cell === undefined) return null;
    const trimmed = cell.trim();
    return trimmed === '' ? null : trimmed;
  }

  requiredText(column: string): string | null {
    const value = this.text(column);
    if (value === null && !this.refused?.has(column)) this.fail(column, 'is required');
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
      this.fail(column, `${quoteCell(value)} is not a date (expected YYYY-MM-DD)`);
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
    this.fail(column, `${quoteCell(value)} is not a boolean (true/false, 1/0, yes/no)`);
    return fallback;
  }

  integer(column: string, fallback: number): number {
    const value = this.text(column);
    if (value === null) return fallback;
    if (!INTEGER_RE.test(value) || !Number.isSafeInteger(Number(value))) {
      this.fail(column, `${quoteCell(value)} is not a whole number ≥ 0`);
      return fallback;
    }
    return Number(value);
  }

  nonNegativeNumber(column: string, required = false): number | null {
    const value = required ? this.requiredText(column) : this.text(column);
    if (value === null) return null;
    if (!NUMBER_RE.test(value)) {
      this.fail(column, `${quoteCell(value)} is not a non-negative number`);
      return null;
    }
    return Number(value);
  }

  /** A currency cell must match the organisation's currency (multi-currency comes later). */
  currency(column: string): string | null {
    const value = this.text(column);
    if (value !== null && value.toUpperCase() !== this.org.currency) {
      this.fail(column, `${quoteCell(value)} differs from the organisation's currency ${this.org.currency}`);
    }
    return value === null ? null : value.toUpperCase();
  }
}
