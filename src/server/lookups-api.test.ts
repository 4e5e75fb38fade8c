import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotGoals } from '../../test/support/goal-snapshot.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError } from '../core/contracts/api.ts';
import type { Task, TaskList } from '../core/contracts/goals.ts';
import type { AccountLookup, DealLookup } from '../core/contracts/lookups.ts';
import { CANDIDATES } from '../db/lookups-repo.ts';

/** Accounts and deals a person looks for by name (the small example's are "Account 1" … "Deal 498"). */
const ACCOUNTS = [
  { id: 'X001', name: 'PT Mitra Abadi', owner_rep_id: 'R01' },
  { id: 'X002', name: 'Mitra Kantor Bekasi', owner_rep_id: 'R02' },
  { id: 'X003', name: 'CV MITRA Sejahtera', owner_rep_id: null },
  { id: 'X004', name: 'Toko Sumitra Jaya', owner_rep_id: 'R03' },
  { id: 'X005', name: '100% Kertas_Jaya', owner_rep_id: 'R03' },
];
const DAY = 86_400_000;
const NOW = Date.now();
const DEALS = [
  // Closed long ago, then open ones: open deals come first, the newest first.
  {
    id: 'Y001',
    name: 'Kertas HVS - PT Mitra Abadi',
    account_id: 'X001',
    status: 'won',
    created: NOW - 90 * DAY,
  },
  { id: 'Y002', name: 'Toner - PT Mitra Abadi', account_id: 'X001', status: 'open', created: NOW - 20 * DAY },
  {
    id: 'Y003',
    name: 'Mitra Kantor Bekasi - Map',
    account_id: 'X002',
    status: 'open',
    created: NOW - 10 * DAY,
  },
  { id: 'Y004', name: null, account_id: 'X003', status: 'open', created: NOW - 5 * DAY },
] as const;

