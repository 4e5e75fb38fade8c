import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { mappingSchema } from '../../core/contracts/mapping.ts';
import { openStore } from '../../db/database.ts';
import { deleteSavedMapping, saveMapping } from '../../db/import-mappings-repo.ts';
import {
  findSource,
  INTERRUPTED_RUN_MESSAGE,
  listSourceRuns,
  startSourceRun,
} from '../../db/import-sources-repo.ts';
import { createOrg } from '../../db/org-repo.ts';
import { runSource, sourceLimitsFromEnv } from './run-source.ts';
import { SourceScheduler } from './source-scheduler.ts';
import { createSource } from './sources-service.ts';

const REPS_V1 = 'id,name,email,team,started_on,ended_on\nR01,Rep 1,rep1@example.com,Jakarta,2025-01-13,\n';
const REPS_V2 = `${REPS_V1}R02,Rep 2,rep2@example.com,Surabaya,2025-05-06,\n`;

/** A file server as a sheet host is: an ETag per body, 304 to a matching If-None-Match. */
class SheetHost {
  body = REPS_V1;
  mode: 'csv' | 'html' | 'html-as-csv' | 'error' | 'hang' = 'csv';
  requests = 0;
  authorization: string | undefined;
  readonly server = http.createServer((request, response) => {
    this.requests++;
    this.authorization = request.headers.authorization;
    if (this.mode === 'hang') return; // never answers
    if (this.mode === 'error') {
      response.writeHead(500, 'Internal Server Error').end('boom');
      return;
    }
    if (this.mode === 'html') {
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!DOCTYPE html><html>sign in</html>');
      return;
    }
    if (this.mode === 'html-as-csv') {
      response
        .writeHead(200, { 'content-type': 'text/csv' })
        .end(
          `<!doctype html>\n<html><head><title>Sheet</title></head><body>${'x'.repeat(100)}</body></html>`,
        );
      return;
    }
    if (request.url === '/moved') {
      response.writeHead(302, { location: '/reps.csv' }).end();
      return;
    }
    const etag = `"${createHash('sha256').update(this.body).digest('hex').slice(0, 16)}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/csv', etag }).end(this.body);
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

async function repCount(store: TestStore, orgId: number): Promise<number> {
  const row = await store.db
    .selectFrom('reps')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(DIALECTS)('scheduled source runs on %s', (dialect) => {
  let store: TestStore;
  let host: SheetHost;
  let orgId: number;

  beforeAll(async () => {
    store = await createTestStore(dialect);
    orgId = (await createOrg(store.db, { name: 'Acme' }, 'acme')).id;
    host = new SheetHost();
    await host.start();
  });
  afterAll(async () => {
    await host.stop();
    await store.dispose();
  });

  it('imports a URL, skips it unchanged (304), imports a changed body again', async () => {
    host.mode = 'csv';
    host.body = REPS_V1;
    const source = await createSource(store, orgId, {
      name: 'sheet',
      kind: 'url',
      location: `${host.url}/moved`,
      headerName: 'Authorization',
      headerValue: 'Bearer secret-token-1234',
      schedule: '0 6 * * 1-5',
    });
    expect(source.header).toEqual({ name: 'Authorization', value: '••••1234' });
    expect(JSON.stringify(source)).not.toContain('secret-token');

    const first = await runSource(store, source.id, { trigger: 'manual' });
    expect(first.ran && first.end.status).toBe('succeeded');
    expect(host.authorization).toBe('Bearer secret-token-1234');
    expect(await repCount(store, orgId)).toBe(1);
    const history = await store.db
      .selectFrom('imports')
      .select(['source', 'status'])
      .where('org_id', '=', orgId)
      .execute();
    expect(history).toEqual([{ source: 'source:sheet', status: 'succeeded' }]);

    const second = await runSource(store, source.id, { trigger: 'manual' });
    expect(second.ran && second.end.status).toBe('skipped');
    expect(second.ran && second.end.message).toMatch(/304/);
    expect(second.ran && second.end.importId).toBeNull();

    host.body = REPS_V2;
    const third = await runSource(store, source.id, { trigger: 'manual' });
    expect(third.ran && third.end.status).toBe('succeeded');
    expect(await repCount(store, orgId)).toBe(2);
    const imports = await store.db.selectFrom('imports').select('id').where('org_id', '=', orgId).execute();
    expect(imports).toHaveLength(2);

    const runs = await listSourceRuns(store.db, orgId, source.id);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'skipped', 'succeeded']);
    expect(runs[0]?.bytes).toBe(Buffer.byteLength(REPS_V2));
  });

  it('refuses HTML, a 500 and a timeout, naming the reason, writing nothing, with back-off', async () => {
    host.mode = 'csv';
    const source = await createSource(store, orgId, {
      name: 'broken',
      kind: 'url',
      location: `${host.url}/reps.csv`,
      schedule: '0 6 * * *',
    });
    const before = await repCount(store, orgId);
    const delays = [60_000, 300_000];
    let clock = 1_000_000;
    const now = () => clock;

    host.mode = 'html';
    const html = await runSource(store, source.id, { trigger: 'schedule', retryDelaysMs: delays, now });
    expect(html.ran && html.end.status).toBe('retrying');
    expect(html.ran && html.end.message).toContain(
      'returned an HTML page, not a CSV/XLSX: is the sheet published as CSV?',
    );
    expect(html.ran && html.end.retryAt).toBe(clock + 60_000);

    host.mode = 'error';
    clock += 60_000;
    const error = await runSource(store, source.id, { trigger: 'retry', retryDelaysMs: delays, now });
    expect(error.ran && error.end.status).toBe('retrying');
    expect(error.ran && error.end.message).toMatch(/answered 500 Internal Server Error/);
    expect(error.ran && error.end.retryAt).toBe(clock + 300_000);

    host.mode = 'hang';
    const hang = await runSource(store, source.id, {
      trigger: 'retry',
      retryDelaysMs: delays,
      now,
      timeoutMs: 300,
    });
    expect(hang.ran && hang.end.status).toBe('failed');
    expect(hang.ran && hang.end.message).toMatch(/did not answer within 0.3 s/);
    expect(hang.ran && hang.end.message).toMatch(/try 3 of 3; giving up/);
    expect(hang.ran && hang.end.retryAt).toBeNull();

    host.mode = 'html-as-csv';
    const sniffed = await runSource(store, source.id, { trigger: 'schedule', retryDelaysMs: [] });
    expect(sniffed.ran && sniffed.end.status).toBe('failed');
    expect(sniffed.ran && sniffed.end.message).toMatch(/returned an HTML page/);

    expect(await repCount(store, orgId)).toBe(before);
    const row = await findSource(store.db, orgId, source.id);
    expect(row?.last_status).toBe('failed');
    expect(row?.last_hash).toBeNull();
    host.mode = 'csv';
  });

  it('refuses a body over the size limit, naming it', async () => {
    host.mode = 'csv';
    host.body = `${REPS_V2}R09,Rep 9,,Jakarta,2025-06-01,\n`;
    const source = await createSource(store, orgId, {
      name: 'too big',
      kind: 'url',
      location: `${host.url}/reps.csv`,
      schedule: '0 6 * * *',
    });
    const run = await runSource(store, source.id, { trigger: 'manual', maxBytes: 64, retryDelaysMs: [] });
    expect(run.ran && run.end.message).toMatch(/sent more than 64 bytes, the limit \(UDN_SOURCE_MAX_BYTES\)/);
    expect(sourceLimitsFromEnv({ UDN_SOURCE_TIMEOUT_MS: '5000' })).toEqual({
      timeoutMs: 5000,
      maxBytes: 1024 ** 3,
    });
    expect(() => sourceLimitsFromEnv({ UDN_SOURCE_TIMEOUT_MS: '5s' })).toThrow(
      'UDN_SOURCE_TIMEOUT_MS must be a positive whole number, not "5s"',
    );
  });

  it('runs one source once at a time: a second concurrent run is refused', async () => {
    host.mode = 'csv';
    host.body = `${REPS_V2}R03,Rep 3,rep3@example.com,Jakarta,2025-06-01,\n`;
    const source = await createSource(store, orgId, {
      name: 'twice',
      kind: 'url',
      location: `${host.url}/reps.csv`,
      schedule: '0 6 * * *',
    });
    const [a, b] = await Promise.all([
      runSource(store, source.id, { trigger: 'manual' }),
      runSource(store, source.id, { trigger: 'manual' }),
    ]);
    expect([a.ran, b.ran].sort()).toEqual([false, true]);
    expect(await listSourceRuns(store.db, orgId, source.id)).toHaveLength(1);
  });

  it('marks a run a stopped process left running as interrupted when the next run starts', async () => {
    host.mode = 'csv';
    const source = await createSource(store, orgId, {
      name: 'after-crash',
      kind: 'url',
      location: `${host.url}/reps.csv`,
      schedule: '0 6 * * *',
    });
    const left = await startSourceRun(store.db, {
      sourceId: source.id,
      orgId,
      startedAt: 1,
      trigger: 'schedule',
    });
    const next = await runSource(store, source.id, { trigger: 'manual' });
    expect(next.ran).toBe(true);
    const runs = await listSourceRuns(store.db, orgId, source.id);
    expect(runs.find((r) => r.id === left)).toMatchObject({
      status: 'failed',
      message: INTERRUPTED_RUN_MESSAGE,
    });
  });

  it('reads a folder under an allowed root and refuses one outside it', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-sources-root-'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-sources-outside-'));
    const inner = path.join(root, 'nightly');
    fs.mkdirSync(inner);
    fs.writeFileSync(path.join(inner, 'reps.csv'), `${REPS_V2}R04,Rep 4,,Jakarta,2025-06-01,\n`);
    const saved = process.env.UDN_SOURCE_FOLDERS;
    try {
      delete process.env.UDN_SOURCE_FOLDERS;
      await expect(
        createSource(store, orgId, { name: 'off', kind: 'folder', location: inner, schedule: '0 6 * * *' }),
      ).rejects.toThrow(/location: folder sources are turned off.*UDN_SOURCE_FOLDERS/);
      process.env.UDN_SOURCE_FOLDERS = `/nonexistent-udn:${root}`;
      await expect(
        createSource(store, orgId, { name: 'out', kind: 'folder', location: outside, schedule: '0 6 * * *' }),
      ).rejects.toThrow(/location: folder .* is not under a directory UDN_SOURCE_FOLDERS allows/);
      fs.symlinkSync(outside, path.join(root, 'link'));
      await expect(
        createSource(store, orgId, {
          name: 'link',
          kind: 'folder',
          location: path.join(root, 'link'),
          schedule: '0 6 * * *',
        }),
      ).rejects.toThrow(/is not under a directory/);
      const source = await createSource(store, orgId, {
        name: 'folder',
        kind: 'folder',
        location: inner,
        schedule: '0 6 * * *',
      });
      const first = await runSource(store, source.id, { trigger: 'manual' });
      expect(first.ran && first.end.status).toBe('succeeded');
      expect(await repCount(store, orgId)).toBe(4);
      const again = await runSource(store, source.id, { trigger: 'manual' });
      expect(again.ran && again.end.status).toBe('skipped');
    } finally {
      if (saved === undefined) delete process.env.UDN_SOURCE_FOLDERS;
      else process.env.UDN_SOURCE_FOLDERS = saved;
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('pulls a folder of CRM exports recognised by header (HubSpot) into one import', async () => {
    const exportsDir = path.resolve(import.meta.dirname, '../../../test/data/exports');
    const hubspot = await createOrg(store.db, { name: 'Acme Robotics' }, 'acme-robotics');
    const saved = process.env.UDN_SOURCE_FOLDERS;
    process.env.UDN_SOURCE_FOLDERS = exportsDir;
    try {
      const source = await createSource(store, hubspot.id, {
        name: 'hubspot nightly',
        kind: 'folder',
        location: path.join(exportsDir, 'hubspot'),
        schedule: '0 2 * * *',
      });
      const run = await runSource(store, source.id, { trigger: 'manual' });
      expect(run.ran && run.end.status, run.ran ? run.end.message : '').toBe('succeeded');
      const count = async (table: 'deals' | 'accounts' | 'leads') =>
        Number(
          (
            await store.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('org_id', '=', hubspot.id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      // The same data in UDN's own format: 40 deals, 12 accounts, 30 leads.
      expect([await count('deals'), await count('accounts'), await count('leads')]).toEqual([40, 12, 30]);
      expect(run.ran && run.end.result?.files.map((f) => f.file).sort()).toEqual(
        expect.arrayContaining(['hubspot-crm-exports-all-deals-2026-12-01.csv']),
      );
    } finally {
      if (saved === undefined) delete process.env.UDN_SOURCE_FOLDERS;
      else process.env.UDN_SOURCE_FOLDERS = saved;
    }
  });

  it('maps a sheet with a saved mapping or an inline one, and fails naming a saved mapping since deleted', async () => {
    const mapping = mappingSchema.parse({
      udnMapping: 1,
      table: 'reps',
      fields: { id: { column: 'Rep ID' }, name: { column: 'Full name' }, team: { column: 'Region' } },
    });
    await saveMapping(store.db, orgId, 'team sheet', mapping, null);
    await expect(
      createSource(store, orgId, {
        name: 'nomap',
        kind: 'url',
        location: host.url,
        mappingName: 'nope',
        schedule: '0 6 * * *',
      }),
    ).rejects.toThrow(/mappingName: no saved mapping "nope"/);
    host.mode = 'csv';
    host.body = 'Rep ID,Full name,Region\nX1,Xena Putri,Bandung\n';
    const bySaved = await createSource(store, orgId, {
      name: 'team sheet',
      kind: 'url',
      location: `${host.url}/team-sheet`,
      mappingName: 'team sheet',
      schedule: '0 6 * * *',
    });
    const first = await runSource(store, bySaved.id, { trigger: 'manual' });
    expect(first.ran && first.end.status, first.ran ? first.end.message : '').toBe('succeeded');
    const xena = await store.db
      .selectFrom('reps')
      .select(['name', 'team'])
      .where('id', '=', 'X1')
      .executeTakeFirst();
    expect(xena).toEqual({ name: 'Xena Putri', team: 'Bandung' });

    host.body = 'Rep ID,Full name,Region\nX2,Yusuf Hadi,Medan\n';
    const inline = await createSource(store, orgId, {
      name: 'inline sheet',
      kind: 'url',
      location: `${host.url}/inline.csv`,
      mapping,
      schedule: '0 6 * * *',
    });
    const second = await runSource(store, inline.id, { trigger: 'manual' });
    expect(second.ran && second.end.status).toBe('succeeded');
    expect(
      await store.db.selectFrom('reps').select('name').where('id', '=', 'X2').executeTakeFirst(),
    ).toEqual({
      name: 'Yusuf Hadi',
    });

    await deleteSavedMapping(store.db, orgId, 'team sheet');
    host.body = 'Rep ID,Full name,Region\nX3,Zahra,Bali\n';
    const gone = await runSource(store, bySaved.id, { trigger: 'manual', retryDelaysMs: [] });
    expect(gone.ran && gone.end.message).toBe('the saved mapping "team sheet" no longer exists');
  });

  it('pulls an XLSX from a sheet export URL without an extension (by its type) and maps it by preset', async () => {
    const book = fs.readFileSync(
      path.resolve(import.meta.dirname, '../../../test/data/exports/spreadsheet-xlsx/pipeline-2026.xlsx'),
    );
    const sheets = http.createServer((_request, response) => {
      response
        .writeHead(200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        })
        .end(book);
    });
    await new Promise<void>((resolve) => sheets.listen(0, '127.0.0.1', resolve));
    try {
      const org = await createOrg(store.db, { name: 'Kopi', currency: 'USD' }, 'kopi');
      const source = await createSource(store, org.id, {
        name: 'pipeline workbook',
        kind: 'url',
        location: `http://127.0.0.1:${(sheets.address() as AddressInfo).port}/spreadsheets/d/abc/export?format=xlsx`,
        schedule: '0 6 * * *',
      });
      const run = await runSource(store, source.id, { trigger: 'manual' });
      expect(run.ran && run.end.status, run.ran ? run.end.message : '').toBe('succeeded');
      expect(run.ran && run.end.result?.files.some((f) => f.file.startsWith('export.xlsx'))).toBe(true);
      const deals = await store.db
        .selectFrom('deals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', org.id)
        .executeTakeFirstOrThrow();
      expect(Number(deals.n)).toBe(30);
    } finally {
      sheets.closeAllConnections();
      await new Promise((resolve) => sheets.close(resolve));
    }
  });

  it('refuses an invalid cron naming schedule with croner’s reason', async () => {
    await expect(
      createSource(store, orgId, { name: 'bad', kind: 'url', location: host.url, schedule: '61 * * * *' }),
    ).rejects.toMatchObject({
      field: 'schedule',
      message: expect.stringMatching(/^schedule: "61 \* \* \* \*" is not a valid cron schedule: .+/),
    });
  });

  it('stops cleanly: closing aborts a running pull (nothing written), draining waits for it', async () => {
    host.mode = 'hang';
    const source = await createSource(store, orgId, {
      name: 'stopping',
      kind: 'url',
      location: `${host.url}/reps.csv`,
      schedule: '0 0 1 1 *',
    });
    const before = await repCount(store, orgId);
    const closing = new SourceScheduler({ store, onError: () => undefined, run: { retryDelaysMs: [] } });
    await closing.start();
    const { started, ended } = closing.run(source.id, 'manual');
    expect(await started).toEqual(expect.any(Number));
    const stoppedAt = Date.now();
    await closing.stop(false);
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    const aborted = await ended;
    expect(aborted.ran && aborted.end.message).toBe('stopped: the server is shutting down');
    await expect(closing.run(source.id, 'manual').started).resolves.toBeNull();

    const draining = new SourceScheduler({
      store,
      onError: () => undefined,
      run: { retryDelaysMs: [], timeoutMs: 400 },
    });
    await draining.start();
    const second = draining.run(source.id, 'manual');
    await second.started;
    await draining.stop(true);
    // Drained: the run had ended (its timeout) before stop resolved.
    const drained = await Promise.race([second.ended, Promise.resolve(null)]);
    expect(drained?.ran && drained.end.message).toMatch(/did not answer within 0.4 s/);
    expect(await repCount(store, orgId)).toBe(before);
    host.mode = 'csv';
  });

  it('fires a source on its per-second schedule and retries a failure with back-off', async () => {
    host.mode = 'csv';
    host.body = `${REPS_V2}R05,Rep 5,,Jakarta,2025-06-01,\n`;
    const every = await createSource(store, orgId, {
      name: 'every-second',
      kind: 'url',
      location: `${host.url}/reps.csv`,
      schedule: '* * * * * *',
    });
    const ends: string[] = [];
    const scheduler = new SourceScheduler({
      store,
      onError: (error) => {
        throw error;
      },
      onRunEnd: (_id, outcome) => {
        if (outcome.ran) ends.push(outcome.end.status);
      },
      run: { retryDelaysMs: [100, 200] },
    });
    await scheduler.start();
    expect(scheduler.nextRun(every.id)?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    try {
      await expect.poll(() => ends.includes('succeeded'), { timeout: 10_000, interval: 100 }).toBe(true);
      const history = await store.db
        .selectFrom('imports')
        .select('source')
        .where('source', '=', 'source:every-second')
        .execute();
      expect(history).toHaveLength(1);
    } finally {
      await scheduler.stop(true);
    }

    // A failing source: the scheduler retries it after 100 ms and 200 ms, then gives up.
    const failing = await createSource(store, orgId, {
      name: 'failing',
      kind: 'url',
      location: `${host.url}/reps.csv`,
      schedule: '0 0 1 1 *',
    });
    host.mode = 'error';
    const retrying = new SourceScheduler({
      store,
      onError: () => undefined,
      run: { retryDelaysMs: [100, 200] },
    });
    await retrying.start();
    try {
      await retrying.run(failing.id, 'manual').ended;
      await expect
        .poll(
          async () =>
            (await listSourceRuns(store.db, orgId, failing.id)).map((r) => `${r.trigger}:${r.status}`),
          {
            timeout: 10_000,
            interval: 100,
          },
        )
        .toEqual(['retry:failed', 'retry:retrying', 'manual:retrying']);
    } finally {
      await retrying.stop(true);
      host.mode = 'csv';
    }
  });
});

