import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csv, importTexts as importWith, type Parsing } from '../../test/support/import-fixtures.ts';
import { snapshotStore } from '../../test/support/store-snapshot.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import type { DialectName, Store } from '../db/database.ts';

const REPS = csv(
  ['id', 'name', 'email', 'team', 'started_on', 'ended_on'],
  ['R1', 'Ana', 'ana@example.com', 'Jakarta', '2025-01-01', ''],
  ['R2', 'Budi', '', 'Bandung', '', ''],
);
const ACCOUNTS = csv(
  ['id', 'name', 'owner_rep_id', 'acquired_at', 'churned_at'],
  ['A1', 'Acme', 'R1', '', ''],
);
const LEADS = csv(['id', 'created_at', 'owner_rep_id', 'source'], ['L1', '2026-01-02', 'R1', 'web']);
const DEALS_HEADER = [
  'id',
  'name',
  'owner_rep_id',
  'account_id',
  'lead_id',
  'created_at',
  'closed_at',
  'status',
  'amount',
  'currency',
  'units',
  'stage',
];
const GOOD_DEAL = [
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
const BASE = {
  'org.json': '{"timezone":"Asia/Jakarta","currency":"USD"}',
  'reps.csv': REPS,
  'accounts.csv': ACCOUNTS,
  'leads.csv': LEADS,
};

type Expected = { file: string; line: number; column: string | null; message: RegExp };

// Every case also runs with each file parsed on a parsing thread (SQLite is enough for that: the
// thread only reads files, the store is the importer's).
const CASES: [DialectName, Parsing][] = [
  ...DIALECTS.map((d): [DialectName, Parsing] => [d, 'in-thread']),
  ['sqlite', 'parse-thread'],
];

describe.each(CASES)('import on %s, parsing %s', (dialect, parsing) => {
  const importTexts = (s: Store, files: Record<string, string>) => importWith(s, files, parsing);
  let store: TestStore;
  beforeEach(async () => {
    store = await createTestStore(dialect);
  });
  afterEach(() => store.dispose());

  /** Imports, expects exactly these errors, and checks nothing at all was written. */
  async function expectRefused(files: Record<string, string>, expected: Expected[]) {
    const before = await snapshotStore(store);
    const result = await importTexts(store, files);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => ({ file: e.file, line: e.line, column: e.column }))).toEqual(
      expected.map((e) => ({ file: e.file, line: e.line, column: e.column })),
    );
    result.errors.forEach((error, i) => {
      expect(error.message).toMatch(expected[i]!.message);
    });
    expect(await snapshotStore(store)).toEqual(before);
    return result;
  }

  it('imports a valid file set and reports new rows per file', async () => {
    const result = await importTexts(store, { ...BASE, 'deals.csv': csv(DEALS_HEADER, GOOD_DEAL) });
    expect(result.errors).toEqual([]);
    expect(result.files.map((f) => [f.file, f.rows, f.inserted])).toEqual([
      ['reps.csv', 2, 2],
      ['accounts.csv', 1, 1],
      ['leads.csv', 1, 1],
      ['deals.csv', 1, 1],
    ]);
    const deal = await store.db.selectFrom('deals').selectAll().executeTakeFirstOrThrow();
    // 100.50 USD is 10050 cents; a date alone is the first instant of that day in Jakarta (UTC+7).
    expect(deal.amount).toBe(10050);
    expect(deal.created_at).toBe(Date.UTC(2026, 0, 4, 17));
    const account = await store.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect(account.effective_acquired_at).toBe(Date.UTC(2026, 0, 19, 17));
    const lead = await store.db.selectFrom('leads').selectAll().executeTakeFirstOrThrow();
    expect([lead.has_deal, lead.first_won_at]).toEqual([1, Date.UTC(2026, 0, 19, 17)]);
  });

  it('is idempotent: the same files again change nothing; a corrected row updates in place', async () => {
    await importTexts(store, { ...BASE, 'deals.csv': csv(DEALS_HEADER, GOOD_DEAL) });
    const before = await store.db.selectFrom('deals').select(['id', 'amount', 'closed_at']).execute();
    const again = await importTexts(store, { ...BASE, 'deals.csv': csv(DEALS_HEADER, GOOD_DEAL) });
    expect(again.files.map((f) => [f.inserted, f.updated, f.unchanged])).toEqual([
      [0, 0, 2],
      [0, 0, 1],
      [0, 0, 1],
      [0, 0, 1],
    ]);
    expect(await store.db.selectFrom('deals').select(['id', 'amount', 'closed_at']).execute()).toEqual(
      before,
    );

    const corrected = [...GOOD_DEAL];
    corrected[6] = '2026-02-10';
    corrected[8] = '250';
    const third = await importTexts(store, { 'deals.csv': csv(DEALS_HEADER, corrected) });
    expect(third.files[0]).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const deal = await store.db.selectFrom('deals').selectAll().executeTakeFirstOrThrow();
    expect([deal.amount, deal.closed_at]).toEqual([25000, Date.UTC(2026, 1, 9, 17)]);
    // The rollup moved the revenue from 20 January to 10 February (local days).
    const days = await store.db
      .selectFrom('daily_facts')
      .select(['day', 'revenue'])
      .where('revenue', '>', 0)
      .execute();
    expect(days).toEqual([{ day: Date.UTC(2026, 1, 10) / 86_400_000, revenue: 25000 }]);
    // Rows absent from a later import are kept.
    expect(await store.db.selectFrom('reps').select('id').orderBy('id').execute()).toEqual([
      { id: 'R1' },
      { id: 'R2' },
    ]);
  });

  it('refuses a file set with a missing required column, naming line 1 and the column', async () => {
    await expectRefused({ ...BASE, 'deals.csv': 'id,created_at\nD1,2026-01-01\n' }, [
      { file: 'deals.csv', line: 1, column: 'status', message: /required column/ },
    ]);
  });

  it('warns about unknown columns and ignores them', async () => {
    const result = await importTexts(store, { 'reps.csv': 'id,name,shoe_size\nR1,Ana,42\n' });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      { file: 'reps.csv', line: 1, column: 'shoe_size', message: 'unknown column, ignored' },
    ]);
  });

  it('names file, line and column of every bad cell, all of them', async () => {
    const deals = csv(
      DEALS_HEADER,
      ['D1', '', 'R1', '', '', '2026-13-01', '', 'open', '', '', '', ''],
      ['D2', '', 'R1', '', '', '2026-01-01', '2026-01-02', 'won', '10.001', '', '', ''],
      ['D3', '', 'R1', '', '', '2026-01-01', '2026-01-02', 'won', '-5', '', '', ''],
      ['D4', '', 'R1', '', '', '2026-01-01', '', 'pending', '', '', 'x', ''],
      ['', '', 'R1', '', '', '2026-01-01 10:00', '', 'open', '', 'IDR', '', ''],
    );
    await expectRefused({ ...BASE, 'deals.csv': deals }, [
      { file: 'deals.csv', line: 2, column: 'created_at', message: /not a real calendar date/ },
      { file: 'deals.csv', line: 3, column: 'amount', message: /3 decimals; USD allows at most 2/ },
      { file: 'deals.csv', line: 4, column: 'amount', message: /not a non-negative decimal/ },
      { file: 'deals.csv', line: 5, column: 'status', message: /not open, won or lost/ },
      { file: 'deals.csv', line: 5, column: 'units', message: /not a whole number/ },
      { file: 'deals.csv', line: 6, column: 'id', message: /is required/ },
      {
        file: 'deals.csv',
        line: 6,
        column: 'currency',
        message: /differs from the organisation's currency USD/,
      },
    ]);
  });

  it('checks the status rules of deals', async () => {
    const deals = csv(
      DEALS_HEADER,
      ['D1', '', '', '', '', '2026-01-01', '', 'won', '10', '', '', ''],
      ['D2', '', '', '', '', '2026-01-01', '2026-01-03', 'open', '', '', '', ''],
      ['D3', '', '', '', '', '2026-01-01', '2026-01-03', 'won', '', '', '', ''],
      ['D4', '', '', '', '', '2026-01-05', '2026-01-03', 'lost', '', '', '', ''],
      ['D5', '', '', '', '', '2026-01-05', '', 'lost', '', '', '', ''],
    );
    await expectRefused({ ...BASE, 'deals.csv': deals }, [
      { file: 'deals.csv', line: 2, column: 'closed_at', message: /a won deal needs closed_at/ },
      { file: 'deals.csv', line: 3, column: 'closed_at', message: /an open deal must not have closed_at/ },
      { file: 'deals.csv', line: 4, column: 'amount', message: /a won deal needs an amount/ },
      { file: 'deals.csv', line: 5, column: 'closed_at', message: /before created_at/ },
      { file: 'deals.csv', line: 6, column: 'closed_at', message: /a lost deal needs closed_at/ },
    ]);
  });

  it('requires referenced reps, accounts and leads to exist, in the store or the same import', async () => {
    const deals = csv(
      DEALS_HEADER,
      ['D1', '', 'R9', 'A1', 'L1', '2026-01-05', '', 'open', '', '', '', ''],
      ['D2', '', 'R1', 'A9', 'L9', '2026-01-05', '', 'open', '', '', '', ''],
    );
    await expectRefused(
      { ...BASE, 'deals.csv': deals, 'emails.csv': 'id,sent_at,rep_id\nE1,2026-01-01,R7\n' },
      [
        { file: 'deals.csv', line: 2, column: 'owner_rep_id', message: /rep "R9" does not exist/ },
        { file: 'deals.csv', line: 3, column: 'account_id', message: /account "A9" does not exist/ },
        { file: 'deals.csv', line: 3, column: 'lead_id', message: /lead "L9" does not exist/ },
        { file: 'emails.csv', line: 2, column: 'rep_id', message: /rep "R7" does not exist/ },
      ],
    );
    // Stored in an earlier import counts as existing.
    expect((await importTexts(store, BASE)).ok).toBe(true);
    const later = await importTexts(store, { 'deals.csv': csv(DEALS_HEADER, GOOD_DEAL) });
    expect(later.errors).toEqual([]);
  });

  it('does not repeat an error for references to a row that was itself refused', async () => {
    await expectRefused(
      {
        'reps.csv': 'id,name,started_on\nR1,Ana,yesterday\n',
        'leads.csv': 'id,created_at,owner_rep_id\nL1,2026-01-01,R1\n',
      },
      [{ file: 'reps.csv', line: 2, column: 'started_on', message: /not a date/ }],
    );
  });

  it('checks date order rules of reps, emails and targets', async () => {
    await expectRefused(
      {
        'reps.csv':
          'id,name,team,started_on,ended_on\nR1,Ana,Jakarta,2026-02-01,2026-01-31\nR2,Budi,Jakarta,,\n',
        'emails.csv':
          'id,sent_at,rep_id,opened_at,bounced\nE1,2026-01-02T10:00:00Z,R2,2026-01-02T09:59:59Z,false\nE2,2026-01-02,R2,,maybe\n',
        'targets.csv': 'scope,metric,period_start,period_end,value\norg,revenue,2026-03-01,2026-01-01,10\n',
      },
      [
        { file: 'reps.csv', line: 2, column: 'ended_on', message: /before started_on/ },
        { file: 'emails.csv', line: 2, column: 'opened_at', message: /before sent_at/ },
        { file: 'emails.csv', line: 3, column: 'bounced', message: /not a boolean/ },
        { file: 'targets.csv', line: 2, column: 'period_end', message: /before period_start/ },
      ],
    );
  });

  it('checks targets: value, metric, scope names and uniqueness of scope+metric+period', async () => {
    const targets = csv(
      ['scope', 'metric', 'period_start', 'period_end', 'value'],
      ['org', 'revenue', '2026-01-01', '2026-03-31', '-1'],
      ['team:Medan', 'revenue', '2026-01-01', '2026-03-31', '5'],
      ['rep:R9', 'units', '2026-01-01', '2026-03-31', '5'],
      ['team:Jakarta', 'profit', '2026-01-01', '2026-03-31', '5'],
      ['region:x', 'units', '2026-01-01', '2026-03-31', '5'],
      ['rep:R1', 'units', '2026-01-01', '2026-03-31', '5'],
      ['rep:R1', 'units', '2026-01-01', '2026-03-31', '6'],
    );
    await expectRefused({ ...BASE, 'targets.csv': targets }, [
      { file: 'targets.csv', line: 2, column: 'value', message: /not a non-negative number/ },
      { file: 'targets.csv', line: 3, column: 'scope', message: /no rep has team "Medan"/ },
      { file: 'targets.csv', line: 4, column: 'scope', message: /rep "R9" does not exist/ },
      { file: 'targets.csv', line: 5, column: 'metric', message: /"profit" is not one of/ },
      { file: 'targets.csv', line: 6, column: 'scope', message: /not org, team/ },
      { file: 'targets.csv', line: 8, column: 'scope', message: /duplicate target .*line 7/ },
    ]);
  });

  it('checks churn against the effective acquisition, including one derived from won deals', async () => {
    const accounts = csv(
      ['id', 'name', 'owner_rep_id', 'acquired_at', 'churned_at'],
      ['A1', 'Acme', 'R1', '2026-01-10', '2026-01-10'],
      ['A2', 'Prospect', 'R1', '', '2026-02-01'],
      ['A3', 'Derived', 'R1', '', '2026-01-15'],
      ['A4', 'Fine', 'R1', '', '2026-03-01'],
    );
    const deals = csv(
      DEALS_HEADER,
      ['D1', '', 'R1', 'A3', '', '2026-01-01', '2026-01-20', 'won', '5', '', '', ''],
      ['D2', '', 'R1', 'A4', '', '2026-01-01', '2026-01-20', 'won', '5', '', '', ''],
    );
    await expectRefused({ ...BASE, 'accounts.csv': accounts, 'deals.csv': deals }, [
      { file: 'accounts.csv', line: 2, column: 'churned_at', message: /must be after acquired_at/ },
      { file: 'accounts.csv', line: 3, column: 'churned_at', message: /"A2" is not a customer/ },
      {
        file: 'accounts.csv',
        line: 4,
        column: 'churned_at',
        message: /"A3" churned_at must be after its acquisition/,
      },
    ]);
  });

  it('reports duplicate ids with the line of the first, within and across batches', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `E${i},2026-01-01T10:00:00Z,R1`);
    rows.push('E7,2026-01-01T10:00:00Z,R1', 'E2499,2026-01-01T10:00:00Z,R1');
    await expectRefused({ ...BASE, 'emails.csv': `id,sent_at,rep_id\n${rows.join('\n')}\n` }, [
      { file: 'emails.csv', line: 2502, column: 'id', message: /duplicate id "E7": first given on line 9/ },
      {
        file: 'emails.csv',
        line: 2503,
        column: 'id',
        message: /duplicate id "E2499": first given on line 2501/,
      },
    ]);
  });

  it('reports duplicates against rows stored earlier only when the file repeats them', async () => {
    await importTexts(store, BASE);
    await expectRefused({ 'leads.csv': 'id,created_at\nL1,2026-01-02\nL1,2026-01-03\n' }, [
      { file: 'leads.csv', line: 3, column: 'id', message: /duplicate id "L1": first given on line 2/ },
    ]);
  });

  it('reads RFC 4180: BOM, CRLF, quoted commas, quotes and line breaks, counting physical lines', async () => {
    const reps =
      '\uFEFFid,name,team\r\nR1,"Ana, ""the closer""",Jakarta\r\nR2,"Budi\r\nSantoso",Bandung\r\n\r\nR3,Citra,Jakarta\r\nR4,Dewi,Jakarta,extra\r\n';
    // A line break is legal CSV in a quoted cell; only free text (a spend note) may hold one.
    const result = await expectRefused({ 'reps.csv': reps }, [
      { file: 'reps.csv', line: 3, column: 'name', message: /holds a line break \(\\x0D\) after "Budi"/ },
      { file: 'reps.csv', line: 7, column: null, message: /has 4 fields; the header has 3/ },
    ]);
    expect(result.errorCount).toBe(2);
    const ok = await importTexts(store, {
      'reps.csv': reps.replace(',extra', '').replace('Budi\r\nSantoso', 'Budi Santoso'),
    });
    expect(ok.errors).toEqual([]);
    const names = await store.db.selectFrom('reps').select(['id', 'name']).orderBy('id').execute();
    expect(names).toEqual([
      { id: 'R1', name: 'Ana, "the closer"' },
      { id: 'R2', name: 'Budi Santoso' },
      { id: 'R3', name: 'Citra' },
      { id: 'R4', name: 'Dewi' },
    ]);
  });

  it('reports an unterminated quote with its line', async () => {
    await expectRefused({ 'reps.csv': 'id,name\nR1,Ana\nR2,"Budi\nR3,Citra\n' }, [
      { file: 'reps.csv', line: 3, column: null, message: /never closed/ },
    ]);
  });

  it('lists the first 100 errors and counts the rest', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `E${i},not-a-time`);
    const result = await expectRefused(
      { 'emails.csv': `id,sent_at\n${rows.join('\n')}\n` },
      Array.from({ length: 100 }, (_, i) => ({
        file: 'emails.csv',
        line: i + 2,
        column: 'sent_at',
        message: /not a timestamp/,
      })),
    );
    expect(result.errorCount).toBe(250);
  });

  it('is all or nothing: one bad target keeps every good file out too', async () => {
    await expectRefused(
      {
        ...BASE,
        'deals.csv': csv(DEALS_HEADER, GOOD_DEAL),
        'targets.csv': 'scope,metric,period_start,period_end,value\norg,revenue,2026-01-01,2026-03-31,ten\n',
      },
      [{ file: 'targets.csv', line: 2, column: 'value', message: /not a non-negative number/ }],
    );
  });

  it('validates org.json: syntax with line, bad values by key, currency fixed once money is stored', async () => {
    await expectRefused({ 'org.json': '{\n  "timezone": "Asia/Jakarta",\n  "currency": "USD",,\n}' }, [
      { file: 'org.json', line: 3, column: null, message: /not valid JSON/ },
    ]);
    await expectRefused(
      { 'org.json': '{\n "timezone": "Mars/Olympus",\n "fiscal_year_start_month": 13\n}' },
      [
        { file: 'org.json', line: 2, column: 'timezone', message: /IANA/ },
        { file: 'org.json', line: 3, column: 'fiscal_year_start_month', message: /12/ },
      ],
    );
    await importTexts(store, { ...BASE, 'deals.csv': csv(DEALS_HEADER, GOOD_DEAL) });
    await expectRefused({ 'org.json': '{"currency": "IDR"}' }, [
      { file: 'org.json', line: 1, column: 'currency', message: /cannot change to IDR/ },
    ]);
  });

  it('keys spend by date, category, note and occurrence: same rows twice stay two rows, re-import changes nothing', async () => {
    const spend =
      'date,category,amount,note\n2026-01-01,marketing,10.00,\n2026-01-01,marketing,5.50,\n2026-01-01,marketing,1.25,flyers\n';
    const first = await importTexts(store, { 'spend.csv': spend });
    expect(first.files[0]).toMatchObject({ rows: 3, inserted: 3 });
    const second = await importTexts(store, { 'spend.csv': spend });
    expect(second.files[0]).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    const total = await store.db
      .selectFrom('spend')
      .select((eb) => eb.fn.sum<number>('amount').as('total'))
      .executeTakeFirstOrThrow();
    expect(Number(total.total)).toBe(1675);
  });
});
