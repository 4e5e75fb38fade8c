import type { Transaction } from 'kysely';
import type { FileSummary, ImportIssue, ImportResult } from '../core/contracts/imports.ts';
import type { MappableTable } from '../core/contracts/mapping.ts';
import { DailyFactsDelta } from '../core/daily-facts.ts';
import { currencyDigits } from '../core/money.ts';
import type { OrgJson, OrgSettings } from '../core/org-settings.ts';
import { createLocalDayResolver } from '../core/time-zone.ts';
import { type BulkWriter, createBulkWriter } from '../db/bulk-writer.ts';
import { findChurnViolations } from '../db/customer-acquisition-repo.ts';
import { applyDailyFactsDelta, refreshCustomerBalances } from '../db/daily-facts-repo.ts';
import type { Store } from '../db/database.ts';
import {
  findImportedFiles,
  type ImportedFileRecord,
  lockedDataVersion,
  saveImportedFiles,
} from '../db/imported-files-repo.ts';
import { dropImportRecord, finishImportRecord, startImportRecord } from '../db/imports-repo.ts';
import {
  bumpDataVersion,
  createOrg,
  findDefaultOrg,
  findOrg,
  findOrgBySlug,
  hasDatedFacts,
  hasMoney,
  updateOrgSettings,
} from '../db/org-repo.ts';
import type { Database } from '../db/schema.ts';
import { rulesOf, sha256Of } from './file-fingerprint.ts';
import { FILE_SPECS, type KnownLists } from './file-specs.ts';
import { IssueCollector } from './import-errors.ts';
import { importFile, sourceNameOf } from './import-one-file.ts';
import type { ImportProgress, ImportRun } from './import-run.ts';
import { type ImportFile, KNOWN_FILES, ORG_FILE } from './import-source.ts';
import { filesByTable, mappingRulesOf, tableOfFile } from './mapping/files-by-table.ts';
import { readOrgJson } from './org-file.ts';
import { createFileParsing } from './parse-thread.ts';
import { rebuildRollup } from './rebuild-rollup.ts';
import { applyRemovals, noteSnapshotFile, type RemovalOutcome } from './snapshot-removals.ts';

export type { ImportResult };

export interface ImportOptions {
  /** Where the files came from, for the import history: cli, upload, demo, bench. */
  source: string;
  orgId?: number;
  /** The organisation of this slug, created (named by the slug) when there is none yet. */
  orgSlug?: string;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Files on disk of at least this many bytes are parsed on a second thread (default 16 MiB);
   * tests set 0 to send every file there.
   */
  parseThreadFromBytes?: number;
  /**
   * A file of at least this many bytes into an empty table is loaded before the table's indexes
   * (and on PostgreSQL its key) are built (default 8 MiB); tests set 0 to take that path.
   */
  firstLoadFromBytes?: number;
  /** The history row, when the caller started it (startImportRecord) to hold the organisation's turn. */
  importId?: number;
  /** Cancels the import between batches and files: nothing is written, the history says cancelled. */
  signal?: AbortSignal;
  /**
   * Tables whose files are full snapshots: stored rows absent from them are removed (CRM exports
   * are snapshots: a deleted deal must stop counting).
   */
  snapshot?: readonly MappableTable[];
  /** A snapshot may remove more than half of a table's stored rows only when this is set. */
  allowMassDelete?: boolean;
  /** Read, check and count everything, then roll back: the result says what would change. */
  dryRun?: boolean;
  /**
   * Stored rows to remove whatever the files say, by table, as keys in the file specs' keyOf form
   * (the push API's `delete`); a key naming no row is no error.
   */
  remove?: Partial<Record<MappableTable, readonly string[]>>;
}

/** Rows per batch: one reference look-up, one pre-read and one write per batch. */
const BATCH_ROWS = 2000;
const PARSE_THREAD_FROM_BYTES = 16 * 1024 * 1024;
/** Below this, dropping and building indexes costs more than the load saves. */
const FIRST_LOAD_FROM_BYTES = 8 * 1024 * 1024;

