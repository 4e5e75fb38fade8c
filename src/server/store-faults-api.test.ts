import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { allowConnections, databaseOf, terminateBackends } from '../../test/support/pg-faults.ts';
import { createTestApp, SMALL, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, firstOrg, injectAs } from '../../test/support/test-people.ts';
import { createTestStore, type TestStore } from '../../test/support/test-stores.ts';
import type { ApiError } from '../core/contracts/api.ts';
import { openStore, SERVER_BUSY_TIMEOUT_MS, type Store } from '../db/database.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { runImport } from '../importer/run-import.ts';
import { buildApp } from './app.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Requests a page makes: uncached (the org record is not remembered) so each one asks the store. */
const READS = ['/api/v1/org', '/api/v1/kpis?period=2026-Q1', '/api/v1/goal-folders', '/api/v1/dashboards'];

interface Answer {
  url: string;
  status: number;
  retryAfter: string | undefined;
  body: string;
}

async function answer(t: TestApp, url: string): Promise<Answer> {
  const response = await t.app.inject({ url });
  const retry = response.headers['retry-after'];
  return {
    url,
    status: response.statusCode,
    retryAfter: retry === undefined ? undefined : String(retry),
    body: response.body,
  };
}

/** 200, or 503 saying when to try again: never 500, never a hang. */
function expectServedOrUnavailable(answers: Answer[]): void {
  for (const a of answers) {
    expect([200, 503], `${a.url}: ${a.status} ${a.body.slice(0, 200)}`).toContain(a.status);
    if (a.status === 503) {
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
      const body = JSON.parse(a.body) as ApiError;
      expect(body.error).toBe('service_unavailable');
      expect(body.message).toMatch(/cannot be reached right now; nothing was changed: try again in \d+ s/);
    }
  }
}

describe('the API on PostgreSQL while backends are terminated', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  it('keeps answering (200, or 503 with Retry-After) and answers 200 afterwards', async () => {
    t = await createTestApp('postgres', { orgTtlMs: 0 });
    const app = t;
    const database = databaseOf(t.store);
    let stop = false;
    const answers: Answer[] = [];
    const clients = [0, 1, 2, 3].map(async (n) => {
      for (let i = 0; !stop; i++) answers.push(await answer(app, READS[(n + i) % READS.length]!));
    });
    let terminated = 0;
    for (let round = 0; round < 8; round++) {
      await sleep(60);
      terminated += await terminateBackends(database);
    }
    stop = true;
    await Promise.all(clients);
    expect(terminated).toBeGreaterThan(0);
    expect(answers.length).toBeGreaterThan(20);
    expectServedOrUnavailable(answers);
    for (const url of READS) expect((await answer(app, url)).status, url).toBe(200);
  });

  it('/readyz is 503 with Retry-After while the database refuses connections, 200 again soon after', async () => {
    t = await createTestApp('postgres', { orgTtlMs: 0 });
    const database = databaseOf(t.store);
    expect(await t.getJson('/healthz')).toEqual({ alive: true });
    expect(await t.getJson('/readyz')).toMatchObject({
      ready: true,
      store: { dialect: 'postgres', ready: true },
    });
    try {
      await allowConnections(database, false);
      await terminateBackends(database);
      const ready = await answer(t, '/readyz');
      expect(ready.status).toBe(503);
      expect(Number(ready.retryAfter)).toBeGreaterThanOrEqual(1);
      const body = JSON.parse(ready.body) as {
        ready: boolean;
        store: { ready: boolean; since: string; error: string };
      };
      expect(body).toMatchObject({ ready: false, store: { dialect: 'postgres', ready: false } });
      expect(body.store.error).toMatch(/not currently accepting connections/);
      expect(Number.isNaN(Date.parse(body.store.since))).toBe(false);
      const started = performance.now();
      const during = await Promise.all(READS.map((url) => answer(t!, url)));
      expect(during.map((a) => a.status)).toEqual(READS.map(() => 503));
      expectServedOrUnavailable(during);
      expect(performance.now() - started).toBeLessThan(5000);
      expect((await answer(t, '/healthz')).status).toBe(200);
    } finally {
      await allowConnections(database, true);
    }
    let readyAgain: Answer | null = null;
    for (let i = 0; i < 60; i++) {
      readyAgain = await answer(t, '/readyz');
      if (readyAgain.status === 200) break;
      await sleep(100);
    }
    expect(readyAgain?.status).toBe(200);
    expect(t.store.health.ready).toBe(true);
    for (const url of READS) expect((await answer(t, url)).status, url).toBe(200);
  });
});

describe('the API on SQLite while another process holds the write lock', () => {
  let base: TestStore | null = null;
  let store: Store | null = null;
  afterEach(async () => {
    await store?.close();
    store = null;
    await base?.dispose();
    base = null;
  });

  it('a write answers 503 with Retry-After at once and changes nothing; reads answer 200', async () => {
    base = await createTestStore('sqlite');
    const file = base.target;
    // The server's own connection, opened as `udn serve` opens it.
    store = await openStore(file, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
    const imported = await runImport(store, filesInDirectory(SMALL.dataDir).files, {
      source: 'test',
    });
    expect(imported.errors).toEqual([]);
    const app = await buildApp({ store, webDist: null });
    await app.ready();
    injectAs(app, (await addTestPerson(store, await firstOrg(store), 'owner')).headers);
    // The first list of dashboards writes the default one: let it happen before the lock is taken.
    for (const url of READS) expect((await app.inject({ url })).statusCode, url).toBe(200);
    const before = await app.inject({ url: '/api/v1/goal-folders' });

    const other = new SQLite(file);
    try {
      other.exec('begin immediate');
      const started = performance.now();
      const write = await app.inject({
        method: 'POST',
        url: '/api/v1/goal-folders',
        payload: { name: 'Locked out' },
      });
      const took = performance.now() - started;
      expect(write.statusCode, write.body).toBe(503);
      expect(Number(write.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(write.json<ApiError>().message).toMatch(/busy with another write.*nothing was changed/);
      expect(took).toBeLessThan(2000);
      for (const url of READS) expect((await app.inject({ url })).statusCode, url).toBe(200);
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    } finally {
      other.exec('rollback');
      other.close();
    }
    const after = await app.inject({ url: '/api/v1/goal-folders' });
    expect(after.json()).toEqual(before.json());
    const retried = await app.inject({
      method: 'POST',
      url: '/api/v1/goal-folders',
      payload: { name: 'Locked out' },
    });
    expect(retried.statusCode).toBe(201);
    await app.close();
  });
});
