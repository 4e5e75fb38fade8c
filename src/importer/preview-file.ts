import type { Readable } from 'node:stream';
import {
  type FilePreview,
  type Mapping,
  mappingSchema,
  type Preset,
  type PreviewCell,
  TABLE_FIELDS,
} from '../core/contracts/mapping.ts';
import { createLocalTimeResolver } from '../core/time-zone.ts';
import type { FactTable } from '../db/bulk-writer.ts';
import type { CsvRecord, CsvSyntaxError } from './csv-records.ts';
import { cellRules } from './file-parser.ts';
import { FILE_SPECS, type FileSpec, type KnownData, type KnownLists, knownFrom } from './file-specs.ts';
import { IssueCollector } from './import-errors.ts';
import type { ImportEncoding } from './import-source.ts';
import { MappedRecords } from './mapping/mapped-records.ts';
import { OwnerDirectory } from './mapping/owner-reps.ts';
import { readSourceHeader, sheetsOf } from './mapping/read-header.ts';
import { identityMapping, recognizeHeader } from './mapping/recognize.ts';
import { isWorkbookName, sourceRecords } from './mapping/source-records.ts';
import { RowReader } from './row-reader.ts';
import { DecodedText } from './text-decoding.ts';

/** Rows a preview shows. */
export const PREVIEW_ROWS = 100;
const SAMPLES = 3;

export interface PreviewSource {
  name: string;
  path?: string;
  encoding?: ImportEncoding;
  open(): Readable;
}

export interface PreviewOptions {
  /** The mapping to read the file with; else the preset's, else UDN's own file, else a guess. */
  mapping?: Mapping;
  /** The workbook sheet; the mapping's, else the first. */
  sheet?: string;
  /** The file is only a head of one: its last record may be cut and is not shown. */
  partial: boolean;
  presets: readonly Preset[];
  /** The store's reps (ids, names, emails, teams): owners are matched against them. */
  known: KnownLists;
  org: { currency: string; digits: number; timezone: string };
  rows?: number;
}

interface CellProblem {
  line: number;
  /** The UDN field, when the problem is a field's. */
  field: string | null;
  message: string;
}

const normalise = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');

/**
 * A first mapping for a header neither UDN's nor a preset's: the table most of whose fields the
 * header names (`Created At` for created_at), each such column mapped to its field. Null when no
 * table's id and one more field are found.
 */
export function guessMapping(header: readonly string[], sheet?: string): Mapping | null {
  let best: { table: Mapping['table']; fields: Record<string, { column: string }> } | null = null;
  let bestCount = 0;
  for (const [table, fields] of Object.entries(TABLE_FIELDS) as [Mapping['table'], readonly string[]][]) {
    const found: Record<string, { column: string }> = {};
    for (const cell of header) {
      const field = fields.find((f) => f === normalise(cell));
      if (field && !found[field]) found[field] = { column: cell.trim() };
    }
    const count = Object.keys(found).length;
    if (count > bestCount && count >= 2) {
      best = { table, fields: found };
      bestCount = count;
    }
  }
  if (!best) return null;
  return mappingSchema.parse({
    udnMapping: 1,
    table: best.table,
    ...(sheet !== undefined ? { sheet } : {}),
    fields: best.fields,
  });
}

/** The first sheet whose header is a UDN table's or a preset's export, else the first sheet. */
async function firstKnownSheet(
  source: PreviewSource,
  sheets: readonly string[],
  presets: readonly Preset[],
): Promise<string | undefined> {
  for (const sheet of sheets) {
    const header = await readSourceHeader(source, sheet);
    if (header && recognizeHeader(sheet, header, presets).kind !== 'unknown') return sheet;
  }
  return sheets[0];
}

/**
 * The first rows of a source file as an import would read them, with every problem on its cell:
 * the mapping's translation (MappedRecords, errors at the source cell) and then the table's own
 * reader (KPI-SPEC's rules), exactly the two steps parseFile takes, on at most `rows` records.
 * Reading stops there: a 1 GB file costs its head. Nothing is written; references to accounts and
 * leads, checked against the store only while importing, are not.
 */
