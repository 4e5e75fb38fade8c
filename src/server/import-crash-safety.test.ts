import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeBenchFiles } from '../../bench/generate-data.ts';
import { fetchAs, speakAs } from '../../test/support/raw-http.ts';
import { SMALL } from '../../test/support/test-app.ts';
import { addTestPerson, firstOrg } from '../../test/support/test-people.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import { directoryFiles, multipartOf, postRaw, waitFor } from '../../test/support/upload-client.ts';
import type { FileSummary, ImportJob, ImportResult } from '../core/contracts/imports.ts';
import { listImports, runningImports } from '../db/imports-repo.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { runImport } from '../importer/run-import.ts';

const UDN = path.resolve(import.meta.dirname, '../../bin/udn.js');
/** Deals of the generated import (with their leads, emails …): a second or so of importing. */
const DEALS = 2000;
const TABLES = ['reps', 'accounts', 'leads', 'deals', 'emails', 'spend', 'targets', 'daily_facts'] as const;

/** What "the store is unchanged" compares: the organisation's data version and every table's rows. */
async function storeState(store: TestStore): Promise<{ dataVersion: number; rows: Record<string, number> }> {
  const rows: Record<string, number> = {};
  for (const table of TABLES) {
    const { n } = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    rows[table] = Number(n);
  }
  const org = await firstOrg(store);
  return { dataVersion: Number(org.data_version), rows };
}

/** The table each import file fills. */
const tableOf = (file: string) => file.replace(/\.csv$/, '');

/**
 * Checks the rows the store holds after an import that reported `files`, starting from `before`:
 * each file's table grew by what it inserted; the facts derived from them were rebuilt.
 */
function expectRowsAfter(
  after: Record<string, number>,
  before: Record<string, number>,
  files: FileSummary[],
): void {
  const { daily_facts: facts, ...imported } = after;
  const expected: Record<string, number> = { ...before };
  delete expected.daily_facts;
  for (const file of files) expected[tableOf(file.file)]! += file.inserted;
  expect(imported).toEqual(expected);
  expect(facts).toBeGreaterThan(before.daily_facts!);
}

