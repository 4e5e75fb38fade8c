import type { FactTable, FileRow, StoredRow } from '../db/bulk-writer.ts';
import { refreshEffectiveAcquired } from '../db/customer-acquisition-repo.ts';
import { refreshLeadLinks } from '../db/lead-links-repo.ts';
import type { ImportRun } from './import-run.ts';
import type { RowBatch } from './row-batch.ts';

type Follow<T extends FactTable> = (
  rows: RowBatch<FileRow<T>>,
  olds: readonly StoredRow<T>[],
  run: ImportRun,
  /** The file's derived columns are set once after it (a first load of deals; accounts without deals). */
  afterLoad: boolean,
) => Promise<void>;

const followNothing = async (): Promise<void> => {};

/**
 * What writing a batch moves besides the rows, by table: the daily rollup, from the stored
 * versions of written rows to the new ones, and what their links derive (a deal changes its leads'
 * conversion and its accounts' acquisition). Derived data follows even after an error: later
 * checks (churn vs acquisition) read it.
 */
export const FOLLOW: { [T in FactTable]: Follow<T> } = {
  reps: followNothing,
  accounts: followAccounts,
  leads: followLeads,
  deals: followDeals,
  emails: followEmails,
  spend: followNothing,
  targets: followNothing,
};

/**
 * A written account counts as its acquisition says once that is derived. With no deal stored
 * (`acquiredAsGiven`) that is its acquired_at, set for the whole file at once afterwards.
 */
async function followAccounts(
  rows: RowBatch<FileRow<'accounts'>>,
  olds: readonly StoredRow<'accounts'>[],
  run: ImportRun,
  acquiredAsGiven: boolean,
): Promise<void> {
  for (const old of olds) run.rollup.customer(old, -1);
  if (acquiredAsGiven) {
    rows.forEach((row) => {
      const { owner_rep_id, acquired_at, churned_at } = row;
      run.rollup.customer({ owner_rep_id, effective_acquired_at: acquired_at, churned_at }, 1);
    });
    return;
  }
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
