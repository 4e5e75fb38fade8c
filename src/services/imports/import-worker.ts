import { parentPort } from 'node:worker_threads';
import { openStore } from '../../db/database.ts';
import type { ImportProgress } from '../../importer/import-run.ts';
import { fileOnDisk } from '../../importer/import-source.ts';
import { importFiles } from './import-files.ts';
import type { FromImportWorker, ImportWorkerInput, ToImportWorker } from './import-jobs.ts';

/** Progress messages at most this often (ms), besides each file's last. */
const PROGRESS_EVERY_MS = 100;

const port = parentPort;
if (!port) throw new Error('import-worker runs as a worker thread');
const post = (message: FromImportWorker) => port.postMessage(message);

let abort: AbortController | null = null;

/**
 * One import, on a connection of its own: the import's transaction and the server's reads never
 * share one, so the server's thread keeps answering (SQLite WAL readers do not wait for the writer).
 */
async function run(input: ImportWorkerInput): Promise<void> {
  const controller = new AbortController();
  abort = controller;
  let lastPost = 0;
  const onProgress = (progress: ImportProgress) => {
    const now = performance.now();
    if (now - lastPost < PROGRESS_EVERY_MS && progress.bytes < progress.totalBytes) return;
    lastPost = now;
    post({ type: 'progress', progress });
  };
  try {
    const store = await openStore(input.target);
    try {
      const result = await importFiles(
        store,
        input.files.map((file) => ({
          ...fileOnDisk(file.name, file.path, file.size, file.encoding),
          ...(file.mapping ? { mapping: file.mapping } : {}),
          ...(file.table ? { table: file.table } : {}),
        })),
        {
          ...input.options,
          source: input.source,
          orgId: input.orgId,
          importId: input.importId,
          signal: controller.signal,
          onProgress,
          ...(input.parseThreadFromBytes !== undefined
            ? { parseThreadFromBytes: input.parseThreadFromBytes }
            : {}),
        },
      );
      post({ type: 'done', result });
    } finally {
      await store.close();
    }
  } catch (error) {
    post({ type: 'failed', cancelled: controller.signal.aborted, message: String(error) });
  } finally {
    abort = null;
  }
}

port.on('message', (message: ToImportWorker) => {
  if (message.type === 'cancel') abort?.abort();
  else void run(message.input);
});
post({ type: 'ready' });
