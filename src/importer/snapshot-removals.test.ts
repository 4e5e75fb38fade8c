import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csv, filesOf } from '../../test/support/import-fixtures.ts';
import { expectRollupMatchesRebuild } from '../../test/support/rollup-check.ts';
import { snapshotStore } from '../../test/support/store-snapshot.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import { resolvePeriod } from '../core/periods.ts';
import { findDefaultOrg } from '../db/org-repo.ts';
import { upsertQuotaRow } from '../db/quotas-repo.ts';
import { importFiles } from '../services/imports/import-files.ts';
import { kpiReport } from '../services/kpis/kpi-report.ts';
import { type ImportOptions, runImport } from './run-import.ts';

const DEAL_HEADER = [
  'id',
  'owner_rep_id',
  'account_id',
  'lead_id',
  'created_at',
  'closed_at',
  'status',
  'amount',
];
const DEALS = {
  D1: ['D1', 'R1', 'A1', 'L1', '2026-03-02', '2026-03-10', 'won', '1000'],
  D2: ['D2', 'R2', 'A2', 'L2', '2026-03-03', '2026-03-12', 'won', '500'],
  D3: ['D3', 'R1', '', '', '2026-03-04', '', 'open', ''],
  D4: ['D4', 'R2', '', '', '2026-03-05', '2026-03-06', 'lost', '200'],
};
const deals = (...ids: (keyof typeof DEALS)[]) => csv(DEAL_HEADER, ...ids.map((id) => DEALS[id]));

const FILES = {
  'org.json': JSON.stringify({ name: 'Snap', timezone: 'UTC', currency: 'USD' }),
  'reps.csv': csv(['id', 'name'], ['R1', 'Ana'], ['R2', 'Budi']),
  // A1 is a customer through D1 (no acquired_at); A2 is one of its own.
  'accounts.csv': csv(
    ['id', 'name', 'owner_rep_id', 'acquired_at'],
    ['A1', 'Derived', 'R1', ''],
    ['A2', 'Given', 'R2', '2026-01-05'],
  ),
  'leads.csv': csv(
    ['id', 'created_at', 'owner_rep_id'],
    ['L1', '2026-03-01', 'R1'],
    ['L2', '2026-03-02', 'R2'],
  ),
  'deals.csv': deals('D1', 'D2', 'D3', 'D4'),
  'emails.csv': csv(
    ['id', 'sent_at', 'rep_id'],
    ['E1', '2026-03-02T10:00', 'R1'],
    ['E2', '2026-03-03T10:00', 'R1'],
  ),
};

