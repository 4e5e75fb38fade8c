import type { Kysely, Transaction } from 'kysely';
import type { FileSummary, ImportResult } from '../core/contracts/imports.ts';
import { DailyFactsDelta } from '../core/daily-facts.ts';
import { currencyDigits } from '../core/money.ts';
import type { OrgJson, OrgSettings } from '../core/org-settings.ts';
import { createLocalDayResolver } from '../core/time-zone.ts';
import {
  type BulkWriter,
  createBulkWriter,
  type FactTable,
  type FileRow,
  hasIdKey,
  type StoredRow,
} from '../db/bulk-writer.ts';
import {
  acquireAllAccountsFromDeals,
  derivedCustomerPages,
  findChurnViolations,
  refreshEffectiveAcquired,
} from '../db/customer-acquisition-repo.ts';
import {
  applyDailyFactsDelta,
  clearDailyFacts,
  type FactRow,
  factPages,
  type RollupTable,
  refreshCustomerBalances,
} from '../db/daily-facts-repo.ts';
import type { Store } from '../db/database.ts';
import { missingDealReferences } from '../db/deal-references-repo.ts';
import { createFactIndexes, dropFactIndexes } from '../db/fact-indexes.ts';
import { finishImportRecord, startImportRecord } from '../db/imports-repo.ts';
import { linkAllLeadsFromDeals, linkedLeadPages, refreshLeadLinks } from '../db/lead-links-repo.ts';
import {
  bumpDataVersion,
  createOrg,
  findDefaultOrg,
  findOrg,
  hasDatedFacts,
  hasMoney,
  updateOrgSettings,
} from '../db/org-repo.ts';
import type { Database } from '../db/schema.ts';
import { createStatementRunner } from '../db/statement-runner.ts';
import type { ParseJob } from './file-parser.ts';
import { describeKey, FILE_SPECS, type FileSpec, type KnownLists, type Reference } from './file-specs.ts';
import { IssueCollector } from './import-errors.ts';
import { type ImportFile, KNOWN_FILES, ORG_FILE } from './import-source.ts';
import { readOrgFile } from './org-file.ts';
import { createFileParsing, type FileParsing } from './parse-thread.ts';
import { RowBatch } from './row-batch.ts';

export interface ImportProgress {
  file: string;
  bytes: number;
  totalBytes: number;
  rows: number;
}

export type { FileSummary, ImportResult };

export interface ImportOptions {
  /** Where the files came from, for the import history: cli, upload, demo, bench. */
  source: string;
  orgId?: number;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Files on disk of at least this many bytes are parsed on a second thread (default 16 MiB);
   * tests set 0 to send every file there.
   */
  parseThreadFromBytes?: number;
}

/** A file this large into an empty table is loaded without secondary indexes, which are built after. */
const REBUILD_INDEXES_MIN_BYTES = 8 * 1024 * 1024;
/** Rows per batch: one reference look-up, one pre-read and one write per batch. */
const BATCH_ROWS = 2000;
const PARSE_THREAD_FROM_BYTES = 16 * 1024 * 1024;

class Rollback extends Error {}

const sameValues = (
  row: Readonly<Record<string, unknown>>,
  stored: Readonly<Record<string, unknown>>,
): boolean => {
  for (const column in row) {
    if (column === 'import_id' || column === 'source_line') continue;
    if ((row[column] ?? null) !== (stored[column] ?? null)) return false;
  }
  return true;
};

/** The id of a row of an id-keyed table. */
const idOf = (row: object): string => ('id' in row ? String(row.id) : '');

const ENTITY_NOUN: Record<Reference['entity'], string> = { accounts: 'account', leads: 'lead' };

/** State shared by the files of one import. */
interface ImportRun {
  trx: Transaction<Database>;
  writer: BulkWriter;
  issues: IssueCollector;
  parsing: FileParsing;
  /** What reading any file of this import needs, but the file's name and the known reps. */
  parseJob: Omit<ParseJob, 'file' | 'known'>;
  known: KnownLists;
  importId: number;
  orgId: number;
  rollup: DailyFactsDelta;
  failedIds: Record<'reps' | Reference['entity'], Set<string>>;
  onProgress: ((progress: ImportProgress) => void) | undefined;
  /**
   * ms per file spent checking references, writing, following (rollup and links) and building
   * indexes; the rest of a file's time is reading and checking rows.
   */
  timings: Record<string, number>;
}