class Rollback extends Error {}
/** Ends a dry run's transaction once everything it would write is written and counted. */
class DryRunEnd extends Error {}

/**
 * Imports a set of KPI-SPEC §2 files all or nothing: every rule is checked, every error collected
 * (file, line, column, reason), and nothing is written unless there is none. Rows are upserted by
 * key and a row the store already holds as given is not written, so a second import of the same
 * files changes nothing: not the rows, not the data version (docs/adr/0011-no-op-imports.md).
 * Derived columns and the daily rollup move with each written row, in the same transaction.
 */
export async function runImport(
  store: Store,
  files: readonly ImportFile[],
  options: ImportOptions,
): Promise<ImportResult> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  let mark = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = (phases[name] ?? 0) + (now - mark);
    mark = now;
  };
  const issues = new IssueCollector();
  const byName = new Map(files.map((file) => [file.name, file]));
  // Any number of files per table (UDN files and mapped exports), read in table order.
  const byTable = filesByTable(files);
  const fileNames = [
    ...(byName.has(ORG_FILE) ? [ORG_FILE] : []),
    ...FILE_SPECS.flatMap((spec) => (byTable.get(spec.table) ?? []).map(sourceNameOf)),
  ];

  const existing =
    options.orgId !== undefined
      ? await findOrg(store.db, options.orgId)
      : options.orgSlug !== undefined
        ? await findOrgBySlug(store.db, options.orgSlug)
        : await findDefaultOrg(store.db);
  if (options.orgId !== undefined && !existing)
    throw new Error(`organisation ${options.orgId} does not exist`);
  // A refused first import must leave no organisation behind, so a new one is created inside the transaction.
  const importId =
    options.importId ?? (await startImportRecord(store.db, existing?.id ?? null, options.source, Date.now()));
  const { signal } = options;
  let orgId = existing?.id ?? null;
  const summaries: FileSummary[] = [];
  let dataVersion = existing?.data_version ?? 0;
  let changed = false;
  const snapshot = options.snapshot ?? [];
  let removals: RemovalOutcome | undefined;
  const removes = snapshot.length > 0 || Object.keys(options.remove ?? {}).length > 0;
  if (files.length === 0 && !removes) {
    issues.error('(import)', 0, null, 'no import files given (org.json, reps.csv, deals.csv, …)');
  }
  // A file of no table would be left out without a word: a caller lost its mapping or its table.
  for (const file of files) {
    if (file.name !== ORG_FILE && tableOfFile(file) === undefined)
      issues.error(
        file.name,
        0,
        null,
        'is neither a UDN file (reps.csv … targets.csv) nor mapped onto a table',
      );
  }

  // Reads during an import are few: memory-mapped pages and a large page cache would only add to
  // the process's footprint (the report's queries get both back afterwards).
  const mmap = store.sqlite?.pragma('mmap_size', { simple: true });
  const cache = store.sqlite?.pragma('cache_size', { simple: true });
  store.sqlite?.pragma('mmap_size = 0');
  store.sqlite?.pragma('cache_size = -65536');
  const parsing = createFileParsing(options.parseThreadFromBytes ?? PARSE_THREAD_FROM_BYTES);
  try {
    await store.db.transaction().execute(async (trx) => {
      const org =
        existing ?? (await createOrg(trx, options.orgSlug ? { name: options.orgSlug } : {}, options.orgSlug));
      orgId = org.id;
      let settings: OrgSettings = { ...org };
      let timezoneChanged = false;
      let settingsChanged = false;
      const versionAtStart = await lockedDataVersion(trx, store.dialect, org.id);
      const recorded = await findImportedFiles(trx, org.id);
      const orgFile = byName.get(ORG_FILE);
      if (orgFile) {
        const json = await readOrgJson(orgFile, issues);
        if (json) {
          const changes = await checkOrgChanges(trx, org.id, settings, json, issues);
          timezoneChanged = changes.timezone !== undefined && (await hasDatedFacts(trx, org.id));
          settings = { ...settings, ...changes };
          settingsChanged = Object.keys(changes).length > 0;
          await updateOrgSettings(trx, org.id, changes);
        }
      }
      if (timezoneChanged) {
        issues.warn(
          ORG_FILE,
          0,
          'timezone',
          'the time zone changed: timestamps stored earlier without an offset keep the instant they were read as; re-import them to read them in the new zone',
        );
      }

      const writer = createBulkWriter(trx, store, org.id);
      const failedIds: ImportRun['failedIds'] = { reps: new Set(), accounts: new Set(), leads: new Set() };
      const run: ImportRun = {
        trx,
        writer,
        issues,
        parsing,
        parseJob: {
          currency: settings.currency,
          digits: currencyDigits(settings.currency) ?? 2,
          timezone: settings.timezone,
          batchRows: BATCH_ROWS,
        },
        known: await loadKnown(writer, failedIds.reps, 0),
        importId,
        orgId: org.id,
        rollup: new DailyFactsDelta(createLocalDayResolver(settings.timezone)),
        failedIds,
        onProgress: (progress) => {
          signal?.throwIfAborted();
          options.onProgress?.(progress);
        },
        timings: {},
        firstLoaded: new Set(),
        firstLoadFromBytes: options.firstLoadFromBytes ?? FIRST_LOAD_FROM_BYTES,
        ownerReps: 0,
      };
      phase('setup');

      const fileRecords: ImportedFileRecord[] = [];
      for (const [spec, file] of FILE_SPECS.flatMap((s) =>
        (byTable.get(s.table) ?? []).map((f) => [s, f] as const),
      )) {
        signal?.throwIfAborted();
        const source = sourceNameOf(file);
        const ownerRepsBefore = run.ownerReps;
        // Hashed beside the parsing (a second read of the same bytes, from the page cache), or
        // before it when the file may be one already stored.
        const hashing = sha256Of(file);
        hashing.catch(() => undefined);
        const rules = file.mapping ? `${rulesOf(file)}, ${mappingRulesOf(file.mapping)}` : rulesOf(file);
        const record = recorded.get(source);
        // Only while the store is exactly as that import left it and this import changed nothing
        // before this file (settings or rows the file's checks could read).
        const mayBeStored =
          record !== undefined &&
          record.data_version === versionAtStart &&
          record.size === file.size &&
          record.rules === rules &&
          // A snapshot's keys are read from its file: a stored file is read again.
          !snapshot.includes(spec.table) &&
          !settingsChanged &&
          summaries.every((s) => s.inserted + s.updated === 0);
        const sha256 = mayBeStored ? await hashing : undefined;
        let summary: FileSummary;
        noteSnapshotFile(run, spec.table, snapshot);
        if (record && sha256 === record.sha256) {
          summary = skipStoredFile(file, record, run);
        } else {
          summary = await importFile(spec, file, run);
        }
        summaries.push(summary);
        fileRecords.push({
          file: source,
          sha256: sha256 ?? (await hashing),
          size: file.size,
          rows: summary.rows,
          data_version: 0,
          rules,
          warnings: JSON.stringify(issues.warnings.filter((w) => w.file === source)),
          import_id: summary.unchanged === summary.rows && record ? record.import_id : importId,
        });
        if (spec.table === 'reps' || run.ownerReps !== ownerRepsBefore)
          run.known = await loadKnown(writer, failedIds.reps, run.ownerReps);
        phase(source);
      }
      if (run.ownerReps > 0) {
        // Shown with the reps files: the reps this import made from the owners of its exports.
        const at = summaries.filter((s) =>
          byTable.get('reps')?.some((f) => sourceNameOf(f) === s.file),
        ).length;
        summaries.splice(at, 0, {
          file: OWNER_REPS,
          rows: run.ownerReps,
          inserted: run.ownerReps,
          updated: 0,
          unchanged: 0,
        });
      }
      // The parsing thread's memory is better given back before the rollup is written.
      await parsing.close();
      if (removes) {
        removals = await applyRemovals(run, {
          snapshot,
          remove: options.remove ?? {},
          allowMassDelete: options.allowMassDelete === true,
          inserted: insertedByTable(summaries, byTable),
        });
        countRemovals(summaries, removals, byTable);
        phase('removals');
      }

      for (const v of await findChurnViolations(trx, org.id, importId)) {
        const reason =
          v.effective_acquired_at === null
            ? `account "${v.id}" is not a customer (no acquired_at and no won deal), so it cannot have churned_at`
            : `account "${v.id}" churned_at must be after its acquisition (${new Date(v.effective_acquired_at).toISOString()})`;
        if (v.import_id === importId) issues.error('accounts.csv', v.source_line, 'churned_at', reason);
        else
          issues.error('deals.csv', v.deal_line ?? 0, 'account_id', `${reason}, after this import's deals`);
      }
      phase('checks');
      for (const [step, ms] of Object.entries(run.timings)) phases[step] = ms;
      if (issues.failed) throw new Rollback();

      changed = settingsChanged || summaries.some((s) => s.inserted + s.updated + (s.removed ?? 0) > 0);
      if (timezoneChanged) await rebuildRollup(trx, store, org.id, settings.timezone);
      else if (changed) {
        await applyDailyFactsDelta(trx, writer.runner, org.id, run.rollup.changed());
        await refreshCustomerBalances(trx, org.id, run.rollup.owners);
      }
      phase('daily rollup');
      // An import that changed nothing leaves the version, and with it the answer cache and open pages, alone.
      dataVersion = changed ? await bumpDataVersion(trx, org.id) : versionAtStart;
      await saveImportedFiles(
        trx,
        org.id,
        fileRecords.map((r) => ({ ...r, data_version: dataVersion })),
      );
      if (options.dryRun) throw new DryRunEnd();
    });
  } catch (error) {
    if (options.dryRun && !(error instanceof DryRunEnd || error instanceof Rollback)) {
      await dropImportRecord(store.db, importId);
      throw error;
    }
    if (!(error instanceof Rollback || error instanceof DryRunEnd)) {
      const cancelled = signal?.aborted === true;
      const message = cancelled ? 'cancelled: nothing was written' : String(error);
      const failure = { file: '(import)', line: 0, column: null, message };
      await finishImportRecord(store.db, importId, {
        orgId: existing?.id ?? null,
        status: cancelled ? 'cancelled' : 'failed',
        fileNames,
        summary: nothingWritten(summaries),
        errors: [failure],
        errorCount: 1,
        errorGroups: [
          {
            file: failure.file,
            column: null,
            reason: failure.message,
            count: 1,
            examples: [{ line: 0, message: failure.message }],
          },
        ],
      });
      throw error;
    }
  } finally {
    await parsing.close();
    if (mmap !== undefined) store.sqlite?.pragma(`mmap_size = ${Number(mmap)}`);
    if (cache !== undefined) store.sqlite?.pragma(`cache_size = ${Number(cache)}`);
  }
  phase('commit');

  const ok = !issues.failed;
  if (!ok || options.dryRun) orgId = existing?.id ?? null;
  const fileOrder = [...fileNames, ...KNOWN_FILES];
  const errors = issues.sortedErrors(fileOrder);
  const errorGroups = issues.sortedGroups(fileOrder);
  // The counts of a refused import are what it would have written had it gone on: nothing was.
  const written = ok ? summaries : nothingWritten(summaries);
  const dryRun = options.dryRun === true;
  const result: ImportResult = {
    ok,
    importId,
    orgId,
    files: written,
    errors,
    errorCount: issues.errorCount,
    errorGroups,
    warnings: issues.warnings,
    // A dry run changed nothing, whatever it counted.
    changed: ok && changed && !dryRun,
    dataVersion: dryRun ? (existing?.data_version ?? 0) : dataVersion,
    durationMs: performance.now() - started,
    phases,
    ...(dryRun ? { dryRun: true } : {}),
    ...(removals && ok ? { removed: removals.removed } : {}),
    ...(removals && removals.massDelete.length > 0 ? { massDelete: removals.massDelete } : {}),
  };
  if (dryRun) {
    // A dry run leaves the history as it was (docs/adr/0020-snapshots-and-push.md).
    await dropImportRecord(store.db, importId);
    return result;
  }
  await finishImportRecord(store.db, importId, {
    orgId,
    status: ok ? 'succeeded' : 'failed',
    fileNames,
    summary: written,
    changed: result.changed,
    errors,
    errorCount: issues.errorCount,
    errorGroups,
    warnings: issues.warnings,
  });
  return result;
}

