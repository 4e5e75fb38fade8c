import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchFiles } from '../../bench/generate-data.ts';
import { snapshotStore } from '../../test/support/store-snapshot.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import { directoryFiles, liveEvents, multipartOf, postRaw } from '../../test/support/upload-client.ts';
import type { ApiError, LiveEvent } from '../core/contracts/api.ts';
import type { ImportHistoryEntry, ImportJob } from '../core/contracts/imports.ts';

/** Large enough that an import runs for seconds: the second upload and the cancel arrive while it runs. */
const DEALS = 20_000;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-jobs-test-'));
  await writeBenchFiles(dataDir, { deals: DEALS });
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe.each(DIALECTS)('import jobs on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let uploads: string;
  beforeAll(async () => {
    uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-jobs-uploads-'));
    t = await createTestApp(dialect, { pollMs: 100, uploadDir: uploads });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, 60_000);
  afterAll(async () => {
    await t.dispose();
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  it('runs one import per organisation: a second upload is 409 naming it; a cancelled one writes nothing', async () => {
    const before = await snapshotStore(t.store);
    const live = await liveEvents(base);
    try {
      const form = await multipartOf(directoryFiles(dataDir, ['org.json']));
      const started = await postRaw(`${base}/api/v1/imports`, form.body, form.contentType);
      expect(started.status, started.body).toBe(202);
      const job = JSON.parse(started.body) as ImportJob;
      expect(job).toMatchObject({ source: 'upload', status: 'running', finishedAt: null, result: null });
      expect(started.headers.location).toBe(`/api/v1/imports/${job.id}`);

      // Its progress, on the live stream and from GET.
      const heard = await live.until((e) => e.type === 'import-progress');
      const progress = heard.find((e) => e.type === 'import-progress')!;
      expect(progress).toMatchObject({ importId: job.id, progress: { file: 'reps.csv' } });
      const polled = await t.getJson<ImportJob>(`/api/v1/imports/${job.id}`);
      expect(polled).toMatchObject({ id: job.id, status: 'running' });
      expect(polled.progress?.rows).toBeGreaterThan(0);

      // A second upload while it runs: refused before its body is read, naming the running import.
      const second = await multipartOf({ 'leads.csv': 'id,created_at\nLQ1,2026-02-03\n' });
      const refused = await postRaw(`${base}/api/v1/imports?wait=true`, second.body, second.contentType);
      expect(refused.status).toBe(409);
      const error = JSON.parse(refused.body) as ApiError;
      expect(error).toMatchObject({
        error: 'import_running',
        params: { entity: 'import', id: job.id, source: 'upload' },
      });

      // Cancelled: the job ends cancelled and the store is as it was.
      const cancelled = await t.app.inject({ method: 'DELETE', url: `/api/v1/imports/${job.id}` });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json<ImportJob>()).toMatchObject({ id: job.id, status: 'cancelled', result: null });
      const end = (await live.until((e) => e.type === 'import-finished')).at(-1);
      expect(end).toEqual({
        type: 'import-finished',
        importId: job.id,
        status: 'cancelled',
        changed: false,
        dataVersion: null,
      } satisfies LiveEvent);
      expect(await snapshotStore(t.store)).toEqual(before);
      const [entry] = await t.getJson<ImportHistoryEntry[]>('/api/v1/imports?limit=1');
      expect(entry).toMatchObject({ id: job.id, status: 'cancelled', changed: false });
      expect(fs.readdirSync(uploads)).toEqual([]);

      // Ended: it cannot be cancelled again.
      const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/imports/${job.id}` });
      expect(again.statusCode).toBe(409);
    } finally {
      await live.close();
    }
  }, 120_000);

  it('a small upload runs to the end as a job: GET gives its result, the history says succeeded', async () => {
    const versionBefore = (await t.org()).data_version;
    const form = await multipartOf({ 'leads.csv': 'id,created_at\nLJ1,2026-02-03\nLJ2,2026-02-04\n' });
    const started = await postRaw(`${base}/api/v1/imports`, form.body, form.contentType);
    expect(started.status).toBe(202);
    const { id } = JSON.parse(started.body) as ImportJob;
    let job = await t.getJson<ImportJob>(`/api/v1/imports/${id}`);
    for (let i = 0; job.status === 'running' && i < 600; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = await t.getJson<ImportJob>(`/api/v1/imports/${id}`);
    }
    expect(job).toMatchObject({ id, status: 'succeeded', progress: { file: 'leads.csv', rows: 2 } });
    expect(job.result).toMatchObject({
      ok: true,
      importId: id,
      changed: true,
      dataVersion: versionBefore + 1,
    });
    expect((await t.org()).data_version).toBe(versionBefore + 1);
    expect(await t.getJson<ImportHistoryEntry[]>('/api/v1/imports?limit=1')).toMatchObject([
      { id, status: 'succeeded', changed: true },
    ]);
  }, 60_000);

  it('an unknown import is 404; the encoding field is read, and refused after the files', async () => {
    expect((await t.app.inject({ url: '/api/v1/imports/999999' })).statusCode).toBe(404);
    const form = new FormData();
    form.append('files', new Blob(['id,created_at\nLE1,2026-02-03\n']), 'leads.csv');
    form.append('encoding', 'latin1');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const body = Buffer.from(await request.arrayBuffer());
    const refused = await postRaw(
      `${base}/api/v1/imports?wait=true`,
      body,
      request.headers.get('content-type')!,
    );
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toMatchObject({ field: 'encoding' });
    const unknown = await multipartOf({ 'leads.csv': 'id,created_at\n' }, { encoding: 'ebcdic' });
    const bad = await postRaw(`${base}/api/v1/imports?wait=true`, unknown.body, unknown.contentType);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ field: 'encoding' });
    const declared = await multipartOf(
      { 'leads.csv': 'id,created_at\nLE2,2026-02-03\n' },
      { encoding: 'utf-8' },
    );
    expect(
      (await postRaw(`${base}/api/v1/imports?wait=true`, declared.body, declared.contentType)).status,
    ).toBe(200);
    // Refused uploads leave no running import and no upload directory behind.
    expect(fs.readdirSync(uploads)).toEqual([]);
    expect(
      (await t.getJson<ImportHistoryEntry[]>('/api/v1/imports')).some((e) => e.status === 'running'),
    ).toBe(false);
  }, 60_000);
});
