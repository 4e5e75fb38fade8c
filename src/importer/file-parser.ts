import type { Readable } from 'node:stream';
import { createLocalTimeResolver } from '../core/time-zone.ts';
import { type FactTable, hasIdKey } from '../db/bulk-writer.ts';
import { type CsvSyntaxError, readCsv } from './csv-records.ts';
import { describeKey, FILE_SPECS, type FileSpec, type KnownLists, knownFrom, MAX_ID } from './file-specs.ts';
import { IssueCollector, type IssueHandover } from './import-errors.ts';
import type { ImportEncoding } from './import-source.ts';
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
}

export interface ParsedBatch {
  rows: PackedRows;
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
  const context = {
    currency: job.currency,
    digits: job.digits,
    resolveLocal: createLocalTimeResolver(job.timezone),
  };
  const known = knownFrom(job.known);
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
    await emit({ rows, issues: issues.handOver(), bytes: text.bytesIn, records });
  };

  let columnIndex: Map<string, number> | null = null;
  let headerCells: string[] = [];
  let headerWidth = 0;
  let reader: RowReader | null = null;
  let stopped = false;
  const onSyntaxError = (e: CsvSyntaxError) => {
    // A field of the header names the column; where the header itself is the problem, nothing does.
    const name = e.field === undefined || !columnIndex ? undefined : headerCells[e.field]?.trim();
    const column = name !== undefined && spec.columns.includes(name) ? name : null;
    issues.error(spec.file, e.line, column, e.message);
    if (e.stops) stopped = true;
  };
  try {
    for await (const chunk of readCsv(text, onSyntaxError)) {
      for (const record of chunk.records) {
        if (!columnIndex) {
          ({ columnIndex, headerWidth } = readHeader(spec, record.cells, issues));
          headerCells = record.cells;
          if (spec.required.some((column) => !columnIndex!.has(column))) break;
          reader = new RowReader(spec.file, issues, context, columnIndex, cellRules(spec, columnIndex));
          continue;
        }
        if (!reader) break;
        records++;
        if (record.cells.length !== headerWidth) {
          issues.error(
            spec.file,
            record.line,
            null,
            `has ${record.cells.length} fields; the header has ${headerWidth}`,
          );
          continue;
        }
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
  return {
    issues: issues.handOver(),
    records,
    refusedIds: keepsRefusals ? [...refused] : [],
  };
}

/** What each known column of the header may hold. */
function cellRules(spec: FileSpec<FactTable>, columnIndex: ReadonlyMap<string, number>): CellRule[] {
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
