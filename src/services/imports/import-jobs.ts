import { Worker } from 'node:worker_threads';
import type { ImportJob, ImportJobProgress } from '../../core/contracts/imports.ts';
import type { MappableTable, Mapping } from '../../core/contracts/mapping.ts';
import type { Store } from '../../db/database.ts';
import { endRunningImport } from '../../db/imports-repo.ts';
import type { ImportIssue } from '../../importer/import-errors.ts';
import type { ImportEncoding } from '../../importer/import-source.ts';
import type { ImportOptions, ImportResult } from '../../importer/run-import.ts';

/**
 * A file on disk for the import thread: `mapping` (plain JSON) when it is a source to map, `table`
 * when it is a UDN file under another name (ImportFile's fields of the same names).
 */
export interface WorkerFile {
  name: string;
  path: string;
  size: number;
  encoding?: ImportEncoding;
  mapping?: Mapping;
  table?: MappableTable;
}

/** What the import thread is given: the store to open, the files on disk to import and how. */
export interface ImportWorkerInput {
  target: string;
  importId: number;
  orgId: number;
  source: string;
  files: WorkerFile[];
  parseThreadFromBytes?: number;
  options?: Pick<ImportOptions, 'snapshot' | 'allowMassDelete' | 'dryRun'>;
}
export type ToImportWorker = { type: 'start'; input: ImportWorkerInput } | { type: 'cancel' };
export type FromImportWorker =
  | { type: 'ready' }
  | { type: 'progress'; progress: ImportJobProgress }
  | { type: 'done'; result: ImportResult }
  | { type: 'failed'; cancelled: boolean; message: string };

export interface StartImportJob {
  importId: number;
  orgId: number;
  source: string;
  startedAt: number;
  files: ImportWorkerInput['files'];
  /** Snapshot tables, mass deletes allowed, a dry run: passed to runImport. */
  options?: ImportWorkerInput['options'];
  /** Warnings found before the import (files that are not import files), put first in the result. */
  warnings: ImportIssue[];
  /** Runs once the job has ended, whatever the end (deletes the uploaded files). */
  cleanup(): void;
}

/** How an import job ended: its result when the importer finished (accepted or refused). */
export type ImportJobEnd =
  | { status: 'succeeded' | 'failed'; result: ImportResult }
  | { status: 'failed' | 'cancelled'; result: null; message: string };

export interface ImportJobsOptions {
  store: Store;
  onProgress(job: ImportJob, orgId: number): void;
  onFinished(job: ImportJob, end: ImportJobEnd, orgId: number): void;
  onError(error: unknown): void;
  /** Passed to the importer (tests set 0 to use the parsing thread on small files). */
  parseThreadFromBytes?: number;
  /** Finished jobs remembered for GET /imports/{id} (their result), newest kept. */
  keepFinished?: number;
}

// From the sources (tsx, vitest) the thread starts on a shim that registers tsx; built (dist/), on
// the compiled module itself, so an installed package needs no TypeScript loader.
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './import-worker.mjs' : './import-worker.js',
  import.meta.url,
);

/**
 * A started thread kept for the next job, of any server of this process (a thread is not tied to a
 * store: each job names its own): loading the importer's modules in a new thread takes seconds
 * (the TypeScript loader), more than most imports take. Idle, it does not keep the process alive.
 */
let idle: Worker | null = null;

function spawn(onError: (error: unknown) => void): Worker {
  const worker = new Worker(WORKER_URL);
  // A thread that fails while idle is not reused.
  worker.on('error', (error) => {
    if (idle === worker) idle = null;
    onError(error);
  });
  worker.on('exit', () => {
    if (idle === worker) idle = null;
  });
  return worker;
}

function keepIdle(worker: Worker): void {
  if (idle && idle !== worker) {
    void worker.terminate();
    return;
  }
  idle = worker;
  worker.unref();
}

interface JobState {
  job: ImportJob;
  orgId: number;
  worker: Worker | null;
  ended: Promise<ImportJobEnd>;
}

/**
 * Imports as background jobs, each in a worker thread with its own store connection: the import
 * is one long transaction, and on the server's thread it would stop every other request (better-
 * sqlite3 is synchronous). One import per organisation runs at a time; the caller claims the
 * history row first (claimImportRecord), which the database keeps unique per organisation.
 */
export class ImportJobs {
  private readonly jobs = new Map<number, JobState>();
  private draining = false;

  constructor(private readonly options: ImportJobsOptions) {}

