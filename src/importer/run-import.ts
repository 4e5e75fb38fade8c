import type { Transaction } from 'kysely';
import { currencyDigits } from '../core/money.ts';
import type { OrgJson, OrgSettings } from '../core/org-settings.ts';
import { createLocalTimeResolver, localEpochDay, startOfLocalDay } from '../core/time-zone.ts';
import {
  type BulkWriter,
  createBulkWriter,
  type FactTable,
  hasIdKey,
  type StoredRow,
  type WriteRow,
} from '../db/bulk-writer.ts';
import type { Store } from '../db/database.ts';
import {
  clearCalendar,
  ensureCalendar,
  findChurnViolations,
  type InstantRange,
  rebuildDailyFacts,
  refreshEffectiveAcquired,
  refreshLeadLinks,
} from '../db/derived-data.ts';
import { dataSpan, finishImportRecord, startImportRecord } from '../db/imports-repo.ts';
import {
  bumpDataVersion,
  createOrg,
  findDefaultOrg,
  findOrg,
  hasMoney,
  updateOrgSettings,
} from '../db/org-repo.ts';
import type { Database } from '../db/schema.ts';
import { readCsv } from './csv-records.ts';
import { FILE_SPECS, type FileSpec, type KnownData, type Reference } from './file-specs.ts';
import { type ImportIssue, IssueCollector } from './import-errors.ts';
import { type ImportFile, KNOWN_FILES, ORG_FILE } from './import-source.ts';
import { readOrgFile } from './org-file.ts';
import { type OrgContext, RowReader } from './row-reader.ts';

export interface ImportProgress {
  file: string;
  bytes: number;
  totalBytes: number;
  rows: number;
}

