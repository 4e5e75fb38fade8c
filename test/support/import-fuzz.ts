import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { parseNamedPeriod } from '../../src/core/periods.ts';
import { type DialectName, openStore, type Store } from '../../src/db/database.ts';
import { findDefaultOrg } from '../../src/db/org-repo.ts';
import { FILE_SPECS } from '../../src/importer/file-specs.ts';
import {
  fileFromText,
  fileOnDisk,
  type ImportEncoding,
  type ImportFile,
  ORG_FILE,
} from '../../src/importer/import-source.ts';
import type { ImportResult } from '../../src/importer/run-import.ts';
import { importFiles } from '../../src/services/imports/import-files.ts';
import { kpiReport } from '../../src/services/kpis/kpi-report.ts';
import { EXAMPLES_DIR } from './conformance.ts';
import { snapshotStore } from './store-snapshot.ts';
import { createTestStore } from './test-stores.ts';

/**
 * The importer's fuzz (issue 10): the conformance example files, cut to a few rows each and
 * mutated byte by byte, are imported into a store that holds the whole example. Every case must
 * either import (and leave a consistent store) or be refused with located errors and leave the
 * store exactly as it was. A case is plain data, so fast-check prints and shrinks it readably.
 */

export const FUZZ_FILES = [
  ORG_FILE,
  'reps.csv',
  'accounts.csv',
  'leads.csv',
  'deals.csv',
  'emails.csv',
  'spend.csv',
  'targets.csv',
] as const;
type FuzzFileName = (typeof FUZZ_FILES)[number];

