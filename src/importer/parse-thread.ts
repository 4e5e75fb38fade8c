import { Worker } from 'node:worker_threads';
import { type ParsedBatch, type ParseEnd, type ParseJob, parseFile } from './file-parser.ts';
import type { ImportFile } from './import-source.ts';

// From the sources (tsx, vitest) the thread starts on a shim that registers tsx; built (dist/), on
// the compiled module itself, so an installed package needs no TypeScript loader.
const PARSE_WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './parse-worker.mjs' : './parse-worker.js',
  import.meta.url,
);

/** Batches a parsing thread may post before the importer has written them: bounds memory. */
export const BATCHES_IN_FLIGHT = 4;

export type ToParseThread = { type: 'parse'; path: string; job: ParseJob } | { type: 'ack' };
export type ToImport =
  | { type: 'batch'; batch: ParsedBatch }
  | { type: 'end'; end: ParseEnd }
  | { type: 'failed'; message: string };

export interface FileParsing {
  /** Reads a file into batches; `onBatch` runs for one batch at a time, in file order. */
  parse(file: ImportFile, job: ParseJob, onBatch: (batch: ParsedBatch) => Promise<void>): Promise<ParseEnd>;
  /** Stops the parsing thread, if one was started. */
  close(): Promise<void>;
}

/**
 * Parses large files on a second thread while the importing thread writes (ADR 7): reading and
 * checking a row costs about as much as inserting it, so on two cores the two overlap. Files
 * smaller than `threadFromBytes`, or not on disk, are read on the importing thread, where a
 * thread's start-up (~0.2 s) would cost more than it saves.
 */
export function createFileParsing(threadFromBytes: number): FileParsing {
  let worker: Worker | undefined;
  const stop = async () => {
    const w = worker;
    worker = undefined;
    await w?.terminate();
  };

  const inThread = (w: Worker, path: string, job: ParseJob, onBatch: (batch: ParsedBatch) => Promise<void>) =>
    new Promise<ParseEnd>((resolve, reject) => {
      let failed = false;
      let written = Promise.resolve();
      const cleanup = () => {
        w.off('message', onMessage);
        w.off('error', fail);
        w.off('exit', onExit);
      };
      function fail(error: unknown) {
        if (failed) return;
        failed = true;
        cleanup();
        void stop();
        reject(error);
      }
      function onExit(code: number) {
        fail(new Error(`the parsing thread stopped (exit code ${code})`));
      }
      function onMessage(message: ToImport) {
        if (message.type === 'batch') {
          written = written
            .then(async () => {
              if (failed) return;
              await onBatch(message.batch);
              w.postMessage({ type: 'ack' } satisfies ToParseThread);
            })
            .catch(fail);
        } else if (message.type === 'end') {
          void written.then(async () => {
            if (failed) return;
            cleanup();
            // One thread per file: an idle thread would hold its heap through the steps after.
            await stop();
            resolve(message.end);
          });
        } else fail(new Error(`parsing ${job.file} failed: ${message.message}`));
      }
      w.on('message', onMessage);
      w.on('error', fail);
      w.on('exit', onExit);
      w.postMessage({ type: 'parse', path, job } satisfies ToParseThread);
    });

  return {
    parse(file, fileJob, onBatch) {
      // The file's declared encoding travels with the job, also to the parsing thread.
      const job: ParseJob = file.encoding ? { ...fileJob, encoding: file.encoding } : fileJob;
      if (file.path === undefined || file.size < threadFromBytes) return parseFile(file.open(), job, onBatch);
      // No resourceLimits: V8 heap flags given to the process (bin/udn.js) override them anyway.
      worker ??= new Worker(PARSE_WORKER_URL);
      return inThread(worker, file.path, job, onBatch);
    },
    close: stop,
  };
}
