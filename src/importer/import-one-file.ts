import type { FileSummary } from '../core/contracts/imports.ts';
import { type FactTable, type FileRow, hasIdKey, type StoredRow } from '../db/bulk-writer.ts';
import {
  acquireAccountsAsGiven,
  acquireAllAccountsFromDeals,
  derivedCustomerPages,
} from '../db/customer-acquisition-repo.ts';
import { createFactIndexes, dropFactIndexes } from '../db/fact-indexes.ts';
import { linkAllLeadsFromDeals, linkedLeadPages } from '../db/lead-links-repo.ts';
import { checkDealReferencesAfterLoad, checkReferences } from './check-references.ts';
import { describeKey, type FileSpec, repsFile } from './file-specs.ts';
import { FOLLOW } from './follow-written-rows.ts';
import { addTiming, type ImportRun } from './import-run.ts';
import type { ImportFile } from './import-source.ts';
import { LinesByKey } from './lines-by-key.ts';
import type { OwnerRep } from './mapping/owner-reps.ts';
import { isWorkbookName } from './mapping/source-records.ts';
import { quoteCell } from './quote-cell.ts';
import { RowBatch, RowPacker, type RowStamp } from './row-batch.ts';
import { noteSnapshotRows } from './snapshot-removals.ts';

/** Tables whose first load nothing reads back until it is done (see `keyless`). */
const LOADS_WITHOUT_KEY: ReadonlySet<FactTable> = new Set(['leads', 'emails', 'deals']);

/**
 * Whether a row of the file says what its stored version says (who wrote it and from where aside).
 * A quota a goal wrote (import_id 0) is not the import's until an import names it, so it is never
 * unchanged: writing it gives it back to the file (docs/adr/0008).
 */
const sameValues = (
  row: Readonly<Record<string, unknown>>,
  stored: Readonly<Record<string, unknown>>,
): boolean => {
  if (stored.import_id === 0) return false;
  for (const column in row) {
    if (column === 'import_id' || column === 'source_line') continue;
    if ((row[column] ?? null) !== (stored[column] ?? null)) return false;
  }
  return true;
};

/** What errors and the summary call a source file: its name, and the sheet of a workbook. */
export function sourceNameOf(file: ImportFile): string {
  const sheet = file.mapping?.sheet;
  return sheet !== undefined && isWorkbookName(file.name) ? `${file.name} [${sheet}]` : file.name;
}

/** UDN column → source column of a mapped file, so the importer's own errors name the source's. */
function sourceColumnsOf(file: ImportFile): Map<string, string> {
  const columns = new Map<string, string>();
  for (const [field, rule] of Object.entries(file.mapping?.fields ?? {}))
    if (rule.column !== undefined) columns.set(field, rule.column);
  return columns;
}

/**
 * Reps created from owners, written before the rows of the batch that first names them (reps
 * are the first table: nothing refers back to them but rows already checked against these ids).
 */
async function writeOwnerReps(reps: readonly OwnerRep[], run: ImportRun, stamp: RowStamp): Promise<void> {
  const packer = new RowPacker(repsFile, reps.length);
  for (const rep of reps) {
    packer.add(
      { id: rep.id, name: rep.name, email: rep.email, team: null, started_on: null, ended_on: null },
      rep.line,
    );
  }
  run.ownerReps += await run.writer.insertNew('reps', RowBatch.unpack(repsFile, packer.take(), stamp));
}

/** The id of a row of an id-keyed table. */
const idOf = (row: object): string => ('id' in row ? String(row.id) : '');

/**
 * Imports one file into its table within the import's transaction: rows are upserted by key in
 * batches as they are parsed, duplicates and missing references reported, and the rollup and
 * derived links follow each batch (follow-written-rows.ts). Returns the file's counts.
 */
export async function importFile<T extends FactTable>(
  spec: FileSpec<T>,
  file: ImportFile,
  run: ImportRun,
): Promise<FileSummary> {
  const { issues } = run;
  const source = sourceNameOf(file);
  const summary: FileSummary = { file: source, rows: 0, inserted: 0, updated: 0, unchanged: 0 };
  // The checks below say `deals.csv` and `account_id`: the issues then name the source and its column.
  issues.nameSource(spec.file, source, sourceColumnsOf(file));
  try {
    return await importRows(spec, file, run, summary);
  } finally {
    issues.clearSource();
  }
}