export const MUTATION_KINDS = [
  'truncate',
  'duplicateLine',
  'swapLines',
  'deleteLine',
  'inject',
  'replaceCell',
  'reencode',
  'dropFile',
  'renameHeader',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** File, line and cell numbers are taken modulo what exists, so any number is valid and shrinks to 0. */
export type Mutation =
  | { kind: 'truncate'; file: number; at: number }
  | { kind: 'duplicateLine'; file: number; line: number }
  | { kind: 'swapLines'; file: number; a: number; b: number }
  | { kind: 'deleteLine'; file: number; line: number }
  | { kind: 'inject'; file: number; at: number; bytes: number[] }
  | { kind: 'replaceCell'; file: number; line: number; cell: number; value: string; quoted: boolean }
  | {
      kind: 'reencode';
      file: number;
      encoding: 'latin1' | 'utf-16le' | 'utf-16be';
      bom: boolean;
      declare: boolean;
    }
  | { kind: 'dropFile'; file: number }
  | { kind: 'renameHeader'; file: number; cell: number; name: string };

export interface FuzzCase {
  /** The files offered, each cut to its header and `count` data rows from row `start`. */
  files: { name: FuzzFileName; start: number; count: number }[];
  mutations: Mutation[];
  /** Files written to disk and parsed on the parsing thread rather than in memory. */
  parseThread: boolean;
}

export interface FuzzOptions {
  /**
   * One case in this many parses on the parsing thread: each file there starts a worker (about a
   * second under tsx), so the default keeps them few.
   */
  parseThreadOneIn?: number;
}

/** Rows per file at most: small files keep a case around 20 ms while still crossing every rule. */
const MAX_WINDOW_ROWS = 30;

const HOSTILE_VALUES: string[] = [
  "=cmd|' /C calc'!A0",
  '+SUM(1+1)*cmd|x',
  '@HYPERLINK("http://evil")',
  '\u202Egnp.exe',
  '\u2066R01\u2069',
  '😀🚀',
  '   ',
  '"',
  'a,b',
  'line\nbreak',
  '2026-02-30',
  '-1',
  '1e309',
  '9007199254740993',
  '0.001',
  'NaN',
  'R01',
  'won',
  'open',
  'x'.repeat(300),
  'y'.repeat(100_000),
  'a\u0000b',
  '\u001b]0;pwn\u0007\u001b[2J',
  'bell\u0007',
];

/** Bytes injected as they are: controls, quoting, line ends, byte-order marks, broken UTF-8. */
const HOSTILE_BYTES: number[][] = [
  [0x00],
  [0x1b],
  [0x1b, 0x5b, 0x32, 0x4a],
  [0x7f],
  [0xff],
  [0xc3],
  [0xed, 0xa0, 0x80],
  [0xfe, 0xff],
  [0xff, 0xfe],
  [0x0d],
  [0x0d, 0x0a],
  [0x0a],
  [0x22],
  [0x2c],
  [0x20],
  [0x09],
  [0xef, 0xbb, 0xbf],
  [0xe2, 0x80, 0xae],
];

function isValidUtf8(buffer: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}

export function caseArbitrary(options: FuzzOptions = {}): fc.Arbitrary<FuzzCase> {
  const index = fc.nat({ max: 10_000 });
  const bytes = fc.oneof(
    fc.constantFrom(...HOSTILE_BYTES),
    fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 8 }),
  );
  const byKind: Record<MutationKind, fc.Arbitrary<Mutation>> = {
    truncate: fc.record({ kind: fc.constant('truncate'), file: index, at: fc.nat({ max: 100_000 }) }),
    duplicateLine: fc.record({ kind: fc.constant('duplicateLine'), file: index, line: index }),
    swapLines: fc.record({ kind: fc.constant('swapLines'), file: index, a: index, b: index }),
    deleteLine: fc.record({ kind: fc.constant('deleteLine'), file: index, line: index }),
    inject: fc.record({ kind: fc.constant('inject'), file: index, at: fc.nat({ max: 100_000 }), bytes }),
    replaceCell: fc.record({
      kind: fc.constant('replaceCell'),
      file: index,
      line: index,
      cell: index,
      value: fc.oneof(fc.constantFrom(...HOSTILE_VALUES), fc.string({ unit: 'binary', maxLength: 12 })),
      quoted: fc.boolean(),
    }),
    reencode: fc.record({
      kind: fc.constant('reencode'),
      file: index,
      encoding: fc.constantFrom('latin1', 'utf-16le', 'utf-16be'),
      bom: fc.boolean(),
      declare: fc.boolean(),
    }),
    dropFile: fc.record({ kind: fc.constant('dropFile'), file: index }),
    renameHeader: fc.record({
      kind: fc.constant('renameHeader'),
      file: index,
      cell: index,
      name: fc.constantFrom('ID', ' id ', 'id', 'name', 'status', 'unknown', '', '"id"', 'x'.repeat(2000)),
    }),
  };
  const mutation = fc.oneof(...MUTATION_KINDS.map((k) => byKind[k]));
  const file = fc.record({
    name: fc.constantFrom(...FUZZ_FILES),
    start: fc.nat({ max: 10_000 }),
    count: fc.nat({ max: MAX_WINDOW_ROWS }),
  });
  return fc.record({
    files: fc.uniqueArray(file, { minLength: 1, maxLength: 4, selector: (f) => f.name }),
    mutations: fc.array(mutation, { minLength: 0, maxLength: 4 }),
    parseThread: fc.oneof(
      { arbitrary: fc.constant(false), weight: (options.parseThreadOneIn ?? 100) - 1 },
      { arbitrary: fc.constant(true), weight: 1 },
    ),
  });
}

/** The parts of `buffer` between the bytes `separator` (a line feed, a comma): bytes, not text, so a mutation can break the encoding. */
function splitOn(buffer: Buffer, separator: number): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = buffer.indexOf(separator); at !== -1; at = buffer.indexOf(separator, from)) {
    parts.push(buffer.subarray(from, at));
    from = at + 1;
  }
  parts.push(buffer.subarray(from));
  return parts;
}

const joinOn = (parts: readonly Buffer[], separator: number) =>
  Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [Buffer.from([separator]), part])));

