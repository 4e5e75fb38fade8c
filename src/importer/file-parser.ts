import type { Readable } from 'node:stream';
import type { Mapping } from '../core/contracts/mapping.ts';
import { createLocalTimeResolver } from '../core/time-zone.ts';
import { type FactTable, hasIdKey } from '../db/bulk-writer.ts';
import { type CsvSyntaxError, readCsv } from './csv-records.ts';
import {
  describeKey,
  FILE_SPECS,
  type FileSpec,
  type KnownData,
  type KnownLists,
  knownFrom,
  MAX_ID,
} from './file-specs.ts';
import { IssueCollector, type IssueHandover } from './import-errors.ts';
import type { ImportEncoding } from './import-source.ts';
import { MappedRecords } from './mapping/mapped-records.ts';
import { OwnerDirectory, type OwnerRep } from './mapping/owner-reps.ts';
import { sourceRecords } from './mapping/source-records.ts';
import { escapeControls, quoteCell } from './quote-cell.ts';
import { type PackedRows, RowPacker } from './row-batch.ts';
import { type CellRule, RowReader } from './row-reader.ts';
import { DecodedText } from './text-decoding.ts';

/** Everything reading one file needs: plain data, so that it can be sent to a parsing thread. */
export interface ParseJob {
  file: string;
  currency: string;
  digits: number;
  timezone: string;
  known: KnownLists;
  /** Rows per batch handed to the writer. */
  batchRows: number;
  /** The encoding the file was declared in; without one it must be UTF-8 (import-source.ts). */
  encoding?: ImportEncoding;
  /**
   * How a source that is not a UDN file maps onto `file`'s table; `source` is then what errors
   * name (`export.csv`, `book.xlsx [Deals]`) and `sourceFile` the file's own name (XLSX or CSV).
   */
  mapping?: Mapping;
  /** The name errors give the file, when it is not `file` (a mapped export, a UDN file named otherwise). */
  source?: string;
  sourceFile?: string;
}

export interface ParsedBatch {
  rows: PackedRows;
  /** Reps created from owners since the last batch: written before its rows. */
  newReps?: OwnerRep[];
  issues: IssueHandover;
  /** Bytes and records read so far, for progress. */
  bytes: number;
  records: number;
}

export interface ParseEnd {
  issues: IssueHandover;
  /** Records after the header, good or bad. */
  records: number;
  /** Ids of reps, accounts or leads refused while reading: a reference to one is not a new error. */
  refusedIds: string[];
  /** Reps created from owners after the last batch. */
  newReps?: OwnerRep[];
  /** Records a mapping's `where` left out. */
  skipped?: number;
}

/** Ids of refused rows remembered to avoid reporting every reference to them again. */
const MAX_REMEMBERED_FAILURES = 100_000;

/** The buffers a batch can hand to another thread instead of copying them. */
export const transferablesOf = (rows: PackedRows): ArrayBuffer[] =>
  [rows.lines, rows.textLengths, rows.numbers].map((a) => a.buffer as ArrayBuffer);

export function specOf(file: string): FileSpec<FactTable> {
  const spec = FILE_SPECS.find((s) => s.file === file);
  if (!spec) throw new Error(`${file} is not an import file`);
  return spec;
}

/**
 * Reads one file of KPI-SPEC §2 into batches of checked rows: header, field count, every cell
 * rule and duplicates within a batch (or within the file, for files keyed by several columns).
 * What needs the store (references, duplicates of stored rows, derived data) is the importer's.
 * Runs the same on the importing thread and on a parsing thread (parse-thread.ts).
 */
