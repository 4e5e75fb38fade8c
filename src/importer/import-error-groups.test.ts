import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csv, importTexts, type Parsing } from '../../test/support/import-fixtures.ts';
import { snapshotStore } from '../../test/support/store-snapshot.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import type { DialectName } from '../db/database.ts';
import { listImports } from '../db/imports-repo.ts';
import { MAX_LISTED_ERRORS } from './import-errors.ts';

const REPS = csv(['id', 'name'], ['R1', 'Ana']);
const USD = '"USD" differs from the organisation\'s currency IDR';

/** 258 deals priced in USD and one open deal with closed_at, for an IDR organisation. */
function dealsWithWrongCurrency(): string {
  const rows = [['id', 'created_at', 'status', 'closed_at', 'amount', 'currency', 'owner_rep_id']];
  for (let i = 1; i <= 258; i++)
    rows.push([`D${i}`, '2026-01-05', 'won', '2026-01-20', '100.00', 'USD', 'R1']);
  rows.push(['D259', '2026-01-05', 'open', '2026-01-20', '', '', 'R1']);
  return csv(...rows);
}

const CASES: [DialectName, Parsing][] = [
  ...DIALECTS.map((d): [DialectName, Parsing] => [d, 'in-thread']),
  ['sqlite', 'parse-thread'],
];

describe.each(CASES)('grouped import errors on %s, parsing %s', (dialect, parsing) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await createTestStore(dialect);
    const base = await importTexts(
      store,
      { 'org.json': '{"currency":"IDR","timezone":"Asia/Jakarta"}', 'reps.csv': REPS },
      parsing,
    );
    expect(base.errors).toEqual([]);
  });
  afterEach(() => store.dispose());

  it('258 rows in the wrong currency are one group of 258; the raw list keeps the first 100', async () => {
    const before = await snapshotStore(store);
    const result = await importTexts(store, { 'deals.csv': dealsWithWrongCurrency() }, parsing);
    expect(result.ok).toBe(false);
    expect(result.errorCount).toBe(259);
    expect(result.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(result.errors[0]).toEqual({ file: 'deals.csv', line: 2, column: 'currency', message: USD });
    expect(result.errorGroups.map((g) => [g.file, g.column, g.reason, g.count, g.examples[0]!.line])).toEqual(
      [
        ['deals.csv', 'currency', USD, 258, 2],
        ['deals.csv', 'closed_at', 'an open deal must not have closed_at', 1, 260],
      ],
    );
    // Nothing was written, and the result says so.
    expect(result.files).toEqual([{ file: 'deals.csv', rows: 259, inserted: 0, updated: 0, unchanged: 0 }]);
    expect(await snapshotStore(store)).toEqual(before);

    const [recorded] = await listImports(store.db, result.orgId!, 1);
    expect(recorded).toMatchObject({ id: result.importId, status: 'failed', errorCount: 259 });
    expect(recorded!.errorGroups).toEqual(result.errorGroups);
    expect(recorded!.files).toEqual(result.files);
  });
});