const splitLines = (buffer: Buffer) => splitOn(buffer, 0x0a);
const joinLines = (lines: readonly Buffer[]) => joinOn(lines, 0x0a);
const splitCells = (line: Buffer) => splitOn(line, 0x2c);
const joinCells = (cells: readonly Buffer[]) => joinOn(cells, 0x2c);

/** emails.csv holds 6000 rows that nothing refers to: its first 400 keep every snapshot of the store cheap. */
const EMAIL_ROWS = 400;

const baseFiles = new Map<FuzzFileName, Buffer>(
  FUZZ_FILES.map((name) => {
    const whole = fs.readFileSync(path.join(EXAMPLES_DIR, 'small', 'data', name));
    if (name !== 'emails.csv') return [name, whole];
    const lines = splitLines(whole);
    return [name, joinLines([...lines.slice(0, EMAIL_ROWS + 1), Buffer.alloc(0)])];
  }),
);

/** Header plus `count` rows from `start` (a CSV file), or the whole file (org.json). */
function windowOf(name: FuzzFileName, start: number, count: number): Buffer {
  const whole = baseFiles.get(name)!;
  if (name === ORG_FILE) return whole;
  const lines = splitLines(whole);
  const rows = lines.slice(1, -1);
  const from = start % rows.length;
  return joinLines([lines[0]!, ...rows.slice(from, from + count), Buffer.alloc(0)]);
}

interface Built {
  name: FuzzFileName;
  bytes: Buffer;
  encoding?: ImportEncoding;
}

function reencode(bytes: Buffer, encoding: 'latin1' | 'utf-16le' | 'utf-16be', bom: boolean): Buffer {
  const text = bytes.toString('utf8');
  if (encoding === 'latin1') return Buffer.from(text, 'latin1');
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  return encoding === 'utf-16le' ? le : le.swap16();
}

function apply(files: Built[], m: Mutation): Built[] {
  if (files.length === 0) return files;
  const at = m.file % files.length;
  const target = files[at]!;
  const replace = (bytes: Buffer, encoding = target.encoding): Built[] =>
    files.map((f, i) => (i === at ? { name: f.name, bytes, ...(encoding ? { encoding } : {}) } : f));
  const lines = splitLines(target.bytes);
  const pick = (n: number) => n % lines.length;
  switch (m.kind) {
    case 'truncate':
      return replace(target.bytes.subarray(0, m.at % (target.bytes.length + 1)));
    case 'duplicateLine': {
      const i = pick(m.line);
      return replace(joinLines([...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)]));
    }
    case 'swapLines': {
      const [a, b] = [pick(m.a), pick(m.b)];
      const swapped = [...lines];
      [swapped[a], swapped[b]] = [lines[b]!, lines[a]!];
      return replace(joinLines(swapped));
    }
    case 'deleteLine':
      return replace(joinLines(lines.filter((_, i) => i !== pick(m.line))));
    case 'inject': {
      const i = m.at % (target.bytes.length + 1);
      return replace(
        Buffer.concat([target.bytes.subarray(0, i), Buffer.from(m.bytes), target.bytes.subarray(i)]),
      );
    }
    case 'replaceCell': {
      const i = pick(m.line);
      const cells = splitCells(lines[i]!);
      const value = m.quoted ? `"${m.value.replaceAll('"', '""')}"` : m.value;
      cells[m.cell % cells.length] = Buffer.from(value, 'utf8');
      const next = [...lines];
      next[i] = joinCells(cells);
      return replace(joinLines(next));
    }
    case 'reencode': {
      const declared: ImportEncoding | undefined = m.declare
        ? m.encoding === 'latin1'
          ? 'latin1'
          : 'utf-16'
        : undefined;
      return replace(reencode(target.bytes, m.encoding, m.bom), declared);
    }
    case 'dropFile':
      return files.filter((_, i) => i !== at);
    case 'renameHeader': {
      const cells = splitCells(lines[0]!);
      cells[m.cell % cells.length] = Buffer.from(m.name, 'utf8');
      return replace(joinLines([joinCells(cells), ...lines.slice(1)]));
    }
  }
}

