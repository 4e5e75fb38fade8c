import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listenLive } from '../../../test/support/live-listener.ts';
import { expectRollupMatchesRebuild } from '../../../test/support/rollup-check.ts';
import { snapshotStore } from '../../../test/support/store-snapshot.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { addTestPerson } from '../../../test/support/test-people.ts';
import { DIALECTS } from '../../../test/support/test-stores.ts';
import type { KpiReport } from '../../core/kpis/report.ts';
import { finishImportRecord, startImportRecord } from '../../db/imports-repo.ts';

const MARCH = '/api/v1/kpis?from=2026-03-01&to=2026-03-31';

/** A won deal of R01 closed in March 2026 (midday in Jakarta). */
const wonDeal = (id: string, amount: number | string | null) => ({
  id,
  name: `Pushed ${id}`,
  owner_rep_id: 'R01',
  created_at: '2026-03-02T03:00:00Z',
  closed_at: '2026-03-15T05:00:00Z',
  status: 'won',
  amount,
  units: 2,
});

describe.each(DIALECTS)('POST /api/v1/records/{table} on %s', (dialect) => {
  let t: TestApp;
  const push = (table: string, body: unknown, headers?: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/records/${table}`,
      payload: body as object,
      ...(headers ? { headers } : {}),
    });
  const revenue = async () => (await t.getJson<KpiReport>(MARCH)).org.revenue ?? 0;

  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(() => t.dispose());

  it('inserts, updates and deletes deals; the KPI report and the rollup follow; the history says api', async () => {
    const before = await revenue();
    const inserted = await push('deals', { upsert: [wonDeal('P1', 1000), wonDeal('P2', 234.5)] });
    expect(inserted.statusCode, inserted.body).toBe(200);
    expect(inserted.json()).toMatchObject({
      table: 'deals',
      inserted: 2,
      updated: 0,
      unchanged: 0,
      removed: 0,
      changed: true,
    });
    expect(await revenue()).toBeCloseTo(before + 1234.5, 6);

    const updated = await push('deals', { upsert: [wonDeal('P1', 1000), wonDeal('P2', 500)] });
    expect(updated.json()).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, removed: 0 });
    expect(await revenue()).toBeCloseTo(before + 1500, 6);

    const deleted = await push('deals', { delete: ['P1', 'never-stored'] });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json()).toMatchObject({ inserted: 0, updated: 0, removed: 1, changed: true });
    expect(await revenue()).toBeCloseTo(before + 500, 6);
    await expectRollupMatchesRebuild(t.store);

    const history =
      await t.getJson<{ id: number; source: string; files: { removed?: number }[] }[]>('/api/v1/imports');
    expect(history.slice(0, 3).map((h) => h.source)).toEqual(['api', 'api', 'api']);
    expect(history[0]!.id).toBe(deleted.json<{ importId: number }>().importId);
    expect(history[0]!.files).toEqual([
      { file: 'deals.csv', rows: 0, inserted: 0, updated: 0, unchanged: 0, removed: 1 },
    ]);
    const audit = await t.store.db
      .selectFrom('audit_log')
      .select(['kind', 'action', 'summary'])
      .where('subject', '=', String(history[0]!.id))
      .execute();
    expect(audit).toEqual([
      {
        kind: 'import',
        action: 'succeeded',
        summary: `push #${history[0]!.id} to deals: 0 rows inserted, 0 updated, 1 removed`,
      },
    ]);
  });

  it('refuses a batch with a bad row as a whole, naming upsert[i].field with the file messages', async () => {
    const before = await snapshotStore(t.store);
    const response = await push('deals', {
      upsert: [
        wonDeal('P1', 100),
        wonDeal('P2', null),
        { ...wonDeal('P3', 'abc'), name: 'two\nlines' },
        { ...wonDeal('P4', 5), status: 'Closed Won' },
        wonDeal('P1', 7),
      ],
    });
    expect(response.statusCode).toBe(422);
    const body = response.json<{
      errors: { field: string; message: string }[];
      errorCount: number;
      importId: number;
    }>();
    expect(body.errors).toEqual([
      { field: 'upsert[1].amount', message: 'a won deal needs an amount' },
      // A line break in a value is refused as in a file, and the rows after it still name their index.
      {
        field: 'upsert[2].name',
        message: 'holds a line break (\\x0A) after "two": control characters are not allowed',
      },
      {
        field: 'upsert[2].amount',
        message: '"abc" is not a non-negative decimal amount (use . as decimal point)',
      },
      { field: 'upsert[3].status', message: '"Closed Won" is not open, won or lost' },
      { field: 'upsert[4].id', message: 'duplicate id "P1": first given in upsert[0]' },
    ]);
    expect(body.errorCount).toBe(5);
    expect(await snapshotStore(t.store)).toEqual(before);
    const history = await t.getJson<{ id: number; source: string; status: string }[]>('/api/v1/imports');
    expect(history[0]).toMatchObject({ id: body.importId, source: 'api', status: 'failed' });
  });

  it('refuses malformed batches before importing: unknown fields, bad values, both kept and deleted', async () => {
    const response = await push('deals', {
      upsert: [
        { ...wonDeal('P1', 1), colour: 'red' },
        { ...wonDeal('P2', 1), units: { n: 2 } },
      ],
      delete: ['P1', 17, null],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json<{ errors: unknown[] }>().errors).toEqual([
      { field: 'upsert[0].colour', message: expect.stringContaining('is not a field of deals') },
      { field: 'upsert[1].units', message: 'must be a string, a number, true, false or null' },
      { field: 'delete[0]', message: '"P1" is also in upsert: a row is kept or removed, not both' },
      { field: 'delete[2]', message: 'must be the id of a stored row of deals' },
    ]);
    const empty = await push('deals', {});
    expect(empty.statusCode).toBe(422);
    const tooMany = await push('emails', { delete: Array.from({ length: 10_001 }, (_, i) => `E${i}`) });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json<{ errors: { message: string }[] }>().errors[0]!.message).toContain(
      'at most 10000 rows',
    );
  });

  it('refuses to delete a rep that kept deals name; deletes spend and targets by their keys', async () => {
    const refused = await push('reps', { delete: ['R01'] });
    expect(refused.statusCode).toBe(422);
    const error = refused.json<{ errors: { field: string; message: string }[] }>().errors[0]!;
    expect(error.field).toBe('delete');
    expect(error.message).toMatch(
      /^rep "R01" cannot be removed: kept rows still refer to it: account "A\d+" \(owner_rep_id\)/,
    );

    // A rep no row names goes; one a member is stays.
    expect(
      (
        await push('reps', {
          upsert: [
            { id: 'R98', name: 'Temp' },
            { id: 'R99', name: 'Member' },
          ],
        })
      ).statusCode,
    ).toBe(200);
    const member = await addTestPerson(t.store, await t.org(), 'rep', { repId: 'R99' });
    const kept = await push('reps', { delete: ['R99'] });
    expect(kept.json<{ errors: { message: string }[] }>().errors[0]!.message).toBe(
      `rep "R99" cannot be removed: kept rows still refer to it: member "${member.user.email}" (rep_id); remove them in the same import or keep the rep`,
    );
    expect((await push('reps', { delete: ['R98'] })).json()).toMatchObject({ removed: 1 });

    const added = await push('spend', {
      upsert: [
        { date: '2026-03-03', category: 'tools', amount: 40, note: 'CRM seats' },
        { date: '2026-03-03', category: 'tools', amount: 10, note: 'CRM seats' },
      ],
    });
    expect(added.json()).toMatchObject({ inserted: 2 });
    const removed = await push('spend', {
      delete: [{ date: '2026-03-03', category: 'tools', note: 'CRM seats', seq: 2 }],
    });
    expect(removed.json()).toMatchObject({ removed: 1 });
    const left = await t.store.db
      .selectFrom('spend')
      .select(['amount', 'seq'])
      .where('note', '=', 'CRM seats')
      .execute();
    expect(left.map((r) => [Number(r.amount), Number(r.seq)])).toEqual([[4000, 1]]);

    const target = { scope: 'org', metric: 'revenue', period_start: '2030-01-01', period_end: '2030-12-31' };
    expect((await push('targets', { upsert: [{ ...target, value: 1000 }] })).json()).toMatchObject({
      inserted: 1,
    });
    expect((await push('targets', { delete: [target] })).json()).toMatchObject({ removed: 1 });
    const badKey = await push('targets', { delete: [{ scope: 'org' }] });
    expect(badKey.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
      'delete[0].metric',
      'delete[0].period_start',
      'delete[0].period_end',
    ]);
  });

  it('takes an admin token; refuses a viewer, a rep, a read-scoped admin token and no credentials', async () => {
    const org = await t.org();
    const admin = await addTestPerson(t.store, org, 'admin');
    const ok = await push('deals', { upsert: [wonDeal('P1', 10)] }, admin.headers);
    expect(ok.statusCode, ok.body).toBe(200);
    for (const person of [
      await addTestPerson(t.store, org, 'viewer'),
      await addTestPerson(t.store, org, 'rep', { repId: 'R01' }),
      await addTestPerson(t.store, org, 'admin', { scope: 'read' }),
    ]) {
      const refused = await push('deals', { upsert: [wonDeal('P2', 10)] }, person.headers);
      expect(refused.statusCode, `${person.role}: ${refused.body}`).toBe(403);
    }
    const anonymous = await push(
      'deals',
      { upsert: [wonDeal('P2', 10)] },
      { authorization: 'Bearer udn_pat_nope' },
    );
    expect(anonymous.statusCode).toBe(401);
    expect(
      await t.store.db.selectFrom('deals').select('id').where('id', '=', 'P2').executeTakeFirst(),
    ).toBeUndefined();
  });

  it('answers 409 with Retry-After while another import of the organisation runs', async () => {
    const org = await t.org();
    const running = await startImportRecord(t.store.db, org.id, 'cli', Date.now());
    const busy = await push('deals', { upsert: [wonDeal('P1', 10)] });
    expect(busy.statusCode).toBe(409);
    expect(busy.headers['retry-after']).toBe('5');
    expect(busy.json<{ message: string }>().message).toContain(`import #${running}`);
    await finishImportRecord(t.store.db, running, {
      orgId: org.id,
      status: 'succeeded',
      fileNames: [],
      summary: [],
      errors: [],
      errorCount: 0,
      errorGroups: [],
    });
    expect((await push('deals', { upsert: [wonDeal('P1', 10)] })).statusCode).toBe(200);
  });

  it('reaches an open dashboard: data-changed, then the KPI report shows the pushed revenue', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const listener = await listenLive(address, t.owner.headers);
    try {
      const before = await revenue();
      const from = listener.heard.length;
      const response = await fetch(`${address}/api/v1/records/deals`, {
        method: 'POST',
        headers: { ...t.owner.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ upsert: [wonDeal('P9', 4321)] }),
      });
      expect(response.status).toBe(200);
      const { dataVersion } = (await response.json()) as { dataVersion: number };
      const heard = await listener.until((e) => e.type === 'data-changed', { from });
      expect(heard.event).toEqual({ type: 'data-changed', dataVersion });
      const page = (await (
        await fetch(`${address}${MARCH}`, { headers: t.owner.headers })
      ).json()) as KpiReport;
      expect(page.org.revenue).toBeCloseTo(before + 4321, 6);
    } finally {
      await listener.close();
    }
  });

  it('is in the OpenAPI document with an example', async () => {
    const spec = await t.getJson<{ paths: Record<string, { post?: { requestBody?: unknown } }> }>(
      '/api/openapi.json',
    );
    const post = spec.paths['/api/v1/records/{table}']?.post;
    expect(JSON.stringify(post?.requestBody)).toContain('hs-18734');
  });
});
