import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchFiles } from '../../bench/generate-data.ts';
import { fetchAs, speakAs } from '../../test/support/raw-http.ts';
import { snapshotStore } from '../../test/support/store-snapshot.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, firstOrg } from '../../test/support/test-people.ts';
import { multipartOf, postRaw, waitFor } from '../../test/support/upload-client.ts';
import type { ApiError } from '../core/contracts/api.ts';
import type { ImportHistoryEntry } from '../core/contracts/imports.ts';
import { openStore } from '../db/database.ts';
import { runningImports } from '../db/imports-repo.ts';

const UDN = path.resolve(import.meta.dirname, '../../bin/udn.js');
const UPLOAD = { 'leads.csv': 'id,created_at\nLP1,2026-02-03\nLP2,2026-02-04\n' };

function run(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [UDN, ...args], {
    env: { ...process.env, ...env, UDN_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/** Starts `udn serve` and resolves with its URL once it listens. */
async function serve(
  db: string,
  uploadDir: string,
  headers: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = run(['serve', '--db', db, '--port', '0', '--empty'], { UDN_UPLOAD_DIR: uploadDir });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /at (http:\/\/\S+) /.exec(output);
      if (found) {
        speakAs(Number(new URL(found[1]!).port), headers);
        resolve(found[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`udn serve exited (${code}): ${output}`)));
  });
  return { child, url };
}

describe('imports beside other processes (SQLite)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-procs-data-'));
    // Seconds of importing: long enough to upload beside it.
    await writeBenchFiles(dataDir, { deals: 10_000 });
    fs.rmSync(path.join(dataDir, 'org.json'));
  }, 120_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  describe('an upload while another process imports', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp('sqlite');
    });
    afterAll(() => t.dispose());

    it('is refused at once (409 naming the CLI import) and writes nothing', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const address = t.app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const before = await snapshotStore(t.store);
      const cli = run(['import', dataDir, '--db', t.store.target]);
      try {
        const org = await t.org();
        const running = await waitFor(async () => (await runningImports(t.store.db, org.id))[0]);
        expect(running.source).toBe('cli');
        expect(running.owner?.pid).toBe(cli.pid);

        const form = await multipartOf(UPLOAD);
        const answer = await postRaw(`${base}/api/v1/imports?wait=true`, form.body, form.contentType);
        expect(answer.status).toBe(409);
        expect(answer.ms).toBeLessThan(1000);
        expect(JSON.parse(answer.body) as ApiError).toMatchObject({
          error: 'import_running',
          params: { entity: 'import', id: running.id, source: 'cli' },
        });
        // Reads keep answering meanwhile.
        expect((await fetchAs(`${base}/api/v1/org`)).status).toBe(200);
      } finally {
        expect(await exited(cli)).toBe(0);
      }
      const after = await snapshotStore(t.store);
      expect(after.leads!.some((row) => String(row).includes('"LP1"'))).toBe(false);
      expect(after.deals!.length).toBeGreaterThan(before.deals!.length);
    }, 120_000);

    it('is refused at once (503 with Retry-After) while another process holds the write lock', async () => {
      const other = new SQLite(t.store.target);
      other.exec('BEGIN IMMEDIATE');
      try {
        const started = performance.now();
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/v1/imports?wait=true',
          payload: (await multipartOf(UPLOAD)).body,
          headers: { 'content-type': (await multipartOf(UPLOAD)).contentType },
        });
        expect(performance.now() - started).toBeLessThan(1000);
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBe('5');
        expect(response.json<ApiError>().message).toMatch(/another process/);
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      // Once the lock is free the same upload goes through.
      const form = await multipartOf(UPLOAD);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/imports?wait=true',
        payload: form.body,
        headers: { 'content-type': form.contentType },
      });
      expect(response.statusCode, response.body).toBe(200);
    }, 60_000);
  });

  it('kill -9 during an upload, then a restart: the import is interrupted, its upload directory gone', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-kill-'));
    const db = path.join(work, 'udn.sqlite');
    const uploadDir = path.join(work, 'uploads');
    try {
      const store = await openStore(db);
      const { headers } = await addTestPerson(store, await firstOrg(store), 'owner');
      await store.close();
      const first = await serve(db, uploadDir, headers);
      const form = await multipartOf({ 'deals.csv': fs.readFileSync(path.join(dataDir, 'deals.csv')) });
      // Sent slowly: the server is still receiving it when it is killed.
      const upload = postRaw(`${first.url}/api/v1/imports`, form.body, form.contentType, {
        bytesPerSecond: 256 * 1024,
      }).catch((error: unknown) => error);
      const dirs = await waitFor(async () => {
        const names = fs.existsSync(uploadDir) ? fs.readdirSync(uploadDir) : [];
        const file = names[0] && path.join(uploadDir, names[0], 'deals.csv');
        return file && fs.existsSync(file) && fs.statSync(file).size > 0 ? names : undefined;
      });
      expect(dirs).toHaveLength(1);
      expect(dirs[0]).toMatch(new RegExp(`^udn-upload-${first.child.pid}-[0-9a-f]+@`));
      first.child.kill('SIGKILL');
      await exited(first.child);
      expect(await upload).toBeInstanceOf(Error);
      expect(fs.readdirSync(uploadDir)).toEqual(dirs);

      const second = await serve(db, uploadDir, headers);
      try {
        expect(fs.readdirSync(uploadDir)).toEqual([]);
        const history = (await (
          await fetchAs(`${second.url}/api/v1/imports`)
        ).json()) as ImportHistoryEntry[];
        expect(history[0]).toMatchObject({ source: 'upload', status: 'interrupted', changed: false });
        expect(history[0]!.errors[0]!.message).toMatch(/^interrupted: the process running it stopped/);
        // The organisation's turn is free again.
        const next = await multipartOf(UPLOAD);
        expect(
          (await postRaw(`${second.url}/api/v1/imports?wait=true`, next.body, next.contentType)).status,
        ).toBe(200);
      } finally {
        second.child.kill('SIGTERM');
        await exited(second.child);
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