export interface ImportOptions {
  /** Where the files came from, for the import history: cli, upload, demo, bench. */
  source: string;
  orgId?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface FileSummary {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportResult {
  ok: boolean;
  importId: number;
  /** null when a first import was refused: no organisation exists yet. */
  orgId: number | null;
  files: FileSummary[];
  errors: ImportIssue[];
  errorCount: number;
  warnings: ImportIssue[];
  dataVersion: number;
  durationMs: number;
}

/** Rows per flush: one reference look-up and one pre-read per batch. */
const FLUSH_ROWS = 2000;
/** Ids of refused rows remembered to avoid reporting every reference to them again. */
const MAX_REMEMBERED_FAILURES = 100_000;

class Rollback extends Error {}

interface Pending {
  row: WriteRow;
  key: string;
  line: number;
  refs: Reference[];
  instants: number[];
}

/** Dirty spans of instants whose local days must be rebuilt in the daily rollup. */
class DirtySpans {
  readonly spans: InstantRange[] = [];
  private current: InstantRange | null = null;
  add(instant: number): void {
    if (!this.current) this.current = { min: instant, max: instant };
    else if (instant < this.current.min) this.current.min = instant;
    else if (instant > this.current.max) this.current.max = instant;
  }
  /** Closes the span of one source so distant sources do not make one huge range. */
  cut(): void {
    if (this.current) this.spans.push(this.current);
    this.current = null;
  }
  addRange(range: InstantRange | null): void {
    if (range) this.spans.push(range);
  }
}

function mergeDayRanges(ranges: { from: number; to: number }[]): { from: number; to: number }[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const out: { from: number; to: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}

const sameValues = (row: WriteRow, stored: StoredRow): boolean => {
  for (const column in row) {
    if (column === 'import_id' || column === 'source_line') continue;
    if ((row[column] ?? null) !== (stored[column] ?? null)) return false;
  }
  return true;
};

const ENTITY_NOUN: Record<Reference['entity'], string> = { reps: 'rep', accounts: 'account', leads: 'lead' };

/**
 * Imports a set of KPI-SPEC §2 files all or nothing: every rule is checked, every error collected
 * (file, line, column, reason), and nothing is written unless there is none. Rows are upserted by
 * key, so a second import of the same files changes no data. Derived columns and the daily
 * rollup are brought up to date in the same transaction.
 */
export async function runImport(
  store: Store,
  files: readonly ImportFile[],
  options: ImportOptions,
): Promise<ImportResult> {
  const started = performance.now();
  const issues = new IssueCollector();
  const byName = new Map(files.map((file) => [file.name, file]));

  const existing =
    options.orgId !== undefined ? await findOrg(store.db, options.orgId) : await findDefaultOrg(store.db);
  if (options.orgId !== undefined && !existing)
    throw new Error(`organisation ${options.orgId} does not exist`);
  // A refused first import must leave no organisation behind, so a new one is created inside the transaction.
  const importId = await startImportRecord(store.db, existing?.id ?? null, options.source, Date.now());
  let orgId = existing?.id ?? null;

  const summaries: FileSummary[] = [];
  let dataVersion = existing?.data_version ?? 0;

  if (files.length === 0)
    issues.error('(import)', 0, null, 'no import files given (org.json, reps.csv, deals.csv, …)');

  let createdOrgId: number | null = null;
  try {
    await store.db.transaction().execute(async (trx) => {
      const orgRecord = existing ?? (await createOrg(trx));
      const orgId = orgRecord.id;
      let settings: OrgSettings = { ...orgRecord };
      let timezoneChanged = false;
      const orgFile = byName.get(ORG_FILE);
      if (orgFile) {
        const text = await readAll(orgFile);
        const json = readOrgFile(text, issues);
        if (json) {
          const changes = await checkOrgChanges(trx, orgId, settings, json, issues);
          timezoneChanged = changes.timezone !== undefined && changes.timezone !== settings.timezone;
          settings = { ...settings, ...changes };
          await updateOrgSettings(trx, orgId, changes);
        }
      }
      if (timezoneChanged && (await dataSpan(trx, orgId)) !== null) {
        issues.warn(
          ORG_FILE,
          0,
          'timezone',
          'the time zone changed: timestamps stored earlier without an offset keep the instant they were read as; re-import them to read them in the new zone',
        );
      }

      const context: OrgContext = {
        currency: settings.currency,
        digits: currencyDigits(settings.currency) ?? 2,
        resolveLocal: createLocalTimeResolver(settings.timezone),
      };
      const writer = createBulkWriter(trx, store, orgId);
      const known = await loadKnown(writer);
      const dirty = new DirtySpans();
      const extraLeads = new Set<string>();
      const extraAccounts = new Set<string>();
      const failedIds: Record<Reference['entity'], Set<string>> = {
        reps: new Set(),
        accounts: new Set(),
        leads: new Set(),
      };

      for (const spec of FILE_SPECS) {
        const file = byName.get(spec.file);
        if (!file) continue;
        const summary = await importFile(spec as unknown as FileSpec<WriteRow>, file, {
          writer,
          issues,
          context,
          known,
          importId,
          orgId,
          dirty,
          extraLeads,
          extraAccounts,
          failedIds,
          onProgress: options.onProgress,
        });
        summaries.push(summary);
        dirty.cut();
        if (spec.table === 'reps') Object.assign(known, await loadKnown(writer));
      }

      await refreshEffectiveAcquired(trx, orgId, importId, [...extraAccounts]);
      for (const v of await findChurnViolations(trx, orgId, importId)) {
        const reason =
          v.effective_acquired_at === null
            ? `account "${v.id}" is not a customer (no acquired_at and no won deal), so it cannot have churned_at`
            : `account "${v.id}" churned_at must be after its acquisition (${new Date(v.effective_acquired_at).toISOString()})`;
        if (v.import_id === importId) issues.error('accounts.csv', v.source_line, 'churned_at', reason);
        else
          issues.error('deals.csv', v.deal_line ?? 0, 'account_id', `${reason}, after this import's deals`);
      }
      if (issues.failed) throw new Rollback();

      dirty.addRange(await refreshLeadLinks(trx, orgId, importId, [...extraLeads]));
      const startOfDay = (day: number) => startOfLocalDay(day, settings.timezone);
      let spans = dirty.spans;
      if (timezoneChanged) {
        await clearCalendar(trx, orgId);
        const all = await dataSpan(trx, orgId);
        spans = all ? [all] : [];
      }
      const dayRanges = mergeDayRanges(
        spans.map((s) => ({
          from: localEpochDay(s.min, settings.timezone),
          to: localEpochDay(s.max, settings.timezone),
        })),
      );
      if (dayRanges.length > 0) {
        await ensureCalendar(trx, orgId, dayRanges[0]!.from, dayRanges[dayRanges.length - 1]!.to, startOfDay);
      }
      for (const range of dayRanges) await rebuildDailyFacts(trx, orgId, range.from, range.to);
      dataVersion = await bumpDataVersion(trx, orgId);
      createdOrgId = orgId;
    });
  } catch (error) {
    if (!(error instanceof Rollback)) {
      await finishImportRecord(store.db, importId, {
        orgId,
        status: 'failed',
        summary: summaries,
        errors: [{ file: '(import)', line: 0, column: null, message: String(error) }],
        errorCount: 1,
      });
      throw error;
    }
  }

  const ok = !issues.failed;
  const errors = issues.sortedErrors(KNOWN_FILES);
  orgId = createdOrgId ?? orgId;
  await finishImportRecord(store.db, importId, {
    orgId,
    status: ok ? 'succeeded' : 'failed',
    summary: summaries,
    errors,
    errorCount: issues.errorCount,
    warnings: issues.warnings,
  });
  return {
    ok,
    importId,
    orgId,
    files: summaries,
    errors,
    errorCount: issues.errorCount,
    warnings: issues.warnings,
    dataVersion,
    durationMs: performance.now() - started,
  };
}

async function readAll(file: ImportFile): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of file.open()) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(parts).toString('utf8');
}

/** Settings org.json changes; the currency may not change once amounts are stored in it. */
async function checkOrgChanges(
  trx: Transaction<Database>,
  orgId: number,
  current: OrgSettings,
  json: OrgJson,
  issues: IssueCollector,
): Promise<Partial<OrgSettings>> {
  const changes: Partial<OrgSettings> = {};
  for (const [key, value] of Object.entries(json) as [keyof OrgSettings, never][]) {
    if (value !== undefined && value !== current[key]) changes[key] = value;
  }
  if (changes.currency !== undefined && (await hasMoney(trx, orgId))) {
    issues.error(
      ORG_FILE,
      1,
      'currency',
      `amounts are already stored in ${current.currency}; the currency cannot change to ${changes.currency}`,
    );
    delete changes.currency;
  }
  return changes;
}

async function loadKnown(writer: BulkWriter): Promise<KnownData> {
  const reps = await writer.findAll('reps');
  const repIds = new Set(reps.map((rep) => String(rep.id)));
  const teams = new Set(reps.flatMap((rep) => (rep.team ? [String(rep.team)] : [])));
  return { hasRep: (id) => repIds.has(id), hasTeam: (name) => teams.has(name) };
}

interface FileRun {
  writer: BulkWriter;
  issues: IssueCollector;
  context: OrgContext;
  known: KnownData;
  importId: number;
  orgId: number;
  dirty: DirtySpans;
  extraLeads: Set<string>;
  extraAccounts: Set<string>;
  failedIds: Record<Reference['entity'], Set<string>>;
  onProgress: ((progress: ImportProgress) => void) | undefined;
}

async function importFile(spec: FileSpec<WriteRow>, file: ImportFile, run: FileRun): Promise<FileSummary> {
  const { writer, issues, importId } = run;
  const summary: FileSummary = { file: spec.file, rows: 0, inserted: 0, updated: 0, unchanged: 0 };
  const table: FactTable = spec.table;
  const idKeyed = hasIdKey(table);
  const appendOnly = !(await writer.hasRows(table));
  // Small tables without an id are read whole once; they are keyed by several columns.
  const storedByKey = idKeyed
    ? null
    : new Map((await writer.findAll(table)).map((row) => [spec.keyOf(row), row]));
  const lineOfKey = idKeyed ? null : new Map<string, number>();

  let columnIndex: Map<string, number> | null = null;
  let headerWidth = 0;
  let reader: RowReader | null = null;
  let pending: Pending[] = [];
  const seen = new Map<string, number>();
  const input = file.open();
  let bytes = 0;
  input.on('data', (chunk: string | Buffer) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
  });

  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    await checkReferences(spec.file, batch, run);
    const firstLine = new Map<string, number>();
    const valid: Pending[] = [];
    for (const p of batch) {
      const earlier = firstLine.get(p.key) ?? lineOfKey?.get(p.key);
      if (earlier !== undefined) {
        issues.error(
          spec.file,
          p.line,
          spec.columns[0]!,
          `duplicate ${describeKey(spec, p.row)}: first given on line ${earlier}`,
        );
        continue;
      }
      firstLine.set(p.key, p.line);
      lineOfKey?.set(p.key, p.line);
      if (p.row.source_line !== -1) valid.push(p);
    }
    if (appendOnly && idKeyed) {
      const inserted = await writer.insertNew(
        table,
        valid.map((p) => p.row),
      );
      summary.inserted += inserted;
      if (inserted < valid.length) await reportDuplicates(spec, valid, run);
    } else {
      const stored = idKeyed
        ? new Map(
            (
              await writer.findByIds(
                table,
                valid.map((p) => p.key),
              )
            ).map((row) => [String(row.id), row]),
          )
        : storedByKey!;
      const toWrite: WriteRow[] = [];
      for (const p of valid) {
        const old = stored.get(p.key);
        if (old && old.import_id === importId && idKeyed) {
          issues.error(
            spec.file,
            p.line,
            spec.columns[0]!,
            `duplicate ${describeKey(spec, p.row)}: first given on line ${old.source_line}`,
          );
          continue;
        }
        if (!old) summary.inserted++;
        else {
          if (sameValues(p.row, old)) summary.unchanged++;
          else summary.updated++;
          noteOldValues(table, old, p.row, run);
        }
        toWrite.push(p.row);
      }
      await writer.upsert(table, toWrite);
    }
    for (const p of valid) for (const instant of p.instants) run.dirty.add(instant);
  };

  for await (const chunk of readCsv(input, (e) => issues.error(spec.file, e.line, null, e.message))) {
    for (const record of chunk.records) {
      if (!columnIndex) {
        ({ columnIndex, headerWidth } = readHeader(spec, record.cells, issues));
        if (spec.required.some((column) => !columnIndex!.has(column))) break;
        reader = new RowReader(spec.file, issues, run.context, columnIndex);
        continue;
      }
      if (!reader) break;
      summary.rows++;
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
      const row = spec.read(reader, run.known, seen);
      if (!row) {
        rememberFailure(spec, reader, run);
        continue;
      }
      const write = row as WriteRow;
      write.org_id = run.orgId;
      write.import_id = importId;
      write.source_line = record.line;
      pending.push({
        row: write,
        key: spec.keyOf(row),
        line: record.line,
        refs: spec.references(row),
        instants: spec.rollupInstants(row),
      });
      if (pending.length >= FLUSH_ROWS) await flush();
    }
    run.onProgress?.({ file: spec.file, bytes, totalBytes: file.size, rows: summary.rows });
    if (columnIndex && !reader) break;
  }
  if (!columnIndex) issues.error(spec.file, 1, null, 'is empty: a header row is required');
  await flush();
  input.destroy();
  run.onProgress?.({ file: spec.file, bytes: file.size, totalBytes: file.size, rows: summary.rows });
  return summary;
}

