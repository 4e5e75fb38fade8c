import { type FieldRule, type Mapping, TABLE_FIELDS } from '../../core/contracts/mapping.ts';
import type { CsvRecord } from '../csv-records.ts';
import { quoteCell } from '../quote-cell.ts';
import { type DateReader, dateReader } from './date-layouts.ts';
import { type DecimalMark, readNumber } from './number-text.ts';
import type { OwnerDirectory } from './owner-reps.ts';

/** How a field's translated text is read further. */
type FieldKind = 'text' | 'date' | 'timestamp' | 'number' | 'rep';

const DATE_FIELDS = new Set(['started_on', 'ended_on', 'date', 'period_start', 'period_end']);
const TIMESTAMP_FIELDS = new Set([
  'acquired_at',
  'churned_at',
  'created_at',
  'closed_at',
  'sent_at',
  'opened_at',
]);
const NUMBER_FIELDS = new Set(['amount', 'units', 'value']);
const REP_FIELDS = new Set(['owner_rep_id', 'rep_id']);

const kindOf = (field: string): FieldKind =>
  DATE_FIELDS.has(field)
    ? 'date'
    : TIMESTAMP_FIELDS.has(field)
      ? 'timestamp'
      : NUMBER_FIELDS.has(field)
        ? 'number'
        : REP_FIELDS.has(field)
          ? 'rep'
          : 'text';

interface CompiledField {
  /** Index of the UDN cell written. */
  target: number;
  /** Index of the source cell read, or -1 for a constant. */
  source: number;
  /** The source column as the header writes it (errors name it), or the field for a constant. */
  sourceName: string;
  constant: string;
  kind: FieldKind;
  /** Source value (trimmed, as written, then lower-cased) → UDN value: most cells match as written. */
  values: Map<string, string> | null;
  /** The mapped values, to list in the error of a value the mapping does not know. */
  targets: string;
  otherwise: string | undefined;
  date: DateReader | null;
  firstOf: string | undefined;
  rep: NonNullable<FieldRule['rep']>;
  keepClosed: boolean;
}

/** A problem of the header against the mapping: a mapped column it lacks, a required field unmapped. */
export interface HeaderProblem {
  column: string;
  message: string;
}

const orList = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;

/** A cell without surrounding spaces, without a call into trim() for the many that have none. */
const plainEnd = (c: number): boolean => c > 32 && c < 127;
const trimmed = (cell: string): string =>
  cell.length === 0 || (plainEnd(cell.charCodeAt(0)) && plainEnd(cell.charCodeAt(cell.length - 1)))
    ? cell
    : cell.trim();

/** The error sink: source line, source column, reason. */
export type CellErrorSink = (line: number, column: string, message: string) => void;

/**
 * A mapping compiled against one source header: turns each source record into the cells of the
 * mapped UDN file (TABLE_FIELDS order), so the table's own reader checks them as it checks a UDN
 * file. Cells that cannot be translated are errors at the source cell; the record is then skipped.
 */
export class MappedRecords {
  /** UDN field → source column header, to name the source column in the reader's errors. */
  readonly columnOf = new Map<string, string>();
  readonly problems: HeaderProblem[] = [];
  /** Records a `where` filter left out. */
  skipped = 0;
  private readonly fields: CompiledField[] = [];
  private readonly cells: string[];
  private readonly out: CsvRecord;
  private readonly whereIndex: number;
  private readonly whereValues: Set<string> | null;
  private readonly statusTarget: number;
  private readonly decimal: DecimalMark;