/** Rows each table's files inserted, from their summaries (named by source). */
function insertedByTable(
  summaries: readonly FileSummary[],
  byTable: ReadonlyMap<MappableTable, readonly ImportFile[]>,
): Partial<Record<MappableTable, number>> {
  const inserted: Partial<Record<MappableTable, number>> = {};
  for (const [table, files] of byTable) {
    const names = new Set(files.map(sourceNameOf));
    inserted[table] = summaries.filter((s) => names.has(s.file)).reduce((n, s) => n + s.inserted, 0);
  }
  return inserted;
}

/**
 * Each table's removals on the summary of its last file (a CRM export's, named by the source), or
 * on a summary of their own when the import has no file of the table.
 */
function countRemovals(
  summaries: FileSummary[],
  removals: RemovalOutcome,
  byTable: ReadonlyMap<MappableTable, readonly ImportFile[]>,
): void {
  for (const [table, removed] of Object.entries(removals.removed) as [MappableTable, number][]) {
    const names = new Set((byTable.get(table) ?? []).map(sourceNameOf));
    const summary = summaries.findLast((s) => names.has(s.file));
    if (summary) summary.removed = removed;
    else {
      const file = FILE_SPECS.find((spec) => spec.table === table)!.file;
      summaries.push({ file, rows: 0, inserted: 0, updated: 0, unchanged: 0, removed });
    }
  }
}

