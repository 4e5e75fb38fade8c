import type { MassDeleteRefusal } from '../core/contracts/imports.ts';
import type { FactTable, FileRow, StoredRow } from '../db/bulk-writer.ts';
import { refreshEffectiveAcquired } from '../db/customer-acquisition-repo.ts';
import { refreshLeadLinks } from '../db/lead-links-repo.ts';
import {
  deleteByKeys,
  findReferrers,
  isIdTable,
  type Referrer,
  rowsByKeys,
  storedKeys,
} from '../db/row-removal-repo.ts';
import { FILE_SPECS, type FileSpec } from './file-specs.ts';
import type { ImportRun } from './import-run.ts';
import type { RowBatch } from './row-batch.ts';

/**
 * Removals of an import: rows absent from a snapshot file of their table, and rows named for
 * removal (the push API's `delete`). They are deleted after every file was written, in the same
 * transaction, children first (emails, deals, spend, targets, then leads, accounts, reps), each
 * taking its contribution out of the daily rollup and its links out of what they derive, so the
 * rollup stays what a rebuild gives (docs/adr/0020-snapshots-and-push.md).
 */

/** Children before the rows they name: a deal's removal refreshes its lead and account first. */
const REMOVAL_ORDER: readonly FactTable[] = [
  'emails',
  'deals',
  'spend',
  'targets',
  'leads',
  'accounts',
  'reps',
];

/** Notes the keys of a parsed batch of a snapshot table's file (every row read, written or not). */
export function noteSnapshotRows<T extends FactTable>(
  run: ImportRun,
  spec: FileSpec<T>,
  batch: RowBatch<FileRow<T>>,
): void {
  const seen = run.snapshotKeys?.get(spec.table);
  if (!seen) return;
  for (let i = 0; i < batch.count; i++) seen.add(spec.keyOf(batch.row(i)));
}

/**
 * Marks that the import has a file of the table, before the file is read (an empty snapshot file
 * removes every row; no file at all is an error).
 */
export function noteSnapshotFile(run: ImportRun, table: FactTable, snapshot: readonly FactTable[]): void {
  if (!snapshot.includes(table)) return;
  run.snapshotKeys ??= new Map();
  if (!run.snapshotKeys.has(table)) run.snapshotKeys.set(table, new Set());
}

export interface RemovalRequest {
  snapshot: readonly FactTable[];
  /** Keys (file-spec keyOf form) to remove whatever the files say. */
  remove: Partial<Record<FactTable, readonly string[]>>;
  allowMassDelete: boolean;
  /** Rows this import inserted per table, so the share removed is of the rows stored before it. */
  inserted?: Partial<Record<FactTable, number>>;
}

export interface RemovalOutcome {
  removed: Partial<Record<FactTable, number>>;
  massDelete: MassDeleteRefusal[];
}

const specOf = (table: FactTable) => FILE_SPECS.find((spec) => spec.table === table)!;

/**
 * Works out and applies the removals. Errors (a snapshot without its file, a mass delete not
 * confirmed, a removed row still named by a kept one) go to the import's issues: the import then
 * rolls back, so nothing is removed.
 */