describe.each(DIALECTS)('accounts and deals by name on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await t.org();
    const { id: importId } = await t.store.db
      .selectFrom('imports')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await t.store.db
      .insertInto('accounts')
      .values(
        ACCOUNTS.map((account, i) => ({
          org_id: org.id,
          ...account,
          acquired_at: i === 0 ? NOW - 400 * DAY : null,
          churned_at: null,
          effective_acquired_at: i === 0 ? NOW - 400 * DAY : null,
          import_id: importId,
          source_line: 1000 + i,
        })),
      )
      .execute();
    await t.store.db
      .insertInto('deals')
      .values(
        DEALS.map((deal, i) => ({
          org_id: org.id,
          id: deal.id,
          name: deal.name,
          owner_rep_id: 'R01',
          account_id: deal.account_id,
          lead_id: null,
          created_at: deal.created,
          closed_at: deal.status === 'open' ? null : deal.created + 10 * DAY,
          status: deal.status,
          amount: 5_000_00,
          currency: null,
          units: 1,
          stage: deal.status === 'won' ? 'Closed Won' : 'Proposal',
          import_id: importId,
          source_line: 2000 + i,
        })),
      )
      .execute();
  });
  afterAll(() => t.dispose());

  const accounts = (query: string) => t.getJson<AccountLookup>(`/api/v1/accounts?${query}`);
  const deals = (query: string) => t.getJson<DealLookup>(`/api/v1/deals?${query}`);

  it('finds accounts by part of the name, ignoring case, the best matches first', async () => {
    const found = await accounts('search=mitra');
    // Name starts with it, then a word starts with it (by name), then anywhere in the name.
    expect(found.accounts.map((a) => a.name)).toEqual([
      'Mitra Kantor Bekasi',
      'CV MITRA Sejahtera',
      'PT Mitra Abadi',
      'Toko Sumitra Jaya',
    ]);
    expect(found.more).toBe(false);
    expect((await accounts('search=MiTrA')).accounts).toEqual(found.accounts);
    expect((await accounts('search=%20%20mitra%20%20')).accounts).toEqual(found.accounts);
    expect(found.accounts.find((a) => a.id === 'X001')).toEqual({
      id: 'X001',
      name: 'PT Mitra Abadi',
      owner_rep_id: 'R01',
      owner_name: expect.any(String),
      customer: true,
    });
    const reps = await t.getJson<{ id: string; name: string }[]>('/api/v1/reps');
    expect(found.accounts.find((a) => a.id === 'X001')!.owner_name).toBe(
      reps.find((rep) => rep.id === 'R01')!.name,
    );
    expect(found.accounts.find((a) => a.id === 'X003')).toMatchObject({
      owner_rep_id: null,
      owner_name: null,
      customer: false,
    });
    expect((await accounts('search=abadi')).accounts.map((a) => a.id)).toEqual(['X001']);
    expect((await accounts('search=nothing-like-this')).accounts).toEqual([]);
  });

  it('finds an account by its id, that id first', async () => {
    expect((await accounts('search=x00')).accounts.map((a) => a.id)).toEqual([
      'X005',
      'X003',
      'X002',
      'X001',
      'X004',
    ]);
    expect((await accounts('search=A0012')).accounts.map((a) => a.id)).toEqual(['A0012']);
    // "Account 12" also contains "12" in its name, after the exact id.
    expect((await accounts('search=a0012')).accounts[0]!.id).toBe('A0012');
  });

  it('takes % and _ literally', async () => {
    expect((await accounts('search=100%25')).accounts.map((a) => a.name)).toEqual(['100% Kertas_Jaya']);
    expect((await accounts('search=%25')).accounts.map((a) => a.id)).toEqual(['X005']);
    expect((await accounts('search=s_j')).accounts.map((a) => a.id)).toEqual(['X005']);
  });

  it('lists at most `limit`, and says when there are more', async () => {
    const two = await accounts('search=mitra&limit=2');
    expect(two.accounts.map((a) => a.name)).toEqual(['Mitra Kantor Bekasi', 'CV MITRA Sejahtera']);
    expect(two.more).toBe(true);
    expect((await accounts('search=mitra&limit=4')).more).toBe(false);
    // Without a search: the first ones by name; the small example has 120 accounts.
    const first = await accounts('');
    expect(first.accounts).toHaveLength(20);
    expect(first.more).toBe(true);
    const names = first.accounts.map((a) => a.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect((await accounts('limit=50')).accounts).toHaveLength(50);
  });

  it('finds deals by name or id, open ones first (newest first), naming account and owner', async () => {
    const found = await deals('search=MITRA');
    expect(found.deals.map((d) => d.id)).toEqual(['Y003', 'Y002', 'Y001']);
    expect(found.deals[1]).toMatchObject({
      id: 'Y002',
      name: 'Toner - PT Mitra Abadi',
      status: 'open',
      stage: 'Proposal',
      account_id: 'X001',
      account_name: 'PT Mitra Abadi',
      owner_rep_id: 'R01',
    });
    // A deal without a name is still found by its id.
    expect((await deals('search=y004')).deals).toEqual([
      expect.objectContaining({ id: 'Y004', name: null, account_name: 'CV MITRA Sejahtera' }),
    ]);
    const page = await deals('search=deal&limit=3');
    expect(page.deals).toHaveLength(3);
    expect(page.more).toBe(true);
  });

  it.each([
    ['/api/v1/accounts?limit=0', 'limit', /at least 1/],
    ['/api/v1/accounts?limit=51', 'limit', /at most 50/],
    ['/api/v1/accounts?limit=ten', 'limit', /number/],
    ['/api/v1/accounts?limit=2.5', 'limit', /whole number/],
    [`/api/v1/accounts?search=${'x'.repeat(101)}`, 'search', /at most 100/],
    ['/api/v1/deals?limit=-1', 'limit', /at least 1/],
    [`/api/v1/deals?search=${'y'.repeat(101)}`, 'search', /at most 100/],
  ])('%s → 400 naming %s', async (url, field, message) => {
    const body = await t.getJson<ApiError>(url, 400);
    expect(body).toMatchObject({ error: 'bad_request', field });
    expect(body.message).toMatch(message);
  });

  it('tasks carry the names of their assignee, deal and account', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tasks',
      payload: { title: 'Call about toner', assignee_rep_id: 'R01', deal_id: 'Y002', account_id: 'X001' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const task = created.json<Task>();
    const reps = await t.getJson<{ id: string; name: string }[]>('/api/v1/reps');
    expect(task).toMatchObject({
      assignee_rep_id: 'R01',
      assignee_name: reps.find((rep) => rep.id === 'R01')!.name,
      deal_id: 'Y002',
      deal_name: 'Toner - PT Mitra Abadi',
      account_id: 'X001',
      account_name: 'PT Mitra Abadi',
    });
    const unnamed = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tasks',
        payload: { title: 'Visit', deal_id: 'Y004' },
      })
    ).json<Task>();
    expect(unnamed).toMatchObject({
      deal_id: 'Y004',
      deal_name: null,
      account_name: null,
      assignee_name: null,
    });
    const list = await t.getJson<TaskList>('/api/v1/tasks?account_id=X001');
    expect(list.tasks.map((x) => [x.title, x.account_name, x.deal_name])).toEqual([
      ['Call about toner', 'PT Mitra Abadi', 'Toner - PT Mitra Abadi'],
    ]);
    expect((await t.getJson<Task>(`/api/v1/tasks/${task.id}`)).account_name).toBe('PT Mitra Abadi');
  });

  it('a name where the id belongs is refused naming the field and where to find the id', async () => {
    const before = await snapshotGoals(t.store);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tasks',
      payload: { title: 'Call', account_id: 'Mitra' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<ApiError>()).toMatchObject({ field: 'account_id' });
    expect(response.json<ApiError>().message).toMatch(/\/api\/v1\/accounts\?search=/);
    expect(await snapshotGoals(t.store)).toEqual(before);
  });

  // Last: it adds accounts the tests above do not expect.
  it('ranks at most the newest CANDIDATES matches of a search that matches more', async () => {
    const org = await t.org();
    const rows = Array.from({ length: CANDIDATES + 100 }, (_, i) => ({
      org_id: org.id,
      id: `Z${String(i + 1).padStart(4, '0')}`,
      name: `Bulk ${String(i + 1).padStart(4, '0')}`,
      owner_rep_id: null,
      acquired_at: null,
      churned_at: null,
      effective_acquired_at: null,
      import_id: 1,
      source_line: 5000 + i,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await t.store.db
        .insertInto('accounts')
        .values(rows.slice(i, i + 200))
        .execute();
    }
    const found = await accounts('search=bulk&limit=3');
    expect(found.accounts.map((a) => a.id)).toEqual(['Z0101', 'Z0102', 'Z0103']);
    expect(found.more).toBe(true);
    // An exact id is found whatever its age.
    expect((await accounts('search=z0001')).accounts.map((a) => a.id)).toEqual(['Z0001']);
  });

  it('is described in the OpenAPI document', async () => {
    const spec = await t.getJson<{ paths: Record<string, { get?: { parameters?: { name: string }[] } }> }>(
      '/api/openapi.json',
    );
    for (const path of ['/api/v1/accounts', '/api/v1/deals']) {
      expect(spec.paths[path]?.get?.parameters?.map((p) => p.name).sort()).toEqual(['limit', 'search']);
    }
  });
});
