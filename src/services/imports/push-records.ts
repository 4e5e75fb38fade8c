import type { ImportIssue, ImportResult } from '../../core/contracts/imports.ts';
import { MAPPABLE_TABLES, type MappableTable } from '../../core/contracts/mapping.ts';
import type { Store } from '../../db/database.ts';
import { FILE_SPECS } from '../../importer/file-specs.ts';
import { fileFromText } from '../../importer/import-source.ts';
import { importFiles } from './import-files.ts';

/**
 * The push API's batches (POST /api/v1/records/{table}): rows as JSON, run through the importer
 * as an in-memory file of the table, so they get the very checks and messages of a file, all or
 * nothing, in the import history as source `api` (docs/adr/0020-snapshots-and-push.md).
 */

export const PUSH_TABLES = MAPPABLE_TABLES;
/** Rows (upserted plus deleted) one batch may carry. */
export const PUSH_MAX_ROWS = 10_000;

/** A batch as received: shapes are checked here, so that every fault names its place. */
export interface PushBatch {
  upsert?: unknown[];
  delete?: unknown[];
}

/** One fault of a batch: where (`upsert[3].amount`, `delete[0]`) and why. */
export interface PushError {
  field: string;
  message: string;
}

export interface PushCounts {
  importId: number;
  table: MappableTable;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** false when the batch found nothing to change (the data version and open pages stay). */
  changed: boolean;
  dataVersion: number;
  warnings: PushError[];
}

export type PushOutcome =
  | { ok: true; counts: PushCounts; result: ImportResult }
  | { ok: false; errors: PushError[]; errorCount: number; result: ImportResult | null };

/** A batch read into the file the importer reads and the keys it removes. */
export interface ReadBatch {
  csv: string | null;
  /** Line of the CSV where each upsert row's record starts (the header is line 1). */
  lineStarts: number[];
  remove: string[];
}

const specOf = (table: MappableTable) => FILE_SPECS.find((spec) => spec.table === table)!;

/** The fields of a key-less table's delete (spend, targets): the key of its file spec. */
export const DELETE_KEY_FIELDS: Partial<Record<MappableTable, readonly string[]>> = {
  spend: ['date', 'category', 'note', 'seq'],
  targets: ['scope', 'metric', 'period_start', 'period_end'],
};

const quote = (text: string): string =>
  /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;

const newlines = (text: string): number => (text.match(/\r\n|\r|\n/g) ?? []).length;

