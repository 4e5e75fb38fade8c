import type { Store } from '../../db/database.ts';
import { claimImportRecord } from '../../db/imports-repo.ts';
import type { ImportFile } from '../../importer/import-source.ts';
import type { ImportOptions, ImportResult } from '../../importer/run-import.ts';
import type { ImportJobs, WorkerFile } from '../imports/import-jobs.ts';
import { SourceFetchError } from './fetch-source.ts';

/**
 * A source's import as a server runs it: on the import thread (ImportJobs), like an upload, so the
 * server keeps answering while the import's transaction writes (better-sqlite3 is synchronous), and
 * its progress and end reach the Data page and live dashboards as an upload's do.
 */
export function importOnThread(
  jobs: ImportJobs,
): (store: Store, files: readonly ImportFile[], options: ImportOptions) => Promise<ImportResult> {
  return async (store, files, options) => {
    const orgId = options.orgId;
    if (orgId === undefined) throw new Error('a source imports into its organisation');
    const workerFiles: WorkerFile[] = files.map((file) => {
      if (file.path === undefined) throw new Error(`${file.name} is not on disk`);
      return {
        name: file.name,
        path: file.path,
        size: file.size,
        ...(file.encoding ? { encoding: file.encoding } : {}),
        ...(file.mapping ? { mapping: file.mapping } : {}),
        ...(file.table ? { table: file.table } : {}),
      };
    });
    const startedAt = Date.now();
    const importId = await claimImportRecord(store, orgId, options.source, startedAt);
    const ended = jobs.start({
      importId,
      orgId,
      source: options.source,
      startedAt,
      files: workerFiles,
      ...(options.snapshot ? { options: { snapshot: options.snapshot } } : {}),
      warnings: [],
      cleanup: () => undefined,
    });
    const cancel = () => jobs.cancel(importId);
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      const end = await ended;
      if (end.result) return end.result;
      throw new SourceFetchError(
        end.status === 'cancelled'
          ? 'stopped: the server is shutting down; nothing was written'
          : `the import failed: ${end.message}`,
      );
    } finally {
      options.signal?.removeEventListener('abort', cancel);
    }
  };
}