async function importRows<T extends FactTable>(
  spec: FileSpec<T>,
  file: ImportFile,
  run: ImportRun,
  summary: FileSummary,
): Promise<FileSummary> {
  const { writer, issues, importId } = run;
  const source = summary.file;
  const table = spec.table;
  const idKeyed = hasIdKey(table);
  const appendOnly = !(await writer.hasRows(table));
  // Deals into an organisation without any: link leads and accounts once after the load.
  const linkAfterLoad = appendOnly && table === 'deals';
  // Accounts of an organisation without deals are acquired when their acquired_at says: set once
  // after the file rather than derived batch by batch (which reads and rewrites every account).
  const acquiredAsGiven = table === 'accounts' && !(await writer.hasRows('deals'));
  const deferIndexes = appendOnly && file.size >= run.firstLoadFromBytes && (await writer.isEmpty(table));
  if (deferIndexes) await dropFactIndexes(run.trx, table);
  // Nothing of the load reads these tables back while it runs (deals link after it): their rows can
  // go straight in, without even the primary key, which is built after (and finds the duplicates).
  const keyless = deferIndexes && writer.loadsWithoutKey && LOADS_WITHOUT_KEY.has(table);
  if (keyless) await writer.dropKey(table);
  const load = keyless ? writer.openLoad(table) : null;
  // Small tables without an id are read whole once; they are keyed by several columns.
  const storedByKey = idKeyed
    ? null
    : new Map((await writer.findAll(table)).map((row) => [spec.keyOf(row), row]));
  const stamp = { org_id: run.orgId, import_id: importId };
  /**
   * Line of each row of this file left alone because the store already holds it as given, by id:
   * a later row with the same id is a duplicate although the store does not name this import.
   * Measured: 320 MB for ten million unchanged ids, where a Map took 750 MB of the heap.
   */
  const unchangedLines = new LinesByKey();

  const write = async (parsed: RowBatch<FileRow<T>>) => {
    const t0 = performance.now();
    noteSnapshotRows(run, spec, parsed);
    let batch = parsed;
    if (spec.references && !linkAfterLoad) batch = await checkReferences(spec, batch, run);
    const t1 = performance.now();
    addTiming(run, `${spec.file} references`, t1 - t0);
    const olds: StoredRow<T>[] = [];
    if (load) {
      await load.write(batch);
    } else if (appendOnly && idKeyed) {
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
        // An earlier row of this file with the same id was either written (its stored row says
        // so) or left alone as unchanged (remembered here).
        const firstLine =
          old && idKeyed
            ? old.import_id === importId
              ? old.source_line
              : unchangedLines.get(keys[i]!)
            : undefined;
        if (firstLine !== undefined) {
          issues.error(
            spec.file,
            batch.lines[i]!,
            spec.columns[0]!,
            `duplicate ${describeKey(spec, batch.row(i))}: first given on line ${firstLine}`,
          );
          continue;
        }
        if (!old) summary.inserted++;
        else if (sameValues(batch.row(i), old)) {
          // Not written: the row keeps the import and line that stored it (docs/adr/0011).
          summary.unchanged++;
          if (idKeyed) unchangedLines.set(keys[i]!, batch.lines[i]!);
          continue;
        } else summary.updated++;
        if (old) olds.push(old);
        toWrite.push(i);
      }
      batch = batch.select(toWrite);
      await writer.upsert(table, batch);
    }
    // Derived data follows even after an error: later checks (churn vs acquisition) read it.
    const t2 = performance.now();
    addTiming(run, `${spec.file} write`, t2 - t1);
    if (batch.count > 0) await FOLLOW[table](batch, olds, run, linkAfterLoad || acquiredAsGiven);
    addTiming(run, `${spec.file} follow`, performance.now() - t2);
  };

  let end: Awaited<ReturnType<typeof run.parsing.parse>>;
  try {
    end = await run.parsing.parse(
      file,
      {
        ...run.parseJob,
        file: spec.file,
        known: run.known,
        ...(file.mapping ? { mapping: file.mapping, sourceFile: file.name } : {}),
        ...(source !== spec.file ? { source } : {}),
      },
      async (parsed) => {
        issues.receive(parsed.issues);
        if (parsed.newReps) await writeOwnerReps(parsed.newReps, run, stamp);
        await write(RowBatch.unpack<FileRow<T>>(spec, parsed.rows, stamp));
        run.onProgress?.({
          file: source,
          bytes: parsed.bytes,
          totalBytes: file.size,
          rows: parsed.records,
        });
      },
    );
    if (load) summary.inserted += await load.finish();
  } catch (error) {
    // An open COPY would hold the connection: the transaction could not even roll back.
    await load?.abort(error);
    throw error;
  }
  issues.receive(end.issues);
  if (end.newReps) await writeOwnerReps(end.newReps, run, stamp);
  const where = file.mapping?.where;
  if (where && end.skipped) {
    // Counted where the import's result and history show it: a filter that reads nothing is a mistake to see.
    issues.warn(
      source,
      0,
      where.column,
      `${end.skipped.toLocaleString('en')} ${end.skipped === 1 ? 'row' : 'rows'} skipped: not one of ${where.in.map((v) => quoteCell(v)).join(', ')}`,
    );
  }
  summary.rows = end.records;
  const failedIds = failedIdsOf(run, table);
  if (failedIds) for (const id of end.refusedIds) failedIds.add(id);
  const t3 = performance.now();
  if (keyless) {
    await writer.restoreKey(table, (duplicate) => {
      summary.inserted--;
      issues.error(
        spec.file,
        duplicate.line,
        spec.columns[0]!,
        `duplicate id ${quoteCell(duplicate.id)}: first given on line ${duplicate.firstLine}`,
      );
    });
  }
  // Before the indexes it changes are built: an update of every row would otherwise upkeep them.
  if (acquiredAsGiven && deferIndexes) await acquireAccountsAsGiven(run.trx, run.orgId, importId);
  if (deferIndexes) {
    await createFactIndexes(run.trx, table);
    await writer.analyze(table);
    run.firstLoaded.add(table);
  }
  const t4 = performance.now();
  if (acquiredAsGiven && !deferIndexes) await acquireAccountsAsGiven(run.trx, run.orgId, importId);
  if (linkAfterLoad) {
    const t5 = performance.now();
    await checkDealReferencesAfterLoad(run);
    addTiming(run, `${spec.file} follow: references`, performance.now() - t5);
    await linkLeadsAndAccounts(run);
  }
  addTiming(run, `${spec.file} indexes`, t4 - t3);
  addTiming(run, `${spec.file} follow`, performance.now() - t4);
  run.onProgress?.({ file: source, bytes: file.size, totalBytes: file.size, rows: summary.rows });
  return summary;
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