// Several servers on one PostgreSQL: each runs a scheduler; the advisory lock lets one run at a time.
describe('scheduled sources on two servers of one PostgreSQL', () => {
  it('never runs one source twice at once', async () => {
    const store = await createTestStore('postgres');
    const other = await openStore(store.target);
    let inFlight = 0;
    let most = 0;
    let requests = 0;
    const slow = http.createServer((_request, response) => {
      requests++;
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        response.writeHead(200, { 'content-type': 'text/csv' }).end(REPS_V1);
      }, 1200);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const schedulers: SourceScheduler[] = [];
    try {
      const org = await createOrg(store.db, { name: 'Two' }, 'two');
      await createSource(store, org.id, {
        name: 'busy',
        kind: 'url',
        location: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/reps.csv`,
        schedule: '* * * * * *',
      });
      for (const s of [store, other]) {
        const scheduler = new SourceScheduler({ store: s, onError: () => undefined });
        await scheduler.start();
        schedulers.push(scheduler);
      }
      await new Promise((resolve) => setTimeout(resolve, 4000));
      await Promise.all(schedulers.map((s) => s.stop(true)));
      expect(requests).toBeGreaterThanOrEqual(2);
      expect(most).toBe(1);
      const imports = await store.db.selectFrom('imports').select('status').execute();
      expect(imports.length).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all(schedulers.map((s) => s.stop(false)));
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
      await other.close();
      await store.dispose();
    }
  });
});