describe.each(DIALECTS)('snapshots and removals on %s', (dialect) => {
  let store: TestStore;
  const run = (files: Record<string, string>, options: Omit<ImportOptions, 'source'> = {}) =>
    runImport(store, filesOf(files), { source: 'test', ...options });
  const march = async () => {
    const org = (await findDefaultOrg(store.db))!;
    const period = resolvePeriod({ from: '2026-03-01', to: '2026-03-31' }, org.fiscal_year_start_month);
    if (!period.ok) throw new Error(period.reason);
    return kpiReport(store, org, period.range);
  };
  const historyCount = async () => (await store.db.selectFrom('imports').select('id').execute()).length;

  beforeEach(async () => {
    store = await createTestStore(dialect);
    const result = await run(FILES);
    expect(result.errors).toEqual([]);
  });
  afterEach(() => store.dispose());

  it('a snapshot without a won deal lowers revenue by its amount and unlinks its lead', async () => {
    const before = await march();
    expect([before.org.revenue, before.org.deals_won]).toEqual([1500, 2]);
    const result = await run({ 'deals.csv': deals('D1', 'D3', 'D4') }, { snapshot: ['deals'] });
    expect(result.errors).toEqual([]);
    expect(result.files).toEqual([
      { file: 'deals.csv', rows: 3, inserted: 0, updated: 0, unchanged: 3, removed: 1 },
    ]);
    expect(result.removed).toEqual({ deals: 1 });
    expect(result.changed).toBe(true);
    const after = await march();
    // 1500 − D2's 500; R2 won nothing any more.
    expect([after.org.revenue, after.org.deals_won]).toEqual([1000, 1]);
    expect(after.reps.R2!.revenue).toBe(0);
    const l2 = await store.db
      .selectFrom('leads')
      .selectAll()
      .where('id', '=', 'L2')
      .executeTakeFirstOrThrow();
    expect([l2.has_deal, l2.first_won_at]).toEqual([0, null]);
    await expectRollupMatchesRebuild(store);
    // The history records the removal.
    const entry = await store.db
      .selectFrom('imports')
      .select('summary')
      .where('id', '=', result.importId)
      .executeTakeFirstOrThrow();
    expect(String(entry.summary)).toContain('"removed":1');
  });

  it('removing the deal an account was acquired by makes it a prospect again', async () => {
    const result = await run({ 'deals.csv': deals('D2', 'D3', 'D4') }, { snapshot: ['deals'] });
    expect(result.errors).toEqual([]);
    const a1 = await store.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', 'A1')
      .executeTakeFirstOrThrow();
    expect(a1.effective_acquired_at).toBeNull();
    expect((await march()).org.revenue).toBe(500);
    await expectRollupMatchesRebuild(store);
  });

  it('refuses to remove a rep still owning kept rows, naming them; allows it with its rows', async () => {
    const before = await snapshotStore(store);
    const refused = await run({ 'reps.csv': csv(['id', 'name'], ['R1', 'Ana']) }, { snapshot: ['reps'] });
    expect(refused.ok).toBe(false);
    expect(refused.errors[0]).toMatchObject({ file: 'reps.csv', line: 0, column: 'id' });
    expect(refused.errors[0]!.message).toContain('rep "R2" cannot be removed');
    expect(refused.errors[0]!.message).toContain('deal "D2" (owner_rep_id)');
    expect(refused.errors[0]!.message).toContain('account "A2" (owner_rep_id)');
    expect(await snapshotStore(store)).toEqual(before);

    const allowed = await run(
      {
        'reps.csv': csv(['id', 'name'], ['R1', 'Ana']),
        'accounts.csv': csv(['id', 'name', 'owner_rep_id'], ['A1', 'Derived', 'R1']),
        'leads.csv': csv(['id', 'created_at', 'owner_rep_id'], ['L1', '2026-03-01', 'R1']),
        'deals.csv': deals('D1', 'D3'),
      },
      { snapshot: ['reps', 'accounts', 'leads', 'deals'] },
    );
    expect(allowed.errors).toEqual([]);
    expect(allowed.removed).toEqual({ deals: 2, leads: 1, accounts: 1, reps: 1 });
    expect((await march()).org.revenue).toBe(1000);
    await expectRollupMatchesRebuild(store);
  });

  it('refuses a snapshot removing more than half of a table unless confirmed', async () => {
    const before = await snapshotStore(store);
    const versions = await historyCount();
    const refused = await run({ 'deals.csv': deals('D1') }, { snapshot: ['deals'] });
    expect(refused.ok).toBe(false);
    expect(refused.massDelete).toEqual([{ table: 'deals', stored: 4, removing: 3 }]);
    expect(refused.errors[0]!.message).toContain('--allow-mass-delete');
    expect(await snapshotStore(store)).toEqual(before);
    expect(await historyCount()).toBe(versions + 1);

    const confirmed = await run({ 'deals.csv': deals('D1') }, { snapshot: ['deals'], allowMassDelete: true });
    expect(confirmed.errors).toEqual([]);
    expect(confirmed.removed).toEqual({ deals: 3 });
    expect((await march()).org.deals_won).toBe(1);
    await expectRollupMatchesRebuild(store);
  });

  it('a snapshot of a table without its file is an error, never a removal of everything', async () => {
    const before = await snapshotStore(store);
    const result = await run({ 'reps.csv': FILES['reps.csv'] }, { snapshot: ['deals'] });
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ file: 'deals.csv', line: 0 });
    expect(result.errors[0]!.message).toContain('no file of it');
    expect(await snapshotStore(store)).toEqual(before);
  });

  it('a stored file given again as a snapshot is read again, and removes what it lacks', async () => {
    const result = await run({ 'deals.csv': FILES['deals.csv'] }, { snapshot: ['deals'] });
    expect(result.files).toEqual([
      { file: 'deals.csv', rows: 4, inserted: 0, updated: 0, unchanged: 4, removed: 0 },
    ]);
    expect(result.changed).toBe(false);
  });

  it('a dry run changes nothing and counts what the real run then does', async () => {
    const before = await snapshotStore(store);
    const entries = await historyCount();
    const org = (await findDefaultOrg(store.db))!;
    const files = {
      'deals.csv': csv(
        DEAL_HEADER,
        DEALS.D1,
        ['D3', 'R1', '', '', '2026-03-04', '2026-03-20', 'won', '700'],
        DEALS.D4,
        ['D5', 'R2', '', '', '2026-03-07', '', 'open', ''],
      ),
    };
    const dry = await run(files, { snapshot: ['deals'], dryRun: true });
    expect(dry.errors).toEqual([]);
    expect(dry.dryRun).toBe(true);
    expect(dry.changed).toBe(false);
    expect(dry.dataVersion).toBe(org.data_version);
    expect(await snapshotStore(store)).toEqual(before);
    expect(await historyCount()).toBe(entries);
    expect((await findDefaultOrg(store.db))!.data_version).toBe(org.data_version);

    const real = await run(files, { snapshot: ['deals'] });
    expect(real.files).toEqual(dry.files);
    expect(real.files).toEqual([
      { file: 'deals.csv', rows: 4, inserted: 1, updated: 1, unchanged: 2, removed: 1 },
    ]);
    expect(real.removed).toEqual(dry.removed);
    expect((await march()).org.revenue).toBe(1700);
    await expectRollupMatchesRebuild(store);
  });

  it('explicit removals take rows and their derived data out', async () => {
    const result = await runImport(store, [], {
      source: 'test',
      remove: { deals: ['D2', 'nope'], emails: ['E1'] },
    });
    expect(result.errors).toEqual([]);
    expect(result.removed).toEqual({ deals: 1, emails: 1 });
    const r = await march();
    expect([r.org.revenue, r.org.emails_sent]).toEqual([1000, 1]);
    await expectRollupMatchesRebuild(store);
  });

  it('a snapshot of targets removes an imported quota and its mirror goal target, never a goal-written one', async () => {
    const header = ['scope', 'metric', 'period_start', 'period_end', 'value'];
    const first = await importFiles(
      store,
      filesOf({
        'targets.csv': csv(
          header,
          ['org', 'revenue', '2026-03-01', '2026-03-31', '3000'],
          ['org', 'units', '2026-03-01', '2026-03-31', '40'],
        ),
      }),
      { source: 'test' },
    );
    expect(first.errors).toEqual([]);
    const org = (await findDefaultOrg(store.db))!;
    // A quota a goal wrote: no file holds it.
    await upsertQuotaRow(
      store.db,
      org.id,
      { scope: 'org', metric: 'deals_won', period_start: '2026-03-01', period_end: '2026-03-31' },
      5,
    );
    const mirrors = async () =>
      (
        await store.db
          .selectFrom('goal_targets')
          .select('metric')
          .where('is_quota', '=', 1)
          .orderBy('metric')
          .execute()
      ).map((r) => r.metric);
    expect(await mirrors()).toEqual(['revenue', 'units']);

    const result = await importFiles(
      store,
      filesOf({ 'targets.csv': csv(header, ['org', 'revenue', '2026-03-01', '2026-03-31', '3000']) }),
      { source: 'test', snapshot: ['targets'] },
    );
    expect(result.errors).toEqual([]);
    expect(result.removed).toEqual({ targets: 1 });
    const left = await store.db
      .selectFrom('targets')
      .select(['metric', 'import_id'])
      .orderBy('metric')
      .execute();
    expect(left.map((r) => r.metric)).toEqual(['deals_won', 'revenue']);
    expect(await mirrors()).toEqual(['deals_won', 'revenue']);
    const r = await march();
    expect([r.org.target_revenue, r.org.target_units]).toEqual([3000, null]);
  });
});