function readHeader(
  spec: FileSpec<WriteRow>,
  cells: string[],
  issues: IssueCollector,
): { columnIndex: Map<string, number>; headerWidth: number } {
  const columnIndex = new Map<string, number>();
  cells.forEach((cell, index) => {
    const name = cell.trim();
    if (columnIndex.has(name)) {
      issues.error(spec.file, 1, name, `column "${name}" appears twice in the header`);
      return;
    }
    columnIndex.set(name, index);
    if (!spec.columns.includes(name)) issues.warn(spec.file, 1, name, 'unknown column, ignored');
  });
  for (const column of spec.required) {
    if (!columnIndex.has(column))
      issues.error(spec.file, 1, column, 'required column is missing from the header');
  }
  return { columnIndex, headerWidth: cells.length };
}

function describeKey(spec: FileSpec<WriteRow>, row: WriteRow): string {
  if (hasIdKey(spec.table)) return `id "${row.id}"`;
  return `target (same scope, metric and period)`;
}

function rememberFailure(spec: FileSpec<WriteRow>, reader: RowReader, run: FileRun): void {
  const entity = spec.table;
  if (entity !== 'reps' && entity !== 'accounts' && entity !== 'leads') return;
  const id = reader.text('id');
  const failed = run.failedIds[entity];
  if (id !== null && failed.size < MAX_REMEMBERED_FAILURES) failed.add(id);
}

