import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csv, filesOf } from '../../test/support/import-fixtures.ts';
import { snapshotStore } from '../../test/support/store-snapshot.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import type { Store } from '../db/database.ts';
import { runImport } from './run-import.ts';

/**
 * Loads into empty tables take the first-load path (firstLoadFromBytes 0): secondary indexes
 * built after, and on PostgreSQL rows copied straight in with the primary key built after.
 * Updates of stored rows go through COPY into a staging table and one merge.
 */
const BASE = {
  'org.json': '{"timezone":"Asia/Jakarta","currency":"USD"}',
  'reps.csv': csv(
    ['id', 'name', 'email', 'team', 'started_on', 'ended_on'],
    ['R1', 'Ana', '', 'Jakarta', '', ''],
  ),
  'accounts.csv': csv(
    ['id', 'name', 'owner_rep_id', 'acquired_at', 'churned_at'],
    ['A1', 'Acme', 'R1', '', ''],
  ),
};
const LEADS_HEADER = ['id', 'created_at', 'owner_rep_id', 'source'];
const DEALS_HEADER = [
  ...['id', 'name', 'owner_rep_id', 'account_id', 'lead_id', 'created_at', 'closed_at', 'status'],
  ...['amount', 'currency', 'units', 'stage'],
];
const EMAILS_HEADER = ['id', 'sent_at', 'rep_id', 'campaign', 'bounced', 'opened_at'];

/**
 * Text cells CSV can carry that COPY must escape, or that only look special to it (the importer
 * refuses control characters; pg-copy.test.ts sends those through COPY).
 */
const HOSTILE = [
  'back\\slash',
  '\\N',
  '\\.',
  'a\\tb\\n',
  'ünïcödé ✓ 日本語 👍🏽',
  '"quoted", with comma',
  '',
];
const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;

const firstLoad = (store: Store, contents: Record<string, string>) =>
  runImport(store, filesOf(contents), { source: 'test', firstLoadFromBytes: 0 });

/** Whether the table has its primary key (PostgreSQL; SQLite's tables are their keys). */
async function hasPrimaryKey(store: Store, table: string): Promise<boolean> {
  if (store.dialect === 'sqlite') return true;
  const found = await sql<{ n: number }>`
    select count(*)::int as n from pg_constraint where conname = ${`${table}_pk`} and contype = 'p'`.execute(
    store.db,
  );
  return found.rows[0]!.n === 1;
}