/**
 * Imports a set of KPI-SPEC §2 files all or nothing: every rule is checked, every error collected
 * (file, line, column, reason), and nothing is written unless there is none. Rows are upserted by
 * key, so a second import of the same files changes no data. Derived columns and the daily
 * rollup move with each written row, in the same transaction.
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
  const fileNames = KNOWN_FILES.filter((name) => byName.has(name));

  const existing =
    options.orgId !== undefined ? await findOrg(store.db, options.orgId) : await findDefaultOrg(store.db);
  if (options.orgId !== undefined && !existing)
    throw new Error(`organisation ${options.orgId} does not exist`);
  // A refused first import must leave no organisation behind, so a new one is created inside the transaction.
  const importId = await startImportRecord(store.db, existing?.id ?? null, options.source, Date.now());
  let orgId = existing?.id ?? null;
  const summaries: FileSummary[] = [];
  let dataVersion = existing?.data_version ?? 0;
  if (files.length === 0) {
    issues.error('(import)', 0, null, 'no import files given (org.json, reps.csv, deals.csv, …)');
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
      const org = existing ?? (await createOrg(trx));
      orgId = org.id;
      let settings: OrgSettings = { ...org };
      let timezoneChanged = false;
      const orgFile = byName.get(ORG_FILE);
      if (orgFile) {
        const json = readOrgFile(await readAll(orgFile), issues);
        if (json) {
          const changes = await checkOrgChanges(trx, org.id, settings, json, issues);
          timezoneChanged = changes.timezone !== undefined && (await hasDatedFacts(trx, org.id));
          settings = { ...settings, ...changes };
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
        known: await loadKnown(writer, failedIds.reps),
        importId,
        orgId: org.id,
        rollup: new DailyFactsDelta(createLocalDayResolver(settings.timezone)),
        failedIds,
        onProgress: options.onProgress,
        timings: {},
      };
      phase('setup');

      for (const spec of FILE_SPECS) {
        const file = byName.get(spec.file);
        if (!file) continue;
        summaries.push(await importFile(spec, file, run));
        if (spec.table === 'reps') run.known = await loadKnown(writer, failedIds.reps);
        phase(spec.file);
      }
      // The parsing thread's memory is better given back before the rollup is written.
      await parsing.close();

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

      if (timezoneChanged) await rebuildRollup(trx, store, org.id, settings.timezone);
      else {
        await applyDailyFactsDelta(trx, writer.runner, org.id, run.rollup.changed());
        await refreshCustomerBalances(trx, org.id, run.rollup.owners);
      }
      phase('daily rollup');
      dataVersion = await bumpDataVersion(trx, org.id);
    });
  } catch (error) {
    if (!(error instanceof Rollback)) {
      const failure = { file: '(import)', line: 0, column: null, message: String(error) };
      await finishImportRecord(store.db, importId, {
        orgId: existing?.id ?? null,
        status: 'failed',
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
  if (!ok) orgId = existing?.id ?? null;
  const errors = issues.sortedErrors(KNOWN_FILES);
  const errorGroups = issues.sortedGroups(KNOWN_FILES);
  // The counts of a refused import are what it would have written had it gone on: nothing was.
  const written = ok ? summaries : nothingWritten(summaries);
  await finishImportRecord(store.db, importId, {
    orgId,
    status: ok ? 'succeeded' : 'failed',
    fileNames,
    summary: written,
    errors,
    errorCount: issues.errorCount,
    errorGroups,
    warnings: issues.warnings,
  });
  return {
    ok,
    importId,
    orgId,
    files: written,
    errors,
    errorCount: issues.errorCount,
    errorGroups,
    warnings: issues.warnings,
    dataVersion,
    durationMs: performance.now() - started,
    phases,
  };
}

/** The rows read per file of a refused import, and nothing inserted, updated or unchanged. */
const nothingWritten = (summaries: FileSummary[]): FileSummary[] =>
  summaries.map((s) => ({ ...s, inserted: 0, updated: 0, unchanged: 0 }));