export async function previewFile(source: PreviewSource, options: PreviewOptions): Promise<FilePreview> {
  const limit = options.rows ?? PREVIEW_ROWS;
  const workbook = isWorkbookName(source.name);
  const problems: FilePreview['problems'] = [];
  let sheets: string[] | undefined;
  let sheet = options.sheet ?? options.mapping?.sheet;
  if (workbook) {
    try {
      sheets = await sheetsOf(source);
    } catch (error) {
      problems.push({ line: 0, column: null, message: (error as Error).message });
      sheets = [];
    }
    sheet ??= await firstKnownSheet(source, sheets, options.presets);
  }

  // Header and the first records, then the reader is let go.
  const syntax: CsvSyntaxError[] = [];
  const records: CsvRecord[] = [];
  let header: string[] | null = null;
  let ended = false;
  if (!workbook || sheets!.length > 0) {
    const input = source.open();
    const text = new DecodedText(input, source.encoding);
    text.on('error', () => {});
    const chunks = sourceRecords(input, text, source.name, sheet, (e) => syntax.push(e));
    try {
      ended = true;
      // One record past the limit tells a longer file from one of exactly `limit` rows.
      for await (const chunk of chunks) {
        for (const record of chunk.records) {
          if (header === null) header = record.cells;
          else records.push(record);
        }
        if (records.length > limit) {
          ended = false;
          break;
        }
      }
    } catch (error) {
      problems.push({ line: 0, column: null, message: (error as Error).message });
    } finally {
      await chunks.return(undefined);
      text.destroy();
      input.destroy();
    }
  }
  // A head ends at a line break (the route cuts it there), so its records are whole but for one
  // cut inside a quoted field, which the reader drops: what it finds wrong after the last whole
  // record is the cut's doing.
  let cutAt = Number.POSITIVE_INFINITY;
  if (options.partial && ended) cutAt = (records.at(-1)?.line ?? 1) + 1;
  const truncated = records.length > limit || options.partial;
  if (records.length > limit) records.length = limit;

  const headerCells = header ?? [];
  const recognition =
    header === null
      ? ({ kind: 'unknown' } as const)
      : recognizeHeader(workbook && sheet ? sheet : source.name, headerCells, options.presets);
  const mapping =
    options.mapping ??
    (recognition.kind === 'preset'
      ? sheet !== undefined && workbook
        ? { ...recognition.mapping, sheet }
        : recognition.mapping
      : recognition.kind === 'udn'
        ? identityMapping(recognition.table, headerCells, workbook ? sheet : undefined)
        : header === null
          ? null
          : guessMapping(headerCells, workbook ? sheet : undefined));
  if (header === null && problems.length === 0)
    problems.push({ line: 1, column: null, message: 'is empty: a header row is required' });

  const columns = headerCells.map((name, i) => {
    const samples: string[] = [];
    for (const record of records) {
      const cell = record.cells[i]?.trim();
      if (cell && !samples.includes(cell)) samples.push(cell);
      if (samples.length >= SAMPLES) break;
    }
    return { name: name.trim(), samples };
  });

  const base = {
    source: source.name,
    ...(sheet !== undefined && workbook ? { sheet } : {}),
    ...(sheets !== undefined ? { sheets } : {}),
    recognition,
    mapping,
    columns,
    problems,
    truncated,
  };
  if (!mapping) return { ...base, rows: [], unmatchedOwners: [] };

  const spec: FileSpec<FactTable> = FILE_SPECS.find((s) => s.table === mapping.table)!;
  const owners = new OwnerDirectory(options.known, mapping.createReps);
  const stored = knownFrom(options.known);
  const known: KnownData = { ...stored, hasRep: (id) => stored.hasRep(id) || owners.has(id) };
  const cellProblems = new Map<number, CellProblem[]>();
  const addProblem = (problem: CellProblem) => {
    const list = cellProblems.get(problem.line);
    if (list) list.push(problem);
    else cellProblems.set(problem.line, [problem]);
  };
  // Problems at a source column go to every field read from it (Deal Stage: status and stage).
  const atSourceCell = (line: number, column: string, message: string) => {
    const key = column.trim().toLowerCase();
    const fields = Object.entries(mapping.fields)
      .filter(([, rule]) => rule.column?.trim().toLowerCase() === key)
      .map(([field]) => field);
    if (fields.length === 0) addProblem({ line, field: null, message: `${column}: ${message}` });
    for (const field of fields) addProblem({ line, field, message });
  };
  const mapped = new MappedRecords(mapping, headerCells, owners, atSourceCell);
  const shown = new Set(records.map((record) => record.line));
  for (const e of syntax) {
    if (e.line >= cutAt) continue;
    const column = e.field === undefined ? null : (headerCells[e.field]?.trim() ?? null);
    if (shown.has(e.line) && column !== null) atSourceCell(e.line, column, e.message);
    else if (shown.has(e.line)) addProblem({ line: e.line, field: null, message: e.message });
    else problems.push({ line: e.line, column, message: e.message });
  }
  for (const problem of mapped.problems)
    problems.push({ line: 1, column: problem.column, message: problem.message });
  for (const field of spec.required) {
    if (mapping.fields[field] === undefined)
      problems.push({
        line: 1,
        column: field,
        message: `required field ${field} is not mapped to a column or a constant`,
      });
  }

  const issues = new IssueCollector();
  const columnIndex = new Map(spec.columns.map((column, i) => [column, i]));
  const reader = new RowReader(
    spec.file,
    issues,
    {
      currency: options.org.currency,
      digits: options.org.digits,
      resolveLocal: createLocalTimeResolver(options.org.timezone),
    },
    columnIndex,
    cellRules(spec, columnIndex),
  );
  const seen = new Map<string, number>();
  const firstLine = new Map<string, number>();
  const sourceIndex = new Map<string, number>();
  headerCells.forEach((cell, i) => {
    const key = cell.trim().toLowerCase();
    if (!sourceIndex.has(key)) sourceIndex.set(key, i);
  });
  const unmatched = new Map<string, boolean>();
  const ownerFields = new Set(['owner_rep_id', 'rep_id']);
  const rows: FilePreview['rows'] = [];
  const width = headerCells.length;
  const checksWidth = !workbook;

  /**
   * A record the mapping refused is no row, but its other cells still show what they become: it is
   * translated again with the refused cells left empty (which translate to nothing, without error).
   */
  const otherValues = (record: CsvRecord): string[] | null => {
    const refused = new Set<number>();
    for (const problem of cellProblems.get(record.line) ?? []) {
      const column = problem.field === null ? undefined : mapping.fields[problem.field]?.column;
      const at = column === undefined ? undefined : sourceIndex.get(column.trim().toLowerCase());
      if (at !== undefined) refused.add(at);
    }
    if (refused.size === 0) return null;
    const again = mapped.translate({
      ...record,
      cells: record.cells.map((cell, i) => (refused.has(i) ? '' : cell)),
    });
    return again ? [...again.cells] : null;
  };

  for (const record of records) {
    const line = record.line;
    const rowProblems: string[] = [];
    // A column missing from the header is a problem of the file; the other fields still read.
    const translated = mapped.translate(record);
    const values = translated ? [...translated.cells] : translated === null ? otherValues(record) : null;
    if (checksWidth && record.cells.length !== width)
      rowProblems.push(`has ${record.cells.length} fields; the header has ${width}`);
    if (translated) {
      reader.start(translated);
      const row = spec.read(reader, known, seen);
      for (const issue of issues.handOver().errors) {
        if (issue.column !== null && mapping.fields[issue.column] !== undefined)
          addProblem({ line, field: issue.column, message: issue.message });
        else rowProblems.push(issue.column ? `${issue.column}: ${issue.message}` : issue.message);
      }
      if (row) {
        const key = spec.keyOf(row);
        const earlier = firstLine.get(key);
        if (earlier !== undefined) {
          const idField = spec.columns[0]!;
          addProblem({ line, field: idField, message: `duplicate: first given on line ${earlier}` });
        } else firstLine.set(key, line);
      }
    }
    for (const owner of owners.take()) unmatched.set(owner.name, true);
    const problemsOfRow = cellProblems.get(line) ?? [];
    const cells: Record<string, PreviewCell> = {};
    for (const [field, rule] of Object.entries(mapping.fields)) {
      const at = rule.column === undefined ? undefined : sourceIndex.get(rule.column.trim().toLowerCase());
      const sourceText =
        rule.column === undefined
          ? (rule.constant ?? null)
          : at === undefined
            ? null
            : (record.cells[at] ?? null);
      const target = TABLE_FIELDS[mapping.table].indexOf(field);
      const value = values && target !== -1 ? values[target]! : null;
      const messages = problemsOfRow.filter((p) => p.field === field).map((p) => p.message);
      const owner = sourceText?.trim();
      if (
        owner &&
        ownerFields.has(field) &&
        !unmatched.has(owner) &&
        messages.some((m) => m.includes('matches no rep'))
      )
        unmatched.set(owner, false);
      cells[field] = {
        source: sourceText,
        value: value === '' ? null : value,
        ...(messages.length > 0 ? { problem: messages.join('; ') } : {}),
      };
    }
    for (const p of problemsOfRow) if (p.field === null) rowProblems.push(p.message);
    rows.push({
      line,
      cells,
      ...(translated === undefined ? { skipped: true } : {}),
      ...(rowProblems.length > 0 ? { problem: rowProblems.join('; ') } : {}),
    });
  }
  return {
    ...base,
    rows,
    unmatchedOwners: [...unmatched].map(([value, create]) => ({ value, create })),
  };
}