  constructor(
    readonly mapping: Mapping,
    header: readonly string[],
    private readonly owners: OwnerDirectory | null,
    private readonly onError: CellErrorSink,
  ) {
    const udnFields = TABLE_FIELDS[mapping.table];
    this.cells = new Array<string>(udnFields.length).fill('');
    this.out = { line: 0, cells: this.cells, suspect: false };
    this.decimal = mapping.decimal;
    const indexOf = new Map<string, number>();
    header.forEach((cell, i) => {
      const key = cell.trim().toLowerCase();
      if (!indexOf.has(key)) indexOf.set(key, i);
    });
    const sourceName = (i: number) => header[i]!.trim();
    for (const [field, rule] of Object.entries(mapping.fields)) {
      const target = udnFields.indexOf(field);
      if (target === -1) continue;
      let source = -1;
      let name = field;
      if (rule.column !== undefined) {
        const at = indexOf.get(rule.column.trim().toLowerCase());
        if (at === undefined) {
          this.problems.push({
            column: rule.column,
            message: `column ${quoteCell(rule.column)} (mapped to ${field}) is missing from the header`,
          });
          continue;
        }
        source = at;
        name = sourceName(at);
      }
      this.columnOf.set(field, name);
      const kind = kindOf(field);
      const values = rule.values ? new Map<string, string>() : null;
      for (const [from, to] of Object.entries(rule.values ?? {})) {
        values!.set(from.trim().toLowerCase(), to);
        if (!values!.has(from.trim())) values!.set(from.trim(), to);
      }
      this.fields.push({
        target,
        source,
        sourceName: name,
        constant: rule.constant ?? '',
        kind,
        values,
        targets: values ? orList([...new Set(values.values())].filter((v) => v !== '')) : '',
        otherwise: rule.otherwise,
        date: kind === 'date' || kind === 'timestamp' ? dateReader(rule.format ?? mapping.dates) : null,
        firstOf: rule.firstOf,
        rep: rule.rep ?? 'id',
        keepClosed: rule.keep === 'closed',
      });
    }
    this.statusTarget = mapping.table === 'deals' ? udnFields.indexOf('status') : -1;
    if (mapping.where) {
      const at = indexOf.get(mapping.where.column.trim().toLowerCase());
      if (at === undefined) {
        this.problems.push({
          column: mapping.where.column,
          message: `column ${quoteCell(mapping.where.column)} (of the mapping's where) is missing from the header`,
        });
      }
      this.whereIndex = at ?? -1;
      this.whereValues = new Set(mapping.where.in.flatMap((v) => [v.trim(), v.trim().toLowerCase()]));
    } else {
      this.whereIndex = -1;
      this.whereValues = null;
    }
  }

  /**
   * The UDN record of a source record (the same object each time: read it before the next call),
   * `null` when its cells cannot be translated (each reported) and `undefined` when `where` skips it.
   */
  translate(record: CsvRecord): CsvRecord | null | undefined {
    const src = record.cells;
    if (this.whereValues !== null) {
      const cell = src[this.whereIndex];
      const value = cell === undefined ? undefined : trimmed(cell);
      if (
        value === undefined ||
        !(this.whereValues.has(value) || this.whereValues.has(value.toLowerCase()))
      ) {
        this.skipped++;
        return undefined;
      }
    }
    const line = record.line;
    let ok = true;
    let keepClosed: CompiledField | null = null;
    for (const f of this.fields) {
      let text: string;
      if (f.source === -1) text = f.constant;
      else {
        const cell = src[f.source];
        text = cell === undefined ? '' : trimmed(cell);
        if (f.firstOf !== undefined && text !== '') {
          const at = text.indexOf(f.firstOf);
          if (at !== -1) text = text.slice(0, at).trim();
        }
      }
      if (f.values !== null) {
        const mapped = f.values.get(text) ?? f.values.get(text.toLowerCase());
        if (mapped !== undefined) text = mapped;
        else if (f.otherwise !== undefined) text = f.otherwise;
        else if (text !== '') {
          this.onError(
            line,
            f.sourceName,
            `${f.sourceName.toLowerCase()} ${quoteCell(text)} is not mapped: map it to ${f.targets}`,
          );
          ok = false;
          continue;
        }
      } else if (text !== '' && f.source !== -1) {
        // One call site per kind of result: each stays monomorphic on a million rows.
        let failure: string | null = null;
        if (f.date !== null) {
          const r = f.date(text, f.kind === 'date');
          if (r.ok) text = r.text;
          else failure = r.reason;
        } else if (f.kind === 'number') {
          const r = readNumber(text, this.decimal);
          if (r.ok) text = r.text;
          else failure = r.reason;
        } else if (f.kind === 'rep' && this.owners !== null) {
          const r = this.owners.resolve(text, f.rep, line);
          if (r.ok) text = r.id;
          else failure = r.reason;
        }
        if (failure !== null) {
          this.onError(line, f.sourceName, failure);
          ok = false;
          continue;
        }
      }
      if (f.keepClosed) keepClosed = f;
      this.cells[f.target] = text;
    }
    if (!ok) return null;
    if (keepClosed !== null && this.statusTarget !== -1) {
      const status = this.cells[this.statusTarget]!.toLowerCase();
      if (status !== 'won' && status !== 'lost') this.cells[keepClosed.target] = '';
    }
    this.out.line = line;
    this.out.suspect = record.suspect;
    return this.out;
  }

  /** The id a source record gives (its `id` field's cell), for a record refused while translated. */
  idOf(record: CsvRecord): string | null {
    const field = this.idField;
    if (field === undefined) return null;
    const cell = field.source === -1 ? field.constant : record.cells[field.source];
    const id = cell === undefined ? '' : trimmed(cell);
    return id === '' ? null : id;
  }

  private get idField(): CompiledField | undefined {
    return this.fields.find((f) => f.target === 0 && this.udnHeader[0] === 'id');
  }

  /** The UDN header the translated records follow. */
  get udnHeader(): readonly string[] {
    return TABLE_FIELDS[this.mapping.table];
  }
}