/** Refused rows are marked by source_line −1 so the batch keeps its order for error reporting. */
async function checkReferences(file: string, batch: Pending[], run: FileRun): Promise<void> {
  const wanted: Record<'accounts' | 'leads', Set<string>> = { accounts: new Set(), leads: new Set() };
  for (const p of batch) for (const ref of p.refs) if (ref.entity !== 'reps') wanted[ref.entity].add(ref.id);
  const existing = {
    accounts: await run.writer.existingIds('accounts', [...wanted.accounts]),
    leads: await run.writer.existingIds('leads', [...wanted.leads]),
  };
  for (const p of batch) {
    for (const ref of p.refs) {
      const found = ref.entity === 'reps' ? run.known.hasRep(ref.id) : existing[ref.entity].has(ref.id);
      if (found) continue;
      p.row.source_line = -1;
      // A reference to a row refused earlier in this import is that row's error, already reported.
      if (!run.failedIds[ref.entity].has(ref.id)) {
        run.issues.error(
          file,
          p.line,
          ref.column,
          `${ENTITY_NOUN[ref.entity]} "${ref.id}" does not exist (not stored and not in this import)`,
        );
      }
    }
  }
}

async function reportDuplicates(spec: FileSpec<WriteRow>, rows: Pending[], run: FileRun): Promise<void> {
  const stored = new Map(
    (
      await run.writer.findByIds(
        spec.table,
        rows.map((p) => p.key),
      )
    ).map((r) => [String(r.id), r]),
  );
  for (const p of rows) {
    const s = stored.get(p.key);
    if (s && s.source_line !== p.line) {
      run.issues.error(
        spec.file,
        p.line,
        spec.columns[0]!,
        `duplicate ${describeKey(spec, p.row)}: first given on line ${s.source_line}`,
      );
    }
  }
}

/** Old values of an updated row: its old days must be rebuilt, its old links refreshed. */
function noteOldValues(table: FactTable, old: StoredRow, row: WriteRow, run: FileRun): void {
  if (table === 'deals') {
    run.dirty.add(Number(old.created_at));
    if (old.status === 'won' && old.closed_at !== null) run.dirty.add(Number(old.closed_at));
    if (old.lead_id !== null && old.lead_id !== row.lead_id) run.extraLeads.add(String(old.lead_id));
    if (old.account_id !== null && old.account_id !== row.account_id)
      run.extraAccounts.add(String(old.account_id));
  } else if (table === 'emails') {
    run.dirty.add(Number(old.sent_at));
  } else if (table === 'leads') {
    run.dirty.add(Number(old.created_at));
  }
}