/** Recomputes the whole daily rollup from the stored facts (after a change of time zone). */
export async function rebuildRollup(
  trx: Kysely<Database>,
  store: Store,
  orgId: number,
  timezone: string,
): Promise<void> {
  await clearDailyFacts(trx, orgId);
  const runner = createStatementRunner(trx, store);
  const dayOf = createLocalDayResolver(timezone);
  const owners = new Set<string>();
  const addAll = async <T extends RollupTable>(
    table: T,
    add: (delta: DailyFactsDelta, row: FactRow<T>) => void,
  ): Promise<void> => {
    // One delta per page keeps memory bounded; cells simply add up across pages.
    for await (const page of factPages(trx, orgId, table)) {
      const delta = new DailyFactsDelta(dayOf);
      for (const row of page) add(delta, row);
      await applyDailyFactsDelta(trx, runner, orgId, delta.changed());
      for (const owner of delta.owners) owners.add(owner);
    }
  };
  await addAll('deals', (delta, deal) => delta.deal(deal, 1));
  await addAll('emails', (delta, email) => delta.email(email, 1));
  await addAll('leads', (delta, lead) => delta.lead(lead, 1));
  await addAll('accounts', (delta, account) => delta.customer(account, 1));
  await refreshCustomerBalances(trx, orgId, owners);
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

/** The reps the rows of later files may refer to. */
async function loadKnown(writer: BulkWriter, refusedReps: ReadonlySet<string>): Promise<KnownLists> {
  const reps = await writer.findAll('reps');
  return {
    repIds: reps.map((rep) => String(rep.id)),
    refusedRepIds: [...refusedReps],
    teams: [...new Set(reps.flatMap((rep) => (rep.team ? [String(rep.team)] : [])))],
  };
}

async function importFile<T extends FactTable>(
  spec: FileSpec<T>,
  file: ImportFile,
  run: ImportRun,
): Promise<FileSummary> {
  const { writer, issues, importId } = run;
  const summary: FileSummary = { file: spec.file, rows: 0, inserted: 0, updated: 0, unchanged: 0 };
  const table = spec.table;
  const idKeyed = hasIdKey(table);
  const appendOnly = !(await writer.hasRows(table));
  // Deals into an organisation without any: link leads and accounts once after the load.
  const linkAfterLoad = appendOnly && table === 'deals';
  const deferIndexes = appendOnly && file.size >= REBUILD_INDEXES_MIN_BYTES && (await writer.isEmpty(table));
  if (deferIndexes) await dropFactIndexes(run.trx, table);
  // Small tables without an id are read whole once; they are keyed by several columns.
  const storedByKey = idKeyed
    ? null
    : new Map((await writer.findAll(table)).map((row) => [spec.keyOf(row), row]));
  const stamp = { org_id: run.orgId, import_id: importId };

  const write = async (parsed: RowBatch<FileRow<T>>) => {
    const t0 = performance.now();
    let batch = parsed;
    if (spec.references && !linkAfterLoad) batch = await checkReferences(spec, batch, run);
    const t1 = performance.now();
    addTiming(run, `${spec.file} references`, t1 - t0);
    const olds: StoredRow<T>[] = [];
    if (appendOnly && idKeyed) {
      // Nothing stored yet: a conflict can only be a duplicate within this file.
      const inserted = await writer.insertNew(table, batch);
      summary.inserted += inserted;
      if (inserted < batch.count) await reportDuplicates(spec, batch, run);
    } else {
      const keys = Array.from({ length: batch.count }, (_, i) =>
        idKeyed ? String(batch.value(i, 'id')) : spec.keyOf(batch.row(i)),
      );
      const stored = idKeyed
        ? new Map((await writer.findByIds(table, keys)).map((row) => [idOf(row), row]))
        : storedByKey!;
      const toWrite: number[] = [];
      for (let i = 0; i < batch.count; i++) {
        const old = stored.get(keys[i]!);
        if (old && idKeyed && old.import_id === importId) {
          issues.error(
            spec.file,
            batch.lines[i]!,
            spec.columns[0]!,
            `duplicate ${describeKey(spec, batch.row(i))}: first given on line ${old.source_line}`,
          );
          continue;
        }
        if (!old) summary.inserted++;
        else if (sameValues(batch.row(i), old)) summary.unchanged++;
        else summary.updated++;
        if (old) olds.push(old);
        toWrite.push(i);
      }
      batch = batch.select(toWrite);
      await writer.upsert(table, batch);
    }
    // Derived data follows even after an error: later checks (churn vs acquisition) read it.
    const t2 = performance.now();
    addTiming(run, `${spec.file} write`, t2 - t1);
    await FOLLOW[table](batch, olds, run, linkAfterLoad);
    addTiming(run, `${spec.file} follow`, performance.now() - t2);
  };

  const end = await run.parsing.parse(
    file,
    { ...run.parseJob, file: spec.file, known: run.known },
    async (parsed) => {
      issues.receive(parsed.issues);
      await write(RowBatch.unpack<FileRow<T>>(spec, parsed.rows, stamp));
      run.onProgress?.({ file: spec.file, bytes: parsed.bytes, totalBytes: file.size, rows: parsed.records });
    },
  );
  issues.receive(end.issues);
  summary.rows = end.records;
  const failedIds = failedIdsOf(run, table);
  if (failedIds) for (const id of end.refusedIds) failedIds.add(id);
  const t3 = performance.now();
  if (deferIndexes) await createFactIndexes(run.trx, table);
  const t4 = performance.now();
  if (linkAfterLoad) {
    await checkDealReferencesAfterLoad(run);
    await linkLeadsAndAccounts(run);
  }
  addTiming(run, `${spec.file} indexes`, t4 - t3);
  addTiming(run, `${spec.file} follow`, performance.now() - t4);
  run.onProgress?.({ file: spec.file, bytes: file.size, totalBytes: file.size, rows: summary.rows });
  return summary;
}

type Follow<T extends FactTable> = (
  rows: RowBatch<FileRow<T>>,
  olds: readonly StoredRow<T>[],
  run: ImportRun,
  linkAfterLoad: boolean,
) => Promise<void>;

const followNothing = async (): Promise<void> => {};

/**
 * What writing a batch moves besides the rows, by table: the daily rollup, from the stored
 * versions of written rows to the new ones, and what their links derive (a deal changes its leads'
 * conversion and its accounts' acquisition). Derived data follows even after an error: later
 * checks (churn vs acquisition) read it.
 */
const FOLLOW: { [T in FactTable]: Follow<T> } = {
  reps: followNothing,
  accounts: followAccounts,
  leads: followLeads,
  deals: followDeals,
  emails: followEmails,
  spend: followNothing,
  targets: followNothing,
};

/** A written account counts as its acquisition says once that is derived. */
async function followAccounts(
  rows: RowBatch<FileRow<'accounts'>>,
  olds: readonly StoredRow<'accounts'>[],
  run: ImportRun,
): Promise<void> {
  for (const old of olds) run.rollup.customer(old, -1);
  const ids = new Set<string>();
  rows.forEach((row) => {
    ids.add(row.id);
  });
  const { after } = await refreshEffectiveAcquired(run.trx, run.orgId, ids);
  for (const account of after) run.rollup.customer(account, 1);
}

/** An update keeps the links it had; a new lead starts unlinked until deals link it. */
async function followLeads(
  rows: RowBatch<FileRow<'leads'>>,
  olds: readonly StoredRow<'leads'>[],
  run: ImportRun,
): Promise<void> {
  for (const old of olds) run.rollup.lead(old, -1);
  const oldById = olds.length > 0 ? new Map(olds.map((old) => [old.id, old])) : null;
  rows.forEach((row) => {
    const old = oldById?.get(row.id);
    run.rollup.leadWithLinks(row, Number(old?.has_deal ?? 0), old?.first_won_at ?? null, 1);
  });
}

/**
 * Adds written deals to the rollup and refreshes the links of the leads and accounts they name
 * now or named before (a first load links them all at once afterwards).
 */
async function followDeals(
  rows: RowBatch<FileRow<'deals'>>,
  olds: readonly StoredRow<'deals'>[],
  run: ImportRun,
  linkAfterLoad: boolean,
): Promise<void> {
  for (const old of olds) run.rollup.deal(old, -1);
  rows.forEach((row) => {
    run.rollup.deal(row, 1);
  });
  if (linkAfterLoad) return;
  const leads = new Set<string>();
  const accounts = new Set<string>();
  rows.forEach((row) => {
    if (row.lead_id !== null) leads.add(row.lead_id);
    if (row.account_id !== null) accounts.add(row.account_id);
  });
  for (const old of olds) {
    if (old.lead_id !== null && old.lead_id !== undefined) leads.add(String(old.lead_id));
    if (old.account_id !== null && old.account_id !== undefined) accounts.add(String(old.account_id));
  }
  const { before, after } = await refreshLeadLinks(run.trx, run.orgId, leads);
  for (const lead of before) run.rollup.lead(lead, -1);
  for (const lead of after) run.rollup.lead(lead, 1);
  const customers = await refreshEffectiveAcquired(run.trx, run.orgId, accounts);
  for (const account of customers.before) run.rollup.customer(account, -1);
  for (const account of customers.after) run.rollup.customer(account, 1);
}

/**
 * Adds written emails to the rollup straight from the batch's cells: tens of millions of rows pass
 * here, and a small object literal per row is the cheapest form the rollup reads.
 */
async function followEmails(
  rows: RowBatch<FileRow<'emails'>>,
  olds: readonly StoredRow<'emails'>[],
  run: ImportRun,
): Promise<void> {
  for (const old of olds) run.rollup.email(old, -1);
  const v = rows.values;
  const width = rows.columns.length;
  const [rep, sent, bounced, opened] = ['rep_id', 'sent_at', 'bounced', 'opened_at'].map((column) =>
    rows.offsetOf(column),
  ) as number[];
  for (let r = 0; r < v.length; r += width) {
    run.rollup.email(
      {
        rep_id: v[r + rep!] as string | null,
        sent_at: v[r + sent!] as number,
        bounced: v[r + bounced!] as number,
        opened_at: v[r + opened!] as number | null,
      },
      1,
    );
  }
}

/**
 * The set-based twin of checkReferences for a first load of deals: every row was written, and one
 * anti-join per column finds the rows whose account or lead does not exist (the import then rolls
 * back). Rows referring to a refused account or lead are that row's error, not reported again.
 */
async function checkDealReferencesAfterLoad(run: ImportRun): Promise<void> {
  for (const [column, entity] of [
    ['account_id', 'accounts'],
    ['lead_id', 'leads'],
  ] as const) {
    for await (const page of missingDealReferences(run.trx, run.orgId, run.importId, column)) {
      for (const missing of page) {
        if (run.failedIds[entity].has(missing.id)) continue;
        run.issues.error(
          'deals.csv',
          missing.source_line,
          column,
          `${ENTITY_NOUN[entity]} "${missing.id}" does not exist (not stored and not in this import)`,
        );
      }
    }
  }
}

/** The set-based twin of the per-batch refresh, for a first load of deals (no lead was linked before). */
async function linkLeadsAndAccounts(run: ImportRun): Promise<void> {
  await linkAllLeadsFromDeals(run.trx, run.orgId);
  await acquireAllAccountsFromDeals(run.trx, run.orgId);
  // Without deals before, an account without acquired_at was a prospect: it counted nowhere.
  for await (const page of derivedCustomerPages(run.trx, run.orgId)) {
    for (const account of page) run.rollup.customer(account, 1);
  }
  for await (const page of linkedLeadPages(run.trx, run.orgId)) {
    for (const lead of page) {
      run.rollup.leadWithLinks(lead, 0, null, -1);
      run.rollup.lead(lead, 1);
    }
  }
}

/** The refused ids of a table other rows refer to (reps, accounts, leads). */
function failedIdsOf(run: ImportRun, table: FactTable): Set<string> | undefined {
  return table === 'reps' || table === 'accounts' || table === 'leads' ? run.failedIds[table] : undefined;
}

function addTiming(run: ImportRun, step: string, ms: number): void {
  run.timings[step] = (run.timings[step] ?? 0) + ms;
}

/**
 * Leaves out rows whose referenced account or lead exists neither in the store nor earlier in
 * this import, reporting each (a reference to a row refused earlier is that row's error).
 */
async function checkReferences<T extends FactTable>(
  spec: FileSpec<T>,
  batch: RowBatch<FileRow<T>>,
  run: ImportRun,
): Promise<RowBatch<FileRow<T>>> {
  const refs = Array.from({ length: batch.count }, (_, i) => spec.references!(batch.row(i)));
  const wanted: Record<'accounts' | 'leads', Set<string>> = { accounts: new Set(), leads: new Set() };
  for (const list of refs) for (const ref of list) wanted[ref.entity].add(ref.id);
  const existing = {
    accounts: await run.writer.existingIds('accounts', [...wanted.accounts]),
    leads: await run.writer.existingIds('leads', [...wanted.leads]),
  };
  const kept: number[] = [];
  refs.forEach((list, i) => {
    let ok = true;
    for (const ref of list) {
      if (existing[ref.entity].has(ref.id)) continue;
      ok = false;
      if (!run.failedIds[ref.entity].has(ref.id)) {
        run.issues.error(
          spec.file,
          batch.lines[i]!,
          ref.column,
          `${ENTITY_NOUN[ref.entity]} "${ref.id}" does not exist (not stored and not in this import)`,
        );
      }
    }
    if (ok) kept.push(i);
  });
  return batch.select(kept);
}

async function reportDuplicates<T extends FactTable>(
  spec: FileSpec<T>,
  batch: RowBatch<FileRow<T>>,
  run: ImportRun,
): Promise<void> {
  const ids = Array.from({ length: batch.count }, (_, i) => String(batch.value(i, 'id')));
  const stored = new Map((await run.writer.findByIds(spec.table, ids)).map((r) => [idOf(r), r]));
  ids.forEach((id, i) => {
    const s = stored.get(id);
    if (s && s.source_line !== batch.lines[i]) {
      run.issues.error(
        spec.file,
        batch.lines[i]!,
        spec.columns[0]!,
        `duplicate ${describeKey(spec, batch.row(i))}: first given on line ${s.source_line}`,
      );
    }
  });
}