describe.each(DIALECTS)('a first load on %s', (dialect) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await createTestStore(dialect);
  });
  afterEach(async () => {
    await store?.dispose();
  });

  it('stores hostile text exactly and builds the keys after', async () => {
    const leads = HOSTILE.map((source, i) => [`L${i}`, '2026-01-02', 'R1', quoted(source)]);
    const emails = HOSTILE.map((campaign, i) => [
      `E${i}`,
      '2026-01-03T10:00:00Z',
      'R1',
      quoted(campaign),
      'no',
      '',
    ]);
    const deals = HOSTILE.map((name, i) => {
      const won = ['won', '100.50', 'USD', '2', quoted(name)];
      return [`D${i}`, quoted(name), 'R1', 'A1', `L${i}`, '2026-01-05', '2026-01-20', ...won];
    });
    const result = await firstLoad(store, {
      ...BASE,
      'leads.csv': csv(LEADS_HEADER, ...leads),
      'deals.csv': csv(DEALS_HEADER, ...deals),
      'emails.csv': csv(EMAILS_HEADER, ...emails),
    });
    expect(result.errors).toEqual([]);
    expect(result.files.find((f) => f.file === 'emails.csv')?.inserted).toBe(HOSTILE.length);
    // An empty cell is no value.
    const expected = HOSTILE.map((text) => (text === '' ? null : text));
    const stored = async (table: 'leads' | 'emails' | 'deals', column: string) =>
      (
        await sql<{ v: string | null }>`select ${sql.ref(column)} as v from ${sql.table(table)}
          order by source_line`.execute(store.db)
      ).rows.map((r) => r.v);
    expect(await stored('leads', 'source')).toEqual(expected);
    expect(await stored('emails', 'campaign')).toEqual(expected);
    expect(await stored('deals', 'name')).toEqual(expected);
    expect(await stored('deals', 'stage')).toEqual(expected);
    for (const table of ['leads', 'emails', 'deals']) expect(await hasPrimaryKey(store, table)).toBe(true);
    // Derived after the load: every lead has its won deal.
    const linked = await store.db.selectFrom('leads').select(['has_deal', 'first_won_at']).execute();
    expect(linked.every((lead) => Number(lead.has_deal) === 1 && lead.first_won_at !== null)).toBe(true);
  });

  it('reports repeated ids at their lines and leaves the store as it was', async () => {
    await firstLoad(store, BASE);
    const before = await snapshotStore(store);
    const emails = ['E1', 'E2', 'E1', 'E3', 'E2', 'E1'].map((id) => [id, '2026-01-03', 'R1', '', 'no', '']);
    const result = await firstLoad(store, {
      'leads.csv': csv(LEADS_HEADER, ['L1', '2026-01-02', 'R1', 'web'], ['L1', '2026-01-02', 'R1', 'ads']),
      'emails.csv': csv(EMAILS_HEADER, ...emails),
    });
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => [e.file, e.line, e.column, e.message])).toEqual([
      ['leads.csv', 3, 'id', 'duplicate id "L1": first given on line 2'],
      ['emails.csv', 4, 'id', 'duplicate id "E1": first given on line 2'],
      ['emails.csv', 6, 'id', 'duplicate id "E2": first given on line 3'],
      ['emails.csv', 7, 'id', 'duplicate id "E1": first given on line 2'],
    ]);
    const after = await snapshotStore(store);
    expect({ ...after, imports: [] }).toEqual({ ...before, imports: [] });
    for (const table of ['leads', 'emails']) expect(await hasPrimaryKey(store, table)).toBe(true);
  });

  it('a later import updates stored rows by key and keeps what was derived for them', async () => {
    const deal = [
      'D1',
      'Deal',
      'R1',
      'A1',
      'L1',
      '2026-01-05',
      '2026-01-20',
      'won',
      '100.50',
      'USD',
      '2',
      'Won',
    ];
    await firstLoad(store, {
      ...BASE,
      'leads.csv': csv(LEADS_HEADER, ['L1', '2026-01-02', 'R1', 'web'], ['L2', '2026-01-02', 'R1', 'web']),
      'deals.csv': csv(DEALS_HEADER, deal),
    });
    const result = await firstLoad(store, {
      'leads.csv': csv(
        LEADS_HEADER,
        ['L1', '2026-01-02', 'R1', quoted('back\\tslash \\N')],
        ['L2', '2026-01-02', 'R1', 'web'],
        ['L3', '2026-01-04', 'R1', 'new'],
      ),
      'accounts.csv': csv(
        ['id', 'name', 'owner_rep_id', 'acquired_at', 'churned_at'],
        ['A1', 'Acme Ltd', 'R1', '', ''],
      ),
    });
    expect(result.errors).toEqual([]);
    expect(result.files.map((f) => [f.file, f.inserted, f.updated, f.unchanged])).toEqual([
      ['accounts.csv', 0, 1, 0],
      ['leads.csv', 1, 1, 1],
    ]);
    const leads = await store.db
      .selectFrom('leads')
      .select(['id', 'source', 'has_deal', 'first_won_at'])
      .orderBy('id')
      .execute();
    const wonAt = Date.parse('2026-01-20T00:00:00+07:00');
    expect(leads.map((l) => [l.id, l.source, Number(l.has_deal), l.first_won_at])).toEqual([
      ['L1', 'back\\tslash \\N', 1, wonAt],
      ['L2', 'web', 0, null],
      ['L3', 'new', 0, null],
    ]);
    const account = await store.db
      .selectFrom('accounts')
      .select(['name', 'effective_acquired_at'])
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ name: 'Acme Ltd', effective_acquired_at: wonAt });
  });
});
