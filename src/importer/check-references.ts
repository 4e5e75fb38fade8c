import type { FactTable, FileRow } from '../db/bulk-writer.ts';
import { missingDealReferences } from '../db/deal-references-repo.ts';
import type { FileSpec, Reference } from './file-specs.ts';
import type { ImportRun } from './import-run.ts';
import { quoteCell } from './quote-cell.ts';
import type { RowBatch } from './row-batch.ts';

const ENTITY_NOUN: Record<Reference['entity'], string> = { accounts: 'account', leads: 'lead' };

/**
 * Leaves out rows whose referenced account or lead exists neither in the store nor earlier in
 * this import, reporting each (a reference to a row refused earlier is that row's error).
 */
export async function checkReferences<T extends FactTable>(
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
          `${ENTITY_NOUN[ref.entity]} ${quoteCell(ref.id)} does not exist (not stored and not in this import)`,
        );
      }
    }
    if (ok) kept.push(i);
  });
  return batch.select(kept);
}

/**
 * The set-based twin of checkReferences for a first load of deals: every row was written, and one
 * anti-join per column finds the rows whose account or lead does not exist (the import then rolls
 * back). Rows referring to a refused account or lead are that row's error, not reported again.
 */
export async function checkDealReferencesAfterLoad(run: ImportRun): Promise<void> {
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
          `${ENTITY_NOUN[entity]} ${quoteCell(missing.id)} does not exist (not stored and not in this import)`,
        );
      }
    }
  }
}