function udn(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [UDN, ...args], {
    env: { ...process.env, UDN_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return Object.assign(child, { output: () => output });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/**
 * Resolves once process `pid` has one of the `.csv` files under `dir` open for reading (Linux
 * /proc): the importer streams each file from disk and closes it at its end, so that is the
 * moment "mid-import" means, observed rather than guessed with a sleep. Polled tightly: an import
 * of these files takes a second or two.
 */
async function readingAnImportFile(pid: number, dir: string, ms = 30_000): Promise<string> {
  const until = performance.now() + ms;
  const fdDir = `/proc/${pid}/fd`;
  // The links in /proc name real paths: a temporary folder reached through a symlink would not match.
  const real =
    (await waitFor(async () => (fs.existsSync(dir) ? fs.realpathSync(dir) : undefined), ms)) + path.sep;
  for (;;) {
    for (const fd of safeReaddir(fdDir)) {
      let target: string;
      try {
        target = fs.readlinkSync(path.join(fdDir, fd));
      } catch {
        continue;
      }
      if (!target.startsWith(real) || !target.endsWith('.csv')) continue;
      // Open for reading only (O_ACCMODE bits 0): not the server still writing an upload to disk.
      const flags = /^flags:\s+([0-7]+)/m.exec(safeRead(`/proc/${pid}/fdinfo/${fd}`))?.[1];
      if (flags !== undefined && (Number.parseInt(flags, 8) & 3) === 0) return target;
    }
    if (performance.now() > until) throw new Error(`process ${pid} was never seen reading a file of ${dir}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
const safeReaddir = (dir: string) => {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
};
const safeRead = (file: string) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

describe.runIf(process.platform === 'linux')('imports survive a killed process', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-crash-data-'));
    await writeBenchFiles(dataDir, { deals: DEALS });
    fs.rmSync(path.join(dataDir, 'org.json'));
  }, 120_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  describe.each(DIALECTS)('%s', (dialect) => {
    let store: TestStore;
    let work: string;
    let headers: Record<string, string>;
    const children: ChildProcess[] = [];
    const start = (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const child = udn(args, env);
      children.push(child);
      return child;
    };

    /** `udn serve` on the store, with its uploads under `work`; resolves with its URL once it listens. */
    const serve = async () => {
      const child = start(['serve', '--db', store.target, '--port', '0', '--empty'], {
        UDN_UPLOAD_DIR: path.join(work, 'uploads'),
      });
      const url = await waitFor(async () => {
        if (child.exitCode !== null)
          throw new Error(`udn serve exited (${child.exitCode}): ${child.output()}`);
        return /at (http:\/\/\S+) /.exec(child.output())?.[1];
      }, 60_000);
      speakAs(Number(new URL(url).port), headers);
      return { child, url };
    };

    /** Sends the bench files as one upload; resolves with the job once the server has taken it (202). */
    const upload = async (url: string): Promise<ImportJob> => {
      const form = await multipartOf(directoryFiles(dataDir));
      const answer = await postRaw(`${url}/api/v1/imports`, form.body, form.contentType);
      expect(answer.status, answer.body).toBe(202);
      return JSON.parse(answer.body) as ImportJob;
    };

    beforeEach(async () => {
      store = await createTestStore(dialect);
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-crash-'));
      // Data already there: a crashed import must leave it exactly as it was.
      const first = await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
      expect(first.errors).toEqual([]);
      ({ headers } = await addTestPerson(store, await firstOrg(store), 'owner'));
    });
    afterEach(async () => {
      for (const child of children.splice(0)) {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          await exited(child);
        }
      }
      await store.dispose();
      fs.rmSync(work, { recursive: true, force: true });
    });

    it('kill -9 of `udn serve` during an import: nothing written; a new server imports it all', async () => {
      const before = await storeState(store);
      const first = await serve();
      const job = await upload(first.url);
      await readingAnImportFile(first.child.pid!, path.join(work, 'uploads'));
      first.child.kill('SIGKILL');
      await exited(first.child);

      expect(await storeState(store)).toEqual(before);
      // Its history row still says running: the new server must not take it for a live import.
      const org = await firstOrg(store);
      expect((await runningImports(store.db, org.id)).map((row) => row.id)).toEqual([job.id]);

      const second = await serve();
      const form = await multipartOf(directoryFiles(dataDir));
      const answer = await postRaw(`${second.url}/api/v1/imports?wait=true`, form.body, form.contentType);
      expect(answer.status, answer.body).toBe(200);
      const result = JSON.parse(answer.body) as ImportResult;
      expect(result.files.find((f) => f.file === 'deals.csv')).toMatchObject({
        rows: DEALS,
        inserted: DEALS,
      });
      const after = await storeState(store);
      expectRowsAfter(after.rows, before.rows, result.files);
      expect(after.dataVersion).toBeGreaterThan(before.dataVersion);
      const history = await (await fetchAs(`${second.url}/api/v1/imports`)).json();
      expect(history).toMatchObject([
        { id: result.importId, status: 'succeeded' },
        { id: job.id, status: 'interrupted', changed: false },
        { status: 'succeeded' },
      ]);
    }, 120_000);

    it('kill -9 of `udn import` mid-file: nothing written; the next `udn import` imports it all', async () => {
      const before = await storeState(store);
      const cli = start(['import', dataDir, '--db', store.target]);
      // The CLI reads each file's header to recognise it before the import starts; mid-file is
      // once the import has begun (its history row) and reads a file.
      const org = await firstOrg(store);
      await waitFor(async () => ((await runningImports(store.db, org.id)).length > 0 ? true : undefined));
      await readingAnImportFile(cli.pid!, dataDir);
      cli.kill('SIGKILL');
      await exited(cli);
      expect(await storeState(store)).toEqual(before);

      const again = start(['import', dataDir, '--db', store.target]);
      expect(await exited(again), again.output()).toBe(0);
      const [latest, killed] = await listImports(store.db, org.id, 2);
      expect(latest).toMatchObject({ source: 'cli', status: 'succeeded' });
      expect(killed).toMatchObject({ source: 'cli', status: 'interrupted', changed: false });
      expect(latest!.files.find((f) => f.file === 'deals.csv')).toMatchObject({
        rows: DEALS,
        inserted: DEALS,
      });
      expectRowsAfter((await storeState(store)).rows, before.rows, latest!.files);
    }, 120_000);

    it('SIGTERM to `udn serve` during an import: the import is committed, the process exits 0', async () => {
      const before = await storeState(store);
      const server = await serve();
      const job = await upload(server.url);
      await readingAnImportFile(server.child.pid!, path.join(work, 'uploads'));
      server.child.kill('SIGTERM');
      expect(await exited(server.child), server.child.output()).toBe(0);

      const org = await firstOrg(store);
      const [latest] = await listImports(store.db, org.id, 1);
      expect(latest).toMatchObject({ id: job.id, status: 'succeeded', changed: true });
      expect(latest!.files.find((f) => f.file === 'deals.csv')).toMatchObject({
        rows: DEALS,
        inserted: DEALS,
      });
      const after = await storeState(store);
      expectRowsAfter(after.rows, before.rows, latest!.files);
      expect(after.dataVersion).toBeGreaterThan(before.dataVersion);
      // The phases it logged, in order.
      const log = server.child.output();
      const at = [
        'SIGTERM: shutting down',
        'draining: no new connections',
        'closed: requests and imports',
      ].map((phase) => log.indexOf(phase));
      expect(
        at.every((index) => index >= 0),
        log,
      ).toBe(true);
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(log).toContain('"runningImports":1');
      // Its upload files are gone with it.
      expect(fs.readdirSync(path.join(work, 'uploads'))).toEqual([]);
    }, 120_000);
  });
});