/** The files of a case, as bytes. */
export function buildCase(fuzzCase: FuzzCase): Built[] {
  let files: Built[] = fuzzCase.files.map((f) => ({
    name: f.name,
    bytes: windowOf(f.name, f.start, f.count),
  }));
  for (const m of fuzzCase.mutations) files = apply(files, m);
  return files;
}

const TABLE_OF: Record<string, string> = Object.fromEntries(FILE_SPECS.map((s) => [s.file, s.table]));
const COLUMNS_OF: Record<string, readonly string[]> = Object.fromEntries(
  FILE_SPECS.map((s) => [s.file, s.columns]),
);
const DATA_TABLES = ['reps', 'accounts', 'leads', 'deals', 'emails', 'spend', 'targets'] as const;

/**
 * A store holding the example, brought back after every case that wrote. SQLite copies its base
 * file back (about 15 ms). A PostgreSQL template copy takes most of a second, so there an accepted
 * case's writes stay and become the next case's baseline instead: "refused means unchanged" is
 * still checked against the state just before, but a PostgreSQL counterexample may depend on the
 * accepted cases before it (replay it with its seed and path, not alone).
 */
export interface FuzzStore {
  readonly dialect: DialectName;
  store: Store;
  baseline: Record<string, unknown[]>;
  baseCounts: Record<string, number>;
  /** After a case that may have written: back to (or on from) a known baseline. */
  afterWrite(): Promise<void>;
  dispose(): Promise<void>;
}

