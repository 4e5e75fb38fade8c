import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv } from '../../test/support/import-fixtures.ts';
import { fetchAs } from '../../test/support/raw-http.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import { liveEvents } from '../../test/support/upload-client.ts';
import type { ApiError, Dashboard, LiveEvent } from '../core/contracts/api.ts';
import type { KpiReport } from '../core/kpis/report.ts';
import { bumpDataVersion } from '../db/org-repo.ts';
import type { ImportResult } from '../importer/run-import.ts';

/** A multipart body as a browser's FormData makes it. */
async function multipart(
  files: Record<string, string>,
): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [name, text] of Object.entries(files)) form.append('files', new Blob([text]), name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type')! },
  };
}

const BROKEN_DEALS = csv(
  ['id', 'created_at', 'status', 'owner_rep_id', 'closed_at', 'amount'],
  ['DX1', '2026-01-05', 'won', 'R01', '2026-01-10', '100.00'],
  ['DX2', '2026-01-05', 'won', 'R404', '2026-01-10', '100.00'],
  ['DX3', '2026-01-05', 'won', 'R01', '', '100.00'],
);
const NEW_LEADS = csv(
  ['id', 'created_at', 'owner_rep_id', 'source'],
  ['LX1', '2026-02-03', 'R01', 'webinar'],
);

describe.each(DIALECTS)('import upload and live events on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { pollMs: 100 });
  });
  afterAll(() => t.dispose());

  const upload = async (files: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/imports?wait=true', ...(await multipart(files)) });

  it('a broken file is refused with 422 naming file, line and column, and nothing changes', async () => {
    const before = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q1');
    const versionBefore = (await t.org()).data_version;
    const response = await upload({ 'deals.csv': BROKEN_DEALS, 'notes.txt': 'hello' });
    expect(response.statusCode).toBe(422);
    const body = response.json<ImportResult & ApiError>();
    expect(body).toMatchObject({ ok: false, error: 'import_refused', errorCount: 2 });
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'deals.csv', line: 3, column: 'owner_rep_id' }),
        expect.objectContaining({ file: 'deals.csv', line: 4, column: 'closed_at' }),
      ]),
    );
    expect(body.warnings).toContainEqual(expect.objectContaining({ file: 'notes.txt' }));
    expect((await t.org()).data_version).toBe(versionBefore);
    t.app.udn.cache.clear();
    expect(await t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q1')).toEqual(before);
  });

  it('a good upload is imported (200), bumps the data version and shows in the KPIs and the history', async () => {
    const before = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q1');
    const versionBefore = (await t.org()).data_version;
    const response = await upload({ 'leads.csv': NEW_LEADS });
    expect(response.statusCode).toBe(200);
    const result = response.json<ImportResult>();
    expect(result).toMatchObject({ ok: true, dataVersion: versionBefore + 1 });
    const after = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q1');
    expect(after.org.new_leads).toBe(before.org.new_leads! + 1);
    const history = await t.getJson<{ id: number; source: string; status: string }[]>('/api/v1/imports');
    expect(history[0]).toMatchObject({ id: result.importId, source: 'upload', status: 'succeeded' });
    expect(history[1]).toMatchObject({ source: 'upload', status: 'failed' });
  });

  it('refuses what is not a multipart upload (415)', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/imports', payload: { a: 1 } });
    expect(response.statusCode).toBe(415);
    expect(response.json<ApiError>().field).toBe('files');
  });

  it('a file over the size limit gets a clear 413 and nothing is imported', async () => {
    const small = await createTestApp(dialect, { empty: true, uploadLimitBytes: 64 });
    try {
      const response = await small.app.inject({
        method: 'POST',
        url: '/api/v1/imports?wait=true',
        ...(await multipart({ 'leads.csv': NEW_LEADS.repeat(4) })),
      });
      expect(response.statusCode).toBe(413);
      expect(response.json<ApiError>()).toMatchObject({ error: 'payload_too_large', field: 'files' });
      expect(response.json<ApiError>().message).toMatch(/leads\.csv is larger than the upload limit/);
      expect((await small.getJson<{ hasData: boolean }>('/api/v1/org')).hasData).toBe(false);
    } finally {
      await small.dispose();
    }
  });

  it('the SSE stream tells open pages about uploads, other writers and dashboard saves', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const events = await liveEvents(base);
    expect(events.contentType).toMatch(/^text\/event-stream/);
    const nextEvent = () => events.next(5000);
    const within = <T>(promise: Promise<T>, ms = 5000) =>
      Promise.race([
        promise,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms)),
      ]);

    // An upload through the API.
    const form = await multipart({ 'leads.csv': csv(['id', 'created_at'], ['LX2', '2026-02-04']) });
    const uploaded = await fetchAs(`${base}/api/v1/imports?wait=true`, {
      method: 'POST',
      headers: form.headers,
      body: new Uint8Array(form.payload),
    });
    const { dataVersion, importId } = (await uploaded.json()) as ImportResult;
    // The job's progress (the last, of the whole file), then data-changed, then its end.
    const heard: LiveEvent[] = [];
    while (heard.at(-1)?.type !== 'import-finished') heard.push(await nextEvent());
    expect(heard.at(-3)).toEqual({
      type: 'import-progress',
      importId,
      progress: { file: 'leads.csv', bytes: 29, totalBytes: 29, rows: 1 },
    });
    expect(heard.slice(-2)).toEqual([
      { type: 'data-changed', dataVersion },
      { type: 'import-finished', importId, status: 'succeeded', changed: true, dataVersion },
    ]);

    // Another process (here: a write the server did not make) is found by polling.
    const bumped = await bumpDataVersion(t.store.db, (await t.org()).id);
    expect(await nextEvent()).toEqual({ type: 'data-changed', dataVersion: bumped });

    // A dashboard save.
    const [dashboard] = (await (await fetchAs(`${base}/api/v1/dashboards`)).json()) as Dashboard[];
    await fetchAs(`${base}/api/v1/dashboards/${dashboard!.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Renamed', version: dashboard!.version }),
    });
    expect(await nextEvent()).toEqual({
      type: 'dashboard-changed',
      dashboardId: dashboard!.id,
      version: dashboard!.version + 1,
    });

    // A closed page is forgotten.
    expect(t.app.udn.live.size).toBe(1);
    await events.close();
    await within(
      (async () => {
        while (t.app.udn.live.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      })(),
    );
  });
});