export async function parseFile(
  input: Readable,
  job: ParseJob,
  emit: (batch: ParsedBatch) => Promise<void>,
): Promise<ParseEnd> {
  const spec = specOf(job.file);
  const issues = new IssueCollector();
  const sourceName = job.source ?? spec.file;
  const mapping = job.mapping;
  if (mapping) {
    const columns = new Map<string, string>();
    for (const [field, rule] of Object.entries(mapping.fields))
      if (rule.column) columns.set(field, rule.column);
    issues.nameSource(spec.file, sourceName, columns);
  } else issues.nameSource(spec.file, sourceName);
  const context = {
    currency: job.currency,
    digits: job.digits,
    resolveLocal: createLocalTimeResolver(job.timezone),
  };
  const owners = mapping ? new OwnerDirectory(job.known, mapping.createReps) : null;
  const stored = knownFrom(job.known);
  // Reps created from owners by this file are known to its rows before they are written.
  const known: KnownData = owners
    ? { ...stored, hasRep: (id) => stored.hasRep(id) || owners.has(id) }
    : stored;
  let mapped: MappedRecords | null = null;
  const packer = new RowPacker(spec, job.batchRows);
  // Rows keyed by id meet their duplicates from other batches in the store; the few rows of the
  // small files keyed by several columns are all compared here.
  const perBatch = hasIdKey(spec.table);
  let firstLine = new Map<string, number>();
  const refused = new Set<string>();
  const seen = new Map<string, number>();
  let records = 0;
  const text = new DecodedText(input, job.encoding);
  // The reader's own errors leave it ended or destroyed: listening here keeps them from crashing the thread.
  text.on('error', () => {});

  const flush = async () => {
    const rows = packer.take();
    if (perBatch) firstLine = new Map();
    const newReps = owners?.take() ?? [];
    await emit({
      rows,
      issues: issues.handOver(),
      bytes: text.bytesIn,
      records,
      ...(newReps.length > 0 ? { newReps } : {}),
    });
  };

  let columnIndex: Map<string, number> | null = null;
  let headerCells: string[] = [];
  let headerWidth = 0;
  let reader: RowReader | null = null;
  let stopped = false;
  const onSyntaxError = (e: CsvSyntaxError) => {
    // A field of the header names the column; where the header itself is the problem, nothing does.
    const name = e.field === undefined || !columnIndex ? undefined : headerCells[e.field]?.trim();
    const known = mapped
      ? name !== undefined && [...mapped.columnOf.values()].includes(name)
      : spec.columns.includes(name ?? '');
    const column = name !== undefined && known ? name : null;
    // A mapped file's columns are already the source's: named as they are.
    if (mapped) issues.error(sourceName, e.line, column, e.message);
    else issues.error(spec.file, e.line, column, e.message);
    if (e.stops) stopped = true;
  };
  try {
    const chunks = mapping
      ? sourceRecords(input, text, job.sourceFile ?? sourceName, mapping.sheet, onSyntaxError, (workbook) => {
          // A sheet's rows end at their last cell: their widths differ without anything wrong.
          checksWidth = !workbook;
        })
      : readCsv(text, onSyntaxError);
    let checksWidth = true;
    for await (const chunk of chunks) {
      for (const sourceRecord of chunk.records) {
        let record = sourceRecord;
        if (!columnIndex) {
          headerCells = record.cells;
          if (mapping) {
            mapped = new MappedRecords(mapping, record.cells, owners, (line, column, message) =>
              issues.error(sourceName, line, column, message),
            );
            columnIndex = new Map(spec.columns.map((column, i) => [column, i]));
            headerWidth = record.cells.length;
            for (const problem of mapped.problems)
              issues.error(sourceName, 1, problem.column, problem.message);
            for (const field of spec.required) {
              if (mapping.fields[field] === undefined)
                issues.error(
                  sourceName,
                  1,
                  field,
                  `required field ${field} is not mapped to a column or a constant`,
                );
            }
            if (issues.failed) break;
            issues.nameSource(spec.file, sourceName, mapped.columnOf);
          } else {
            ({ columnIndex, headerWidth } = readHeader(spec, record.cells, issues));
            if (spec.required.some((column) => !columnIndex!.has(column))) break;
          }
          reader = new RowReader(spec.file, issues, context, columnIndex, cellRules(spec, columnIndex));
          continue;
        }
        if (!reader) break;
        if (checksWidth && record.cells.length !== headerWidth) {
          records++;
          issues.error(
            spec.file,
            record.line,
            null,
            `has ${record.cells.length} fields; the header has ${headerWidth}`,
          );
          continue;
        }
        if (mapped) {
          const translated = mapped.translate(record);
          if (translated === undefined) continue;
          records++;
          if (translated === null) {
            // Refused at its source cells: a later reference to its id is not a new error.
            const id = mapped.idOf(record);
            if (id !== null && refused.size < MAX_REMEMBERED_FAILURES) refused.add(id);
            continue;
          }
          record = translated;
        } else records++;
        reader.start(record);
        const row = spec.read(reader, known, seen);
        if (!row) {
          const id = reader.text('id');
          if (id !== null && refused.size < MAX_REMEMBERED_FAILURES) refused.add(id);
          continue;
        }
        const key = spec.keyOf(row);
        const earlier = firstLine.get(key);
        if (earlier !== undefined) {
          issues.error(
            spec.file,
            record.line,
            spec.columns[0]!,
            `duplicate ${describeKey(spec, row)}: first given on line ${earlier}`,
          );
          continue;
        }
        firstLine.set(key, record.line);
        packer.add(row, record.line);
        if (packer.count >= job.batchRows) await flush();
      }
      if (columnIndex && !reader) break;
    }
    if (!columnIndex && !stopped) issues.error(spec.file, 1, null, 'is empty: a header row is required');
    if (packer.count > 0) await flush();
  } finally {
    text.destroy();
    input.destroy();
  }
  const keepsRefusals = spec.table === 'reps' || spec.table === 'accounts' || spec.table === 'leads';
  const newReps = owners?.take() ?? [];
  return {
    issues: issues.handOver(),
    records,
    refusedIds: keepsRefusals ? [...refused] : [],
    ...(newReps.length > 0 ? { newReps } : {}),
    ...(mapped !== null ? { skipped: (mapped as MappedRecords).skipped } : {}),
  };
}

/** What each known column of the header may hold (the import's reader and the preview check the same). */
export function cellRules(spec: FileSpec<FactTable>, columnIndex: ReadonlyMap<string, number>): CellRule[] {
  return spec.columns.flatMap((column) => {
    const index = columnIndex.get(column);
    return index === undefined
      ? []
      : [{ column, index, maxLength: spec.maxLength[column]!, freeText: spec.freeText.includes(column) }];
  });
}

function readHeader(
  spec: FileSpec<FactTable>,
  cells: string[],
  issues: IssueCollector,
): { columnIndex: Map<string, number>; headerWidth: number } {
  const columnIndex = new Map<string, number>();
  cells.forEach((cell, index) => {
    const name = cell.trim();
    // A name that is not plain (long, or holding controls) is named only in the message, quoted.
    const plain = spec.columns.includes(name) || (name.length <= MAX_ID && escapeControls(name) === name);
    if (columnIndex.has(name)) {
      issues.error(
        spec.file,
        1,
        plain ? name : null,
        `column ${quoteCell(name)} appears twice in the header`,
      );
      return;
    }
    columnIndex.set(name, index);
    if (!spec.columns.includes(name)) {
      if (plain) issues.warn(spec.file, 1, name, 'unknown column, ignored');
      else issues.warn(spec.file, 1, null, `unknown column ${quoteCell(name)}, ignored`);
    }
  });
  for (const column of spec.required) {
    if (!columnIndex.has(column))
      issues.error(spec.file, 1, column, 'required column is missing from the header');
  }
  return { columnIndex, headerWidth: cells.length };
}