export async function applyRemovals(run: ImportRun, request: RemovalRequest): Promise<RemovalOutcome> {
  const outcome: RemovalOutcome = { removed: {}, massDelete: [] };
  const plan = new Map<FactTable, string[]>();
  for (const table of request.snapshot) {
    const seen = run.snapshotKeys?.get(table);
    const file = specOf(table).file;
    if (!seen) {
      run.issues.error(
        file,
        0,
        null,
        `${table} is declared a snapshot but the import has no file of it: a snapshot without its file would remove every row`,
      );
      continue;
    }
    const stored = await storedKeys(run.trx, run.orgId, table);
    const absent = stored.filter((key) => !seen.has(key));
    // The share is of the rows the table held before this import: its own new rows are not at stake.
    const before = stored.length - (request.inserted?.[table] ?? 0);
    // Half or fewer is an ordinary snapshot; more needs the caller to say so.
    if (absent.length > 0 && absent.length * 2 > before && !request.allowMassDelete) {
      outcome.massDelete.push({ table, stored: before, removing: absent.length });
      run.issues.error(
        file,
        0,
        null,
        `the snapshot of ${table} would remove ${absent.length} of its ${before} stored rows (more than half): confirm with --allow-mass-delete (CLI), allowMassDelete (API) or the confirmation in the import dialog`,
      );
      continue;
    }
    plan.set(table, absent);
  }
  for (const [table, keys] of Object.entries(request.remove) as [FactTable, readonly string[]][]) {
    const planned = plan.get(table) ?? [];
    plan.set(table, [...new Set([...planned, ...keys])]);
  }
  if (run.issues.failed) return outcome;

  const removedIds = new Map<FactTable, string[]>();
  for (const table of REMOVAL_ORDER) {
    const keys = plan.get(table);
    if (!keys) continue;
    const rows = await rowsByKeys(run.trx, run.orgId, table, keys);
    if (rows.length > 0) {
      await unfollow(table, rows, run);
      await deleteByKeys(
        run.trx,
        run.orgId,
        table,
        rows.map((row) => specOf(table).keyOf(row as never)),
      );
      await relink(table, rows, run);
    }
    outcome.removed[table] = rows.length;
    if (isIdTable(table))
      removedIds.set(
        table,
        rows.map((row) => String('id' in row ? row.id : '')),
      );
  }
  for (const [table, ids] of removedIds) {
    const referrers = await findReferrers(run.trx, run.orgId, table, ids);
    reportReferrers(run, table, referrers);
  }
  return outcome;
}

/** Takes the rows' contributions out of the daily rollup, as stored (links included). */
async function unfollow<T extends FactTable>(table: T, rows: readonly StoredRow<T>[], run: ImportRun) {
  const rollup = run.rollup;
  for (const row of rows) {
    if (table === 'deals') rollup.deal(row as StoredRow<'deals'>, -1);
    else if (table === 'emails') rollup.email(row as StoredRow<'emails'>, -1);
    else if (table === 'leads') rollup.lead(row as StoredRow<'leads'>, -1);
    else if (table === 'accounts') rollup.customer(row as StoredRow<'accounts'>, -1);
  }
}

/** A removed deal no longer converts its lead nor acquires its account: both are derived again. */
async function relink<T extends FactTable>(table: T, rows: readonly StoredRow<T>[], run: ImportRun) {
  if (table !== 'deals') return;
  const leads = new Set<string>();
  const accounts = new Set<string>();
  for (const row of rows as readonly StoredRow<'deals'>[]) {
    if (row.lead_id !== null) leads.add(String(row.lead_id));
    if (row.account_id !== null) accounts.add(String(row.account_id));
  }
  const links = await refreshLeadLinks(run.trx, run.orgId, leads);
  for (const lead of links.before) run.rollup.lead(lead, -1);
  for (const lead of links.after) run.rollup.lead(lead, 1);
  const customers = await refreshEffectiveAcquired(run.trx, run.orgId, accounts);
  for (const account of customers.before) run.rollup.customer(account, -1);
  for (const account of customers.after) run.rollup.customer(account, 1);
}

const ENTITY: Record<Referrer['table'], string> = {
  reps: 'rep',
  accounts: 'account',
  leads: 'lead',
  deals: 'deal',
  emails: 'email',
  spend: 'spend row',
  targets: 'target',
  members: 'member',
  tasks: 'task',
  goal_targets: 'goal target',
};

/** One error per removed row that kept rows still name, listing a few of them. */
function reportReferrers(run: ImportRun, table: FactTable, referrers: readonly Referrer[]): void {
  const byId = new Map<string, Referrer[]>();
  for (const r of referrers) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  for (const [id, refs] of byId) {
    const named = refs
      .slice(0, 5)
      .map((r) => `${ENTITY[r.table]} "${r.by}" (${r.column})`)
      .join(', ');
    const more = refs.length > 5 ? ` and ${refs.length - 5} more` : '';
    run.issues.error(
      specOf(table).file,
      0,
      'id',
      `${ENTITY[table]} "${id}" cannot be removed: kept rows still refer to it: ${named}${more}; remove them in the same import or keep the ${ENTITY[table]}`,
    );
  }
}