/** The set-based twin of the per-batch refresh, for a first load of deals (no lead was linked before). */
async function linkLeadsAndAccounts(run: ImportRun): Promise<void> {
  const t0 = performance.now();
  await linkAllLeadsFromDeals(run.trx, run.orgId);
  const t1 = performance.now();
  addTiming(run, 'deals.csv follow: link leads', t1 - t0);
  // Accounts this import loaded into an empty table: their indexes hold effective_acquired_at, so
  // updating most accounts would upkeep every index for each (measured 3.8 s for 164k accounts at
  // 1M deals); rebuilding them after costs a sort of the table.
  const rebuild = run.firstLoaded.has('accounts');
  if (rebuild) await dropFactIndexes(run.trx, 'accounts');
  await acquireAllAccountsFromDeals(run.trx, run.orgId);
  if (rebuild) await createFactIndexes(run.trx, 'accounts');
  // The statistics said no lead had a deal: the pages below would each scan and sort every lead
  // (measured 0.6 s a page against 27 ms at 1M deals).
  await run.writer.analyze('leads');
  await run.writer.analyze('accounts');
  const t2 = performance.now();
  addTiming(run, 'deals.csv follow: link accounts', t2 - t1);
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
  addTiming(run, 'deals.csv follow: rollup', performance.now() - t2);
}

/** The refused ids of a table other rows refer to (reps, accounts, leads). */
function failedIdsOf(run: ImportRun, table: FactTable): Set<string> | undefined {
  return table === 'reps' || table === 'accounts' || table === 'leads' ? run.failedIds[table] : undefined;
}