  /** Runs the import on a thread; the returned promise settles when the job ends (never rejects). */
  start(start: StartImportJob): Promise<ImportJobEnd> {
    const job: ImportJob = {
      id: start.importId,
      source: start.source,
      status: 'running',
      startedAt: start.startedAt,
      finishedAt: null,
      progress: null,
      result: null,
    };
    const input: ImportWorkerInput = {
      target: this.options.store.target,
      importId: start.importId,
      orgId: start.orgId,
      source: start.source,
      files: start.files,
      ...(start.options ? { options: start.options } : {}),
      ...(this.options.parseThreadFromBytes !== undefined
        ? { parseThreadFromBytes: this.options.parseThreadFromBytes }
        : {}),
    };
    const worker = idle ?? spawn(this.options.onError);
    idle = null;
    const ended = new Promise<ImportJobEnd>((resolve) => {
      let settled = false;
      const finish = async (end: ImportJobEnd) => {
        if (settled) return;
        settled = true;
        const state = this.jobs.get(job.id);
        if (state) state.worker = null;
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        // A thread that answered is fit for the next job; one that crashed is not.
        if (end.result !== null || end.status === 'cancelled') keepIdle(worker);
        else void worker.terminate();
        start.cleanup();
        if (end.result === null) {
          // The importer records its own end; a thread that died, or failed before the importer
          // started, leaves the row running.
          await endRunningImport(this.options.store.db, job.id, end.status, end.message).catch(
            this.options.onError,
          );
        }
        const final: ImportJobEnd =
          end.result === null
            ? end
            : {
                status: end.status,
                result: { ...end.result, warnings: [...start.warnings, ...end.result.warnings] },
              };
        Object.assign(job, { status: final.status, finishedAt: Date.now(), result: final.result });
        this.forgetOld();
        try {
          this.options.onFinished(job, final, start.orgId);
        } catch (error) {
          this.options.onError(error);
        }
        resolve(final);
      };
      const onMessage = (message: FromImportWorker) => {
        if (message.type === 'ready') return;
        if (message.type === 'progress') {
          job.progress = message.progress;
          this.options.onProgress(job, start.orgId);
        } else if (message.type === 'done') {
          void finish({ status: message.result.ok ? 'succeeded' : 'failed', result: message.result });
        } else {
          void finish({
            status: message.cancelled ? 'cancelled' : 'failed',
            result: null,
            message: message.cancelled ? 'cancelled: nothing was written' : message.message,
          });
        }
      };
      const onError = (error: unknown) => {
        void finish({
          status: 'failed',
          result: null,
          message: `the import thread failed: ${String(error)}`,
        });
      };
      const onExit = (code: number) => {
        void finish({
          status: 'failed',
          result: null,
          message: `the import thread stopped (exit code ${code})`,
        });
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      worker.postMessage({ type: 'start', input } satisfies ToImportWorker);
    });
    this.jobs.set(job.id, { job, orgId: start.orgId, worker, ended });
    return ended;
  }

  /** Starts the thread of the next job now, so that job does not wait for it. */
  prewarm(): void {
    if (!idle) keepIdle(spawn(this.options.onError));
  }

  /** The job, running or finished, while this server remembers it. */
  /** The job of this id, when it belongs to `orgId`: a job id says nothing of another organisation. */
  get(id: number, orgId: number): ImportJob | undefined {
    const state = this.jobs.get(id);
    return state && state.orgId === orgId ? state.job : undefined;
  }

  /** The organisation's running job in this server. */
  runningFor(orgId: number): ImportJob | undefined {
    for (const state of this.jobs.values()) if (state.orgId === orgId && state.worker) return state.job;
    return undefined;
  }

  /** Asks a running job to stop; it ends `cancelled` with nothing written. False when it is not running. */
  cancel(id: number): boolean {
    const state = this.jobs.get(id);
    if (!state?.worker) return false;
    state.worker.postMessage({ type: 'cancel' } satisfies ToImportWorker);
    return true;
  }

  /** Waits for the job's end (resolves at once for an ended one); undefined for a job not known. */
  ended(id: number): Promise<ImportJobEnd> | undefined {
    return this.jobs.get(id)?.ended;
  }

  /** How many jobs run now. */
  get running(): number {
    let count = 0;
    for (const state of this.jobs.values()) if (state.worker) count++;
    return count;
  }

  /**
   * From now on `close` lets running jobs finish (committed, or refused as usual) instead of
   * cancelling them: a graceful shutdown. There is no queue to empty: a second upload of an
   * organisation is refused (409) while one runs, and a server that drains takes no new requests.
   */
  drainOnClose(): void {
    this.draining = true;
  }

  /**
   * Waits for every running job's end: cancelled first (nothing of them is written) unless the
   * server drains. Either way a server that stops leaves none running.
   */
  async close(): Promise<void> {
    const running = [...this.jobs.values()].filter((state) => state.worker);
    if (!this.draining) for (const state of running) this.cancel(state.job.id);
    await Promise.all(running.map((state) => state.ended));
  }

  private forgetOld(): void {
    const keep = this.options.keepFinished ?? 20;
    const finished = [...this.jobs.values()].filter((state) => !state.worker);
    for (const state of finished.slice(0, Math.max(0, finished.length - keep)))
      this.jobs.delete(state.job.id);
  }
}
