/**
 * "API p99 during an upload": N clients read GET /api/v1/kpis from a real `udn serve` while an
 * upload of a whole bench directory is received and imported in the server's background job
 * (issue 10, finding 2). The body is streamed from disk, so a 1M-deal upload (≈ 700 MB) needs no
 * memory in this process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { ImportJob } from '../src/core/contracts/imports.ts';
import { openStore } from '../src/db/database.ts';
import { benchOwnerHeaders } from './bench-people.ts';

const UDN = path.resolve(import.meta.dirname, '../bin/udn.js');

export interface UploadLoadResult {
  clients: number;
  uploadMb: number;
  /** From the first byte sent to the 202 (the files received). */
  receiveMs: number;
  /** The importer's own duration, and from the 202 to the job's end as a client sees it. */
  importMs: number;
  jobMs: number;
  before: { requests: number; p50Ms: number; p99Ms: number };
  during: { requests: number; p50Ms: number; p99Ms: number };
}

const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const figures = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { requests: sorted.length, p50Ms: at(sorted, 0.5), p99Ms: at(sorted, 0.99) };
};

/** POSTs every file of `dir` as one multipart body, streamed from disk. */
function streamUpload(
  url: string,
  dir: string,
  credentials: { authorization: string },
): Promise<{ status: number; body: string }> {
  const boundary = `----udn-bench-${Date.now()}`;
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...credentials },
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    void (async () => {
      for (const name of fs.readdirSync(dir).sort()) {
        request.write(
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        );
        for await (const chunk of fs.createReadStream(path.join(dir, name), { highWaterMark: 1 << 20 })) {
          if (!request.write(chunk)) await new Promise((done) => request.once('drain', done));
        }
        request.write('\r\n');
      }
      request.end(`--${boundary}--\r\n`);
    })().catch(reject);
  });
}

/** `udn serve --empty` on any free port, its uploads under `uploadDir` (also bench/preview.ts). */
export async function startServer(
  target: string,
  uploadDir: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [UDN, 'serve', '--db', target, '--port', '0', '--empty'], {
    // One token makes every read: its per-token limit is not what this measures.
    env: { ...process.env, UDN_UPLOAD_DIR: uploadDir, UDN_TOKEN_RATE_LIMIT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /at (http:\/\/\S+) /.exec(output);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`udn serve exited (${code}): ${output}`)));
  });
  return { child, url };
}

export async function benchReadsDuringUpload(options: {
  dir: string;
  /** A fresh store: the upload is its first import. */
  target: string;
  uploadDir: string;
  clients: number;
  period: string;
}): Promise<UploadLoadResult> {
  // The fresh store gets its organisation and owner before the server starts: the upload is theirs.
  const store = await openStore(options.target);
  const credentials = await benchOwnerHeaders(store);
  await store.close();
  const { child, url } = await startServer(options.target, options.uploadDir);
  try {
    const phase: { now: 'before' | 'during' | 'done' } = { now: 'before' };
    const times = { before: [] as number[], during: [] as number[] };
    const client = async () => {
      while (phase.now !== 'done') {
        const during = phase.now;
        const started = performance.now();
        const response = await fetch(`${url}/api/v1/kpis?period=${options.period}`, { headers: credentials });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`GET /api/v1/kpis: ${response.status}`);
        times[during].push(performance.now() - started);
      }
    };
    await (
      await fetch(`${url}/api/v1/kpis?period=${options.period}`, { headers: credentials })
    ).arrayBuffer();
    const clients = Array.from({ length: options.clients }, client);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    phase.now = 'during';
    const sent = performance.now();
    const answer = await streamUpload(`${url}/api/v1/imports`, options.dir, credentials);
    const receiveMs = performance.now() - sent;
    if (answer.status !== 202) throw new Error(`upload: ${answer.status} ${answer.body}`);
    const { id } = JSON.parse(answer.body) as ImportJob;
    let job: ImportJob;
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      job = (await (
        await fetch(`${url}/api/v1/imports/${id}`, { headers: credentials })
      ).json()) as ImportJob;
    } while (job.status === 'running');
    const jobMs = performance.now() - sent - receiveMs;
    phase.now = 'done';
    await Promise.all(clients);
    if (!job.result?.ok) throw new Error(`the import ended ${job.status}`);
    const bytes = fs
      .readdirSync(options.dir)
      .reduce((sum, name) => sum + fs.statSync(path.join(options.dir, name)).size, 0);
    return {
      clients: options.clients,
      uploadMb: Math.round(bytes / 2 ** 20),
      receiveMs,
      importMs: job.result.durationMs,
      jobMs,
      before: figures(times.before),
      during: figures(times.during),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