/** Checks the batch's shape and turns it into a file of the table; errors name the place. */
export function readBatch(
  table: MappableTable,
  batch: PushBatch,
): { batch?: ReadBatch; errors: PushError[] } {
  const errors: PushError[] = [];
  const spec = specOf(table);
  const upsert = batch.upsert ?? [];
  const deletes = batch.delete ?? [];
  if (upsert.length + deletes.length === 0)
    errors.push({ field: 'upsert', message: 'the batch is empty: give rows in upsert or keys in delete' });
  if (upsert.length + deletes.length > PUSH_MAX_ROWS) {
    errors.push({
      field: 'upsert',
      message: `a batch holds at most ${PUSH_MAX_ROWS} rows (upsert and delete together), not ${upsert.length + deletes.length}: send several batches`,
    });
    return { errors };
  }
  const columns = spec.columns as readonly string[];
  const lines = [columns.join(',')];
  const lineStarts: number[] = [];
  let line = 2;
  upsert.forEach((row, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      errors.push({ field: `upsert[${i}]`, message: "must be an object of the row's fields" });
      return;
    }
    const record = row as Record<string, unknown>;
    for (const field of Object.keys(record)) {
      if (!columns.includes(field))
        errors.push({
          field: `upsert[${i}].${field}`,
          message: `is not a field of ${table} (its fields: ${columns.join(', ')})`,
        });
    }
    const cells = columns.map((column) => {
      const value = record[column];
      if (value === undefined || value === null) return '';
      if (typeof value === 'string') return quote(value);
      if (typeof value === 'boolean') return value ? 'true' : 'false';
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      errors.push({
        field: `upsert[${i}].${column}`,
        message: 'must be a string, a number, true, false or null',
      });
      return '';
    });
    const text = cells.join(',');
    lineStarts.push(line);
    line += 1 + newlines(text);
    lines.push(text);
  });
  const keyFields = DELETE_KEY_FIELDS[table];
  const remove: string[] = [];
  const upsertIds = new Set(
    keyFields ? [] : upsert.map((row) => String((row as Record<string, unknown> | null)?.id ?? '')),
  );
  deletes.forEach((key, j) => {
    if (!keyFields) {
      if (typeof key !== 'string' && typeof key !== 'number') {
        errors.push({ field: `delete[${j}]`, message: `must be the id of a stored row of ${table}` });
        return;
      }
      const id = String(key);
      if (upsertIds.has(id)) {
        errors.push({
          field: `delete[${j}]`,
          message: `"${id}" is also in upsert: a row is kept or removed, not both`,
        });
        return;
      }
      remove.push(id);
      return;
    }
    if (key === null || typeof key !== 'object' || Array.isArray(key)) {
      errors.push({ field: `delete[${j}]`, message: `must be an object of ${keyFields.join(', ')}` });
      return;
    }
    const given = key as Record<string, unknown>;
    const parts = keyFields.map((field) => {
      const value = given[field];
      // A spend row's note defaults to empty and its seq (the n-th row of its date, category and note) to 1.
      if (value === undefined && field === 'note') return '';
      if (value === undefined && field === 'seq') return '1';
      if (typeof value !== 'string' && typeof value !== 'number') {
        errors.push({ field: `delete[${j}].${field}`, message: 'is required' });
        return '';
      }
      return String(value);
    });
    for (const field of Object.keys(given)) {
      if (!keyFields.includes(field))
        errors.push({
          field: `delete[${j}].${field}`,
          message: `is not a key field (${keyFields.join(', ')})`,
        });
    }
    remove.push(parts.join('\u0000'));
  });
  if (errors.length > 0) return { errors };
  return {
    batch: { csv: upsert.length > 0 ? `${lines.join('\n')}\n` : null, lineStarts, remove },
    errors,
  };
}

/** Where a row's line falls: the index of the upsert row whose record holds it. */
function rowAt(lineStarts: readonly number[], line: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= line) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** An importer issue of the batch's file, said of the batch: `upsert[i].field`, or `delete`. */
export function pushErrorOf(table: MappableTable, read: ReadBatch, issue: ImportIssue): PushError {
  const file = specOf(table).file;
  if (issue.file !== file) return { field: `${issue.file}:${issue.line}`, message: issue.message };
  if (issue.line === 0) return { field: issue.column === 'id' ? 'delete' : 'upsert', message: issue.message };
  const at = (line: number) => rowAt(read.lineStarts, line);
  const i = at(issue.line);
  const message = issue.message.replace(
    /first given on line (\d+)/,
    (_, first: string) => `first given in upsert[${at(Number(first))}]`,
  );
  return { field: `upsert[${i}]${issue.column ? `.${issue.column}` : ''}`, message };
}

/**
 * Imports a read batch into the organisation, as the import `importId` (claimed by the caller,
 * which holds the organisation's turn). Nothing is written unless the whole batch passes.
 */
export async function pushRecords(
  store: Store,
  table: MappableTable,
  read: ReadBatch,
  options: { orgId: number; importId: number },
): Promise<PushOutcome> {
  const file = specOf(table).file;
  const files = read.csv === null ? [] : [fileFromText(file, read.csv)];
  const result = await importFiles(store, files, {
    source: 'api',
    orgId: options.orgId,
    importId: options.importId,
    ...(read.remove.length > 0 ? { remove: { [table]: read.remove } } : {}),
  });
  if (!result.ok) {
    return {
      ok: false,
      errors: result.errors.map((issue) => pushErrorOf(table, read, issue)),
      errorCount: result.errorCount,
      result,
    };
  }
  const summary = result.files.find((s) => s.file === file);
  return {
    ok: true,
    result,
    counts: {
      importId: result.importId,
      table,
      inserted: summary?.inserted ?? 0,
      updated: summary?.updated ?? 0,
      unchanged: summary?.unchanged ?? 0,
      removed: summary?.removed ?? 0,
      changed: result.changed,
      dataVersion: result.dataVersion,
      warnings: result.warnings.map((issue) => pushErrorOf(table, read, issue)),
    },
  };
}
