import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseOf, terminateBackends } from '../../../test/support/pg-faults.ts';
import { startServeProcess } from '../../../test/support/serve-process.ts';
import { SMALL } from '../../../test/support/test-app.ts';
import { addTestPerson, firstOrg } from '../../../test/support/test-people.ts';
import { createTestStore, type TestStore } from '../../../test/support/test-stores.ts';
import { filesInDirectory } from '../../importer/import-source.ts';
import { runImport } from '../../importer/run-import.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The process the probe saw die: a terminated backend must leave `udn serve` up and answering.
describe('udn serve on PostgreSQL, its backends terminated again and again', () => {
  let store: TestStore | null = null;
  let child: ChildProcess | null = null;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    child = null;
    await store?.dispose();
    store = null;
  });

  it('stays up: every answer 200 or 503 with Retry-After, and 200 afterwards', async () => {
    store = await createTestStore('postgres');
    const imported = await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
    expect(imported.errors).toEqual([]);
    const { headers } = await addTestPerson(store, await firstOrg(store), 'owner');
    // --empty changes nothing here: the store already holds an organisation.
    const server = await startServeProcess(store.target);
    child = server.child;
    const { url } = server;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    let stop = false;
    const statuses: number[] = [];
    const loop = (async () => {
      const paths = ['/api/v1/org', '/api/v1/kpis?period=2026-Q1', '/api/v1/goal-folders'];
      for (let i = 0; !stop; i++) {
        const response = await fetch(`${url}${paths[i % paths.length]}`, { headers });
        await response.arrayBuffer();
        statuses.push(response.status);
        if (response.status === 503)
          expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
    })();
    let terminated = 0;
    for (let round = 0; round < 6; round++) {
      await sleep(150);
      terminated += await terminateBackends(databaseOf(store));
    }
    stop = true;
    await loop;

    expect(terminated).toBeGreaterThan(0);
    expect(statuses.length).toBeGreaterThan(6);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(child.exitCode).toBeNull();
    // Afterwards: once the server's probe has seen the database again (it backs off between
    // probes, so the first request after the last termination may still meet a dead connection).
    let ready = 0;
    for (let i = 0; i < 50 && ready !== 200; i++) {
      ready = (await fetch(`${url}/readyz`)).status;
      if (ready !== 200) await sleep(100);
    }
    expect(ready).toBe(200);
    expect((await fetch(`${url}/api/v1/org`, { headers })).status).toBe(200);
    expect(child.exitCode).toBeNull();
  }, 90_000);
});
