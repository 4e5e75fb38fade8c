import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { SourceItem, SourceRun } from '../core/contracts/sources.ts';

const REPS = 'id,name,email,team,started_on,ended_on\nR90,Rep Ninety,rep90@example.com,Jakarta,2025-01-13,\n';

/** A sheet host whose answer the test picks per path: a CSV with an ETag, a 500, or nothing at all. */
function sheetHost() {
  const server = http.createServer((request, response) => {
    if (request.url === '/hang.csv') return;
    if (request.url === '/broken.csv') {
      response.writeHead(500, 'Internal Server Error').end();
      return;
    }
    if (request.headers['if-none-match'] === '"v1"') {
      response.writeHead(304).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/csv', etag: '"v1"' }).end(REPS);
  });
  return {
    server,
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.each(DIALECTS)('sources API on %s', (dialect) => {
  let t: TestApp;
  const host = sheetHost();
  let base = '';

  beforeAll(async () => {
    base = await host.start();
    t = await createTestApp(dialect, { sources: { retryDelaysMs: [150], timeoutMs: 1500 } });
  });
  afterAll(async () => {
    await t.dispose();
    await host.stop();
  });

  const post = (url: string, payload?: Record<string, unknown>) =>
    t.app.inject(payload === undefined ? { method: 'POST', url } : { method: 'POST', url, payload });

  it('refuses an invalid cron with a 400 naming schedule, and a bad URL naming location', async () => {
    const cron = await post('/api/v1/sources', {
      name: 'bad cron',
      kind: 'url',
      location: `${base}/reps.csv`,
      schedule: '0 25 * * *',
    });
    expect(cron.statusCode).toBe(400);
    expect(cron.json()).toMatchObject({ error: 'bad_request', field: 'schedule' });
    expect(cron.json().message).toMatch(/^schedule: "0 25 \* \* \*" is not a valid cron schedule: /);
    const url = await post('/api/v1/sources', {
      name: 'bad url',
      kind: 'url',
      location: 'ftp://example.com/x.csv',
      schedule: '0 6 * * *',
    });
    expect(url.statusCode).toBe(400);
    expect(url.json()).toMatchObject({ field: 'location' });
    const folder = await post('/api/v1/sources', {
      name: 'folder',
      kind: 'folder',
      location: '/tmp',
      schedule: '0 6 * * *',
    });
    expect(folder.statusCode).toBe(400);
    expect(folder.json().message).toMatch(/UDN_SOURCE_FOLDERS/);
  });

  it('adds a source, runs it now into the import history, skips it unchanged, and logs its runs', async () => {
    const created = await post('/api/v1/sources', {
      name: 'Pipeline sheet',
      kind: 'url',
      location: `${base}/reps.csv`,
      headerName: 'X-Api-Key',
      headerValue: 'k-0123456789abcdef',
      schedule: '0 6 * * 1-5',
    });
    expect(created.statusCode, created.body).toBe(201);
    const source = created.json<SourceItem>();
    expect(source.header).toEqual({ name: 'X-Api-Key', value: '••••cdef' });
    expect(created.body).not.toContain('0123456789');
    expect(source.nextRunAt).not.toBeNull();
    expect(source.timeZone).toBe((await t.org()).timezone);

    const run = await post(`/api/v1/sources/${source.id}/run?wait=true`);
    expect(run.statusCode, run.body).toBe(200);
    const first = run.json<SourceRun>();
    expect(first).toMatchObject({ status: 'succeeded', trigger: 'manual' });
    expect(first.importId).not.toBeNull();
    const history = await t.getJson<{ id: number; source: string; status: string }[]>('/api/v1/imports');
    expect(history.find((i) => i.id === first.importId)).toMatchObject({
      source: 'source:Pipeline sheet',
      status: 'succeeded',
    });
    const rep = await t.store.db.selectFrom('reps').select('name').where('id', '=', 'R90').executeTakeFirst();
    expect(rep?.name).toBe('Rep Ninety');

    const again = (await post(`/api/v1/sources/${source.id}/run?wait=true`)).json<SourceRun>();
    expect(again.status).toBe('skipped');
    const { runs } = await t.getJson<{ runs: SourceRun[] }>(`/api/v1/sources/${source.id}/runs`);
    expect(runs.map((r) => r.status)).toEqual(['skipped', 'succeeded']);
    const listed = await t.getJson<{ sources: SourceItem[] }>('/api/v1/sources');
    expect(listed.sources.find((s) => s.id === source.id)).toMatchObject({
      lastStatus: 'skipped',
      failures: 0,
    });

    const audit = await t.store.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('kind', '=', 'import')
      .where('subject', '=', 'Pipeline sheet')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['created', 'run', 'run']);
  });

  it('fires a source on its per-second schedule in the server: the import appears in the history', async () => {
    const created = await post('/api/v1/sources', {
      name: 'ticker',
      kind: 'url',
      location: `${base}/ticker.csv`,
      schedule: '* * * * * *',
    });
    expect(created.statusCode, created.body).toBe(201);
    const source = created.json<SourceItem>();
    await expect
      .poll(
        async () =>
          (await t.getJson<{ source: string; status: string }[]>('/api/v1/imports')).filter(
            (i) => i.source === 'source:ticker',
          ),
        { timeout: 15_000, interval: 200 },
      )
      .toEqual([expect.objectContaining({ status: 'succeeded' })]);
    const off = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/sources/${source.id}`,
      payload: { enabled: false },
    });
    expect(off.json<SourceItem>()).toMatchObject({ enabled: false, nextRunAt: null });
    const { runs } = await t.getJson<{ runs: SourceRun[] }>(`/api/v1/sources/${source.id}/runs`);
    expect(runs.every((r) => r.trigger === 'schedule')).toBe(true);
    expect(runs.at(-1)?.status).toBe('succeeded');
  });

  it('answers 409 to a second run while one runs, and keeps serving while a run hangs', async () => {
    const source = (
      await post('/api/v1/sources', {
        name: 'slow',
        kind: 'url',
        location: `${base}/hang.csv`,
        schedule: '0 6 * * *',
      })
    ).json<SourceItem>();
    const first = await post(`/api/v1/sources/${source.id}/run`);
    expect(first.statusCode).toBe(202);
    const second = await post(`/api/v1/sources/${source.id}/run`);
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toMatch(/"slow" is running now/);
    const listed = await t.getJson<SourceItem>(`/api/v1/sources/${source.id}`);
    expect(listed.running).toBe(true);
    await expect
      .poll(
        async () =>
          (await t.getJson<{ runs: SourceRun[] }>(`/api/v1/sources/${source.id}/runs`)).runs[0]?.status,
        {
          timeout: 10_000,
        },
      )
      .toBe('retrying');
    const { runs } = await t.getJson<{ runs: SourceRun[] }>(`/api/v1/sources/${source.id}/runs`);
    expect(runs[0]?.message).toMatch(/did not answer within 1.5 s/);
    await t.app.inject({ method: 'PATCH', url: `/api/v1/sources/${source.id}`, payload: { enabled: false } });
  });

  it('retries a failing source with back-off, shows it failed to admins, and writes nothing', async () => {
    const before = await t.store.db.selectFrom('imports').select('id').execute();
    const source = (
      await post('/api/v1/sources', {
        name: 'broken',
        kind: 'url',
        location: `${base}/broken.csv`,
        schedule: '0 6 * * *',
      })
    ).json<SourceItem>();
    const run = (await post(`/api/v1/sources/${source.id}/run?wait=true`)).json<SourceRun>();
    expect(run.status).toBe('retrying');
    expect(run.message).toMatch(/answered 500 Internal Server Error \(try 1 of 2; next at /);
    await expect
      .poll(
        async () =>
          (await t.getJson<{ runs: SourceRun[] }>(`/api/v1/sources/${source.id}/runs`)).runs.map(
            (r) => `${r.trigger}:${r.status}`,
          ),
        { timeout: 10_000 },
      )
      .toEqual(['retry:failed', 'manual:retrying']);
    const item = await t.getJson<SourceItem>(`/api/v1/sources/${source.id}`);
    expect(item).toMatchObject({ lastStatus: 'failed', failures: 2 });
    expect(item.lastMessage).toMatch(/giving up until the next scheduled run/);
    expect(await t.store.db.selectFrom('imports').select('id').execute()).toEqual(before);
  });

  it('changes and removes a source; other roles are refused', async () => {
    const source = (
      await post('/api/v1/sources', {
        name: 'to change',
        kind: 'url',
        location: `${base}/reps.csv`,
        schedule: '0 6 * * *',
      })
    ).json<SourceItem>();
    const badPatch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/sources/${source.id}`,
      payload: { schedule: 'every day' },
    });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().field).toBe('schedule');
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/sources/${source.id}`,
      payload: { schedule: '30 7 * * 1', snapshot: ['reps'] },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<SourceItem>()).toMatchObject({ schedule: '30 7 * * 1', snapshot: ['reps'] });
    const duplicate = await post('/api/v1/sources', {
      name: 'to change',
      kind: 'url',
      location: `${base}/reps.csv`,
      schedule: '0 6 * * *',
    });
    expect(duplicate.statusCode).toBe(409);

    const viewer = await addTestPerson(t.store, await t.org(), 'viewer');
    const refused = await t.app.inject({ url: '/api/v1/sources', headers: viewer.headers });
    expect(refused.statusCode).toBe(403);

    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/sources/${source.id}` });
    expect(removed.statusCode).toBe(204);
    await t.getJson(`/api/v1/sources/${source.id}`, 404);
  });
});