async function countRows(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of DATA_TABLES) {
    const row = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

async function importBase(store: Store): Promise<void> {
  const files = FUZZ_FILES.map((name) => fileFromText(name, baseFiles.get(name)!));
  const result = await importFiles(store, files, { source: 'test' });
  if (!result.ok) throw new Error(`the base import failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
}

export async function createFuzzStore(dialect: DialectName): Promise<FuzzStore> {
  if (dialect === 'postgres') {
    const store = await createTestStore('postgres');
    await importBase(store);
    const fuzz: FuzzStore = {
      dialect,
      store,
      baseline: await snapshotStore(store),
      baseCounts: await countRows(store),
      async afterWrite() {
        fuzz.baseline = await snapshotStore(store);
        fuzz.baseCounts = await countRows(store);
      },
      dispose: () => store.dispose(),
    };
    return fuzz;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-fuzz-'));
  const work = path.join(dir, 'work.sqlite');
  const base = path.join(dir, 'base.sqlite');
  const built = await openStore(base);
  await importBase(built);
  // Closing checkpoints the write-ahead log, so the base file alone holds everything.
  await built.close();
  const reopen = () => {
    for (const suffix of ['-wal', '-shm']) fs.rmSync(work + suffix, { force: true });
    fs.copyFileSync(base, work);
    return openStore(work);
  };
  const store = await reopen();
  const fuzz: FuzzStore = {
    dialect,
    store,
    baseline: await snapshotStore(store),
    baseCounts: await countRows(store),
    async afterWrite() {
      await fuzz.store.close();
      fuzz.store = await reopen();
    },
    async dispose() {
      await fuzz.store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return fuzz;
}

export interface CheckOptions {
  /** Require every error message to be at most MAX_MESSAGE_CHARS long (issue 10 caps quoted cells). */
  messageLimit: boolean;
  /** Require no control character and no U+FFFD in any stored text (issue 10 refuses them). */
  cleanText: boolean;
}

export const MAX_MESSAGE_CHARS = 300;

export type Outcome = 'imported' | 'refused';

/** Why a case broke the property; thrown so fast-check records and shrinks it. */
export class FuzzFailure extends Error {}

/**
 * Imports one case and checks the property; throws FuzzFailure when it does not hold.
 */
export async function checkCase(
  fuzz: FuzzStore,
  fuzzCase: FuzzCase,
  options: CheckOptions,
): Promise<Outcome> {
  const built = buildCase(fuzzCase);
  const dir = fuzzCase.parseThread ? fs.mkdtempSync(path.join(os.tmpdir(), 'udn-fuzz-files-')) : null;
  const files: ImportFile[] = built.map((f) => {
    if (dir) {
      const full = path.join(dir, f.name);
      fs.writeFileSync(full, f.bytes);
      return fileOnDisk(f.name, full, f.bytes.length, f.encoding);
    }
    const file = fileFromText(f.name, f.bytes);
    return f.encoding ? { ...file, encoding: f.encoding } : file;
  });
  let result: ImportResult;
  try {
    result = await importFiles(fuzz.store, files, {
      source: 'test',
      parseThreadFromBytes: dir ? 0 : undefined,
    });
  } catch (error) {
    await fuzz.afterWrite();
    throw new FuzzFailure(`the import threw: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
  if (result.ok) {
    try {
      if (result.errors.length > 0 || result.errorCount > 0)
        throw new FuzzFailure(`ok with errors: ${JSON.stringify(result.errors.slice(0, 3))}`);
      await checkConsistent(fuzz, built, result, options);
    } finally {
      await fuzz.afterWrite();
    }
    return 'imported';
  }
  const problems = errorProblems(built, result, options);
  const after = await snapshotStore(fuzz.store);
  const changed = Object.keys(after).filter(
    (table) => JSON.stringify(after[table]) !== JSON.stringify(fuzz.baseline[table]),
  );
  if (changed.length > 0) {
    await fuzz.afterWrite();
    problems.push(`refused, but the store changed: ${changed.join(', ')}`);
  }
  if (problems.length > 0) throw new FuzzFailure(problems.join('\n'));
  return 'refused';
}

/** Every error of a refused import must say where: a given file, a line in it, a column of it. */
function errorProblems(built: readonly Built[], result: ImportResult, options: CheckOptions): string[] {
  const problems: string[] = [];
  if (result.errors.length === 0 || result.errorCount < result.errors.length)
    problems.push(`refused without errors (errorCount ${result.errorCount})`);
  const lineCount = new Map(built.map((f) => [f.name as string, splitLines(f.bytes).length]));
  for (const e of result.errors) {
    const where = `${e.file}:${e.line}:${e.column ?? ''}: ${e.message.slice(0, 200)}`;
    if (e.file === '(import)') {
      // Only "no files given" is about the import as a whole; anything else there is an unlocated failure.
      if (built.length > 0) problems.push(`error not located in a file: ${where}`);
      continue;
    }
    const lines = lineCount.get(e.file);
    if (lines === undefined) {
      problems.push(`error names a file that was not given: ${where}`);
      continue;
    }
    if (!Number.isInteger(e.line) || e.line < 0 || e.line > lines + 1)
      problems.push(`error line outside the file (${lines} lines): ${where}`);
    // A row's error names one of the file's columns, or none when the whole row is wrong.
    const columns = COLUMNS_OF[e.file];
    if (columns && e.line >= 2 && e.column !== null && !columns.includes(e.column))
      problems.push(`row error names an unknown column: ${where}`);
    if (typeof e.message !== 'string' || e.message.trim() === '') problems.push(`empty message: ${where}`);
    if (options.messageLimit && e.message.length + (e.column?.length ?? 0) > MAX_MESSAGE_CHARS)
      problems.push(
        `message of ${e.message.length} characters (column ${e.column?.length ?? 0}) over ${MAX_MESSAGE_CHARS}: ${where}`,
      );
  }
  return problems;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNCLEAN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/** What an accepted import must leave: rules of KPI-SPEC §2 that hold row by row, counts that add up, a report. */
async function checkConsistent(
  fuzz: FuzzStore,
  built: readonly Built[],
  result: ImportResult,
  options: CheckOptions,
): Promise<void> {
  const { store } = fuzz;
  const problems: string[] = [];
  const counts = await countRows(store);
  for (const summary of result.files) {
    const table = TABLE_OF[summary.file];
    if (!table) continue;
    if (summary.inserted + summary.updated + summary.unchanged !== summary.rows)
      problems.push(`${summary.file}: ${JSON.stringify(summary)} does not add up`);
    if (counts[table]! - fuzz.baseCounts[table]! !== summary.inserted)
      problems.push(
        `${summary.file}: ${summary.inserted} inserted but ${table} went from ${fuzz.baseCounts[table]} to ${counts[table]}`,
      );
  }
  const rows = async (table: (typeof DATA_TABLES)[number]) =>
    (await store.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
  const reps = await rows('reps');
  const accounts = await rows('accounts');
  const leads = await rows('leads');
  const deals = await rows('deals');
  const emails = await rows('emails');
  const targets = await rows('targets');
  const spend = await rows('spend');
  const ids = (list: Record<string, unknown>[]) => new Set(list.map((r) => String(r.id)));
  const repIds = ids(reps);
  const accountIds = ids(accounts);
  const leadIds = ids(leads);
  const storedIds: Record<string, Set<string>> = {
    reps: repIds,
    accounts: accountIds,
    leads: leadIds,
    deals: ids(deals),
    emails: ids(emails),
  };
  for (const file of built) problems.push(...idCountProblems(fuzz, file, storedIds));
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const bad = (table: string, row: Record<string, unknown>, why: string) =>
    problems.push(`${table} ${String(row.id ?? row.scope ?? row.date)} (line ${row.source_line}): ${why}`);
  const refersTo = (table: string, row: Record<string, unknown>, column: string, known: Set<string>) => {
    if (row[column] !== null && !known.has(String(row[column])))
      bad(table, row, `${column} ${String(row[column])} does not exist`);
  };
  for (const [table, list] of [
    ['reps', reps],
    ['accounts', accounts],
    ['leads', leads],
    ['deals', deals],
    ['emails', emails],
  ] as const) {
    for (const row of list) {
      const id = String(row.id);
      if (id === '' || id !== id.trim()) bad(table, row, 'id empty or untrimmed');
    }
  }
  for (const r of reps) {
    if (r.started_on !== null && r.ended_on !== null && String(r.ended_on) < String(r.started_on))
      bad('reps', r, 'ended_on before started_on');
  }
  for (const a of accounts) {
    refersTo('accounts', a, 'owner_rep_id', repIds);
    const churned = n(a.churned_at);
    const acquired = n(a.effective_acquired_at);
    if (churned !== null && (acquired === null || churned <= acquired))
      bad('accounts', a, 'churned before acquired');
  }
  for (const l of leads) refersTo('leads', l, 'owner_rep_id', repIds);
  for (const d of deals) {
    refersTo('deals', d, 'owner_rep_id', repIds);
    refersTo('deals', d, 'account_id', accountIds);
    refersTo('deals', d, 'lead_id', leadIds);
    const closed = n(d.closed_at);
    if (!['open', 'won', 'lost'].includes(String(d.status))) bad('deals', d, `status ${String(d.status)}`);
    if ((d.status === 'open') !== (closed === null)) bad('deals', d, 'closed_at does not match the status');
    if (d.status === 'won' && d.amount === null) bad('deals', d, 'won without amount');
    if (closed !== null && closed < n(d.created_at)!) bad('deals', d, 'closed before created');
    if (d.amount !== null && n(d.amount)! < 0) bad('deals', d, 'negative amount');
    if (!(n(d.units)! >= 0)) bad('deals', d, 'negative units');
  }
  for (const e of emails) {
    refersTo('emails', e, 'rep_id', repIds);
    if (e.opened_at !== null && n(e.opened_at)! < n(e.sent_at)!) bad('emails', e, 'opened before sent');
  }
  for (const t of targets) {
    if (String(t.period_end) < String(t.period_start)) bad('targets', t, 'period ends before it starts');
    if (!(n(t.value)! >= 0)) bad('targets', t, 'negative value');
  }
  for (const s of spend) if (!(n(s.amount)! >= 0)) bad('spend', s, 'negative amount');
  if (options.cleanText) {
    for (const [table, list] of [
      ['reps', reps],
      ['accounts', accounts],
      ['leads', leads],
      ['deals', deals],
      ['emails', emails],
      ['spend', spend],
      ['targets', targets],
    ] as const) {
      for (const row of list) {
        for (const [column, value] of Object.entries(row)) {
          if (typeof value === 'string' && UNCLEAN_TEXT.test(value))
            bad(
              table,
              row,
              `${column} holds a control character or U+FFFD: ${JSON.stringify(value.slice(0, 80))}`,
            );
        }
      }
    }
  }
  const org = await findDefaultOrg(store.db);
  if (!org) problems.push('no organisation after an accepted import');
  else {
    try {
      await kpiReport(store, org, parseNamedPeriod('2025', org.fiscal_year_start_month)!);
    } catch (error) {
      problems.push(`the KPI report threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (problems.length > 0) throw new FuzzFailure(problems.slice(0, 10).join('\n'));
}

/**
 * An id-keyed file read on its own (csv-parse, not the importer's reader): after an accepted
 * import every id in it is stored, and the table grew by exactly the ids that were new. Only for
 * undeclared, valid UTF-8 files: how declared encodings read is another part of issue 10.
 */
function idCountProblems(fuzz: FuzzStore, file: Built, storedIds: Record<string, Set<string>>): string[] {
  const table = TABLE_OF[file.name];
  const stored = table ? storedIds[table] : undefined;
  if (!table || !stored || file.encoding || !isValidUtf8(file.bytes)) return [];
  let records: string[][];
  try {
    records = parseCsv(file.bytes.toString('utf8'), {
      bom: true,
      skip_empty_lines: true,
      // Papa Parse, the importer's reader, takes a quote inside an unquoted field as a character.
      relax_quotes: true,
      relax_column_count: true,
    });
  } catch (error) {
    return [`${file.name} was imported but csv-parse refuses it: ${String(error).slice(0, 200)}`];
  }
  const at = records[0]?.findIndex((cell) => cell.trim() === 'id') ?? -1;
  if (at === -1) return [`${file.name} was imported without an id column csv-parse can see`];
  // A record of one empty field (a blank line, or `""`) is no row to the importer (csv-records.ts).
  const rows = records.slice(1).filter((record) => !(record.length === 1 && record[0] === ''));
  const fileIds = new Set(rows.map((record) => (record[at] ?? '').trim()));
  const baseIds = new Set(
    fuzz.baseline[table]!.map((row) => String((JSON.parse(String(row)) as { id: unknown }).id)),
  );
  const problems = [...fileIds]
    .filter((id) => !stored.has(id))
    .map((id) => `${file.name}: id ${JSON.stringify(id.slice(0, 40))} not stored`);
  const added = [...fileIds].filter((id) => !baseIds.has(id)).length;
  if (stored.size !== baseIds.size + added)
    problems.push(
      `${table}: ${baseIds.size} stored before + ${added} new ids in ${file.name}, but ${stored.size} stored`,
    );
  return problems;
}

/** Settings of a run from the environment: UDN_FUZZ_SEED, UDN_FUZZ_RUNS, UDN_FUZZ_STRICT (0: lenient). */
export function fuzzSettings(defaultRuns: number): {
  seed: number;
  runs: number;
  check: CheckOptions;
} {
  const env = process.env;
  const strict = env.UDN_FUZZ_STRICT !== '0';
  return {
    seed: env.UDN_FUZZ_SEED ? Number(env.UDN_FUZZ_SEED) : 20261204,
    runs: env.UDN_FUZZ_RUNS ? Number(env.UDN_FUZZ_RUNS) : defaultRuns,
    check: { messageLimit: strict, cleanText: strict },
  };
}