/**
 * A file whose bytes are those an earlier import stored, into a store nothing changed since: its
 * rows are all stored as given, and its warnings are what that import said.
 */
function skipStoredFile(file: ImportFile, record: ImportedFileRecord, run: ImportRun): FileSummary {
  for (const w of JSON.parse(record.warnings) as ImportIssue[])
    run.issues.warn(w.file, w.line, w.column, w.message);
  const source = sourceNameOf(file);
  run.onProgress?.({ file: source, bytes: file.size, totalBytes: file.size, rows: record.rows });
  return { file: source, rows: record.rows, inserted: 0, updated: 0, unchanged: record.rows };
}

/** The rows read per file of a refused import, and nothing inserted, updated or unchanged. */
const nothingWritten = (summaries: FileSummary[]): FileSummary[] =>
  summaries.map((s) => ({
    ...s,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    ...(s.removed === undefined ? {} : { removed: 0 }),
  }));

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

/** The summary line of the reps an import created from owners. */
export const OWNER_REPS = 'reps (from owners)';

/** The reps the rows of later files may refer to, by id, name or email (owners of mapped files). */
async function loadKnown(
  writer: BulkWriter,
  refusedReps: ReadonlySet<string>,
  ownerRepCount: number,
): Promise<KnownLists> {
  const reps = await writer.findAll('reps');
  return {
    repIds: reps.map((rep) => String(rep.id)),
    refusedRepIds: [...refusedReps],
    teams: [...new Set(reps.flatMap((rep) => (rep.team ? [String(rep.team)] : [])))],
    repNames: reps.map((rep) => String(rep.name)),
    repEmails: reps.map((rep) => (rep.email ? String(rep.email) : null)),
    ownerRepCount,
  };
}
