import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchFiles } from '../../bench/generate-data.ts';
import { fetchAs, speakAs } from '../../test/support/raw-http.ts';
import { SMALL } from '../../test/support/test-app.ts';
import { addTestPerson, firstOrg, type TestPerson } from '../../test/support/test-people.ts';
import { directoryFiles, multipartOf, postRaw } from '../../test/support/upload-client.ts';
import type { ImportJob } from '../core/contracts/imports.ts';
import { openStore } from '../db/database.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { runImport } from '../importer/run-import.ts';

const UDN = path.resolve(import.meta.dirname, '../../bin/udn.js');
const CLIENTS = 20;
const PERIODS = ['2026-Q1', '2026-01', '2026-02', '2026-03', '2025-Q4'];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/**
 * The finding: during a large upload every other request waited (the import ran on the server's
 * thread). Now it runs on its own thread and connection: 20 clients reading the KPIs from a real
 * `udn serve` all along a multi-second upload get their answers with a p99 under 250 ms (measured
 * against the same clients' figures just before the upload on a machine too loaded for that).
 */
describe('reads during an upload (SQLite, udn serve)', () => {
  let work: string;
  let server: ChildProcess;
  let base: string;
  let owner: TestPerson;
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-reads-'));
    await writeBenchFiles(path.join(work, 'data'), { deals: 30_000 });
    const db = path.join(work, 'udn.sqlite');
    const store = await openStore(db);
    expect((await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' })).ok).toBe(true);
    owner = await addTestPerson(store, await firstOrg(store), 'owner');
    await store.close();
    server = spawn(process.execPath, [UDN, 'serve', '--db', db, '--port', '0'], {
      // One token makes every read: its per-token limit is not what this measures.
      env: { ...process.env, UDN_UPLOAD_DIR: path.join(work, 'uploads'), UDN_TOKEN_RATE_LIMIT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    base = await new Promise<string>((resolve, reject) => {
      let output = '';
      server.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /at (http:\/\/\S+) /.exec(output);
        if (found) {
          speakAs(Number(new URL(found[1]!).port), owner.headers);
          resolve(found[1]!);
        }
      });
      server.once('exit', (code) => reject(new Error(`udn serve exited (${code}): ${output}`)));
    });
  }, 180_000);
  afterAll(async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('20 clients reading the KPIs keep a p99 under 250 ms while the import runs', async () => {
    // The small example's organisation keeps its time zone: the bench's own org.json is left out.
    const form = await multipartOf(directoryFiles(path.join(work, 'data'), ['org.json']));
    const now: { phase: 'before' | 'during' | 'done' } = { phase: 'before' };
    const times: Record<'before' | 'during', number[]> = { before: [], during: [] };
    const client = async (n: number) => {
      for (let i = n; now.phase !== 'done'; i++) {
        const during = now.phase;
        const started = performance.now();
        const response = await fetchAs(`${base}/api/v1/kpis?period=${PERIODS[i % PERIODS.length]}`);
        await response.arrayBuffer();
        expect(response.status).toBe(200);
        times[during].push(performance.now() - started);
      }
    };
    // Each answer computed once before measuring: what is measured is answering, not a cold cache.
    for (const period of PERIODS) await (await fetchAs(`${base}/api/v1/kpis?period=${period}`)).arrayBuffer();
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
    let job: ImportJob | undefined;
    try {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      now.phase = 'during';
      const answer = await postRaw(`${base}/api/v1/imports`, form.body, form.contentType);
      expect(answer.status, answer.body).toBe(202);
      const { id } = JSON.parse(answer.body) as ImportJob;
      do {
        await new Promise((resolve) => setTimeout(resolve, 200));
        job = (await (await fetchAs(`${base}/api/v1/imports/${id}`)).json()) as ImportJob;
      } while (job.status === 'running');
    } finally {
      now.phase = 'done';
      await Promise.all(clients);
    }
    expect(job).toMatchObject({ status: 'succeeded', result: { ok: true, changed: true } });
    const during = times.during.sort((a, b) => a - b);
    const before = times.before.sort((a, b) => a - b);
    const figures = `${during.length} reads during the upload and import (${Math.round(job!.result!.durationMs)} ms): p50 ${Math.round(percentile(during, 0.5))} ms, p99 ${Math.round(percentile(during, 0.99))} ms; before it: p50 ${Math.round(percentile(before, 0.5))} ms, p99 ${Math.round(percentile(before, 0.99))} ms`;
    console.log(figures);
    // The reads overlapped the import: it lasted long enough for hundreds of them.
    expect(during.length).toBeGreaterThan(200);
    // 250 ms, unless the machine itself answers slower than that with no import at all (a loaded CI
    // runner): then the import may not make the tail more than twice what it is without it.
    expect(percentile(during, 0.99), figures).toBeLessThan(Math.max(250, 2 * percentile(before, 0.99)));
  }, 300_000);
});