describe.each(DIALECTS)('dry runs into an empty store on %s', (dialect) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await createTestStore(dialect);
  });
  afterEach(() => store.dispose());

  it('a first import as a dry run leaves no organisation, no rows and no history; a refused one neither', async () => {
    const dry = await runImport(store, filesOf(FILES), { source: 'test', dryRun: true });
    expect(dry.errors).toEqual([]);
    expect([dry.ok, dry.dryRun, dry.changed, dry.orgId]).toEqual([true, true, false, null]);
    expect(dry.files.find((f) => f.file === 'deals.csv')).toEqual({
      file: 'deals.csv',
      rows: 4,
      inserted: 4,
      updated: 0,
      unchanged: 0,
    });
    const refused = await runImport(store, filesOf({ ...FILES, 'deals.csv': deals('D1', 'D1') }), {
      source: 'test',
      dryRun: true,
    });
    expect(refused.errors).toEqual([
      { file: 'deals.csv', line: 3, column: 'id', message: 'duplicate id "D1": first given on line 2' },
    ]);
    expect(await store.db.selectFrom('orgs').select('id').execute()).toEqual([]);
    expect(await store.db.selectFrom('imports').select('id').execute()).toEqual([]);
    expect(await store.db.selectFrom('deals').select('id').execute()).toEqual([]);
  });
});
