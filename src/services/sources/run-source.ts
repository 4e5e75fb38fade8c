import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImportResult } from '../../core/contracts/imports.ts';
import type { MappableTable, Mapping } from '../../core/contracts/mapping.ts';
import type { SourceRunStatus } from '../../core/contracts/sources.ts';
import { runExclusive } from '../../db/advisory-lock.ts';
import type { Store } from '../../db/database.ts';
import { findSavedMapping } from '../../db/import-mappings-repo.ts';
import {
  findSourceById,
  finishSourceRun,
  type ImportSourceRow,
  startSourceRun,
  updateSource,
} from '../../db/import-sources-repo.ts';
import type { ImportFile } from '../../importer/import-source.ts';
import type { ImportOptions } from '../../importer/run-import.ts';
import { importFiles } from '../imports/import-files.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, fetchSource, SourceFetchError } from './fetch-source.ts';
import { readFolder } from './read-folder.ts';
import { sourceImportFiles } from './source-files.ts';
import { checkedFolder } from './source-folders.ts';
import { openHeaderValue } from './source-secret.ts';

/** Waits before the 2nd, 3rd and 4th try of a failed run: 1, 5 and 25 minutes. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [60_000, 300_000, 1_500_000];

export type SourceTrigger = 'schedule' | 'retry' | 'manual' | 'cli';

export interface RunSourceOptions {
  trigger: SourceTrigger;
  /** Waits before each retry; its length is how many retries follow a failed run. */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
  maxBytes?: number;
  /** Aborts the fetch and cancels the import (nothing written): a server closing at once. */
  signal?: AbortSignal;
  /** Told the run's id once it holds the source's turn. */
  onStarted?: (runId: number) => void;
  onProgress?: ImportOptions['onProgress'];
  /** The import itself; default importFiles (runImport, then quota goals and the cluster told). */
  importer?: (store: Store, files: readonly ImportFile[], options: ImportOptions) => Promise<ImportResult>;
  now?: () => number;
}

export interface SourceRunEnd {
  runId: number;
  status: Exclude<SourceRunStatus, 'running'>;
  message: string;
  importId: number | null;
  result: ImportResult | null;
  /** When the retry of a failed run is due. */
  retryAt: number | null;
}

export type SourceRunOutcome = { ran: true; end: SourceRunEnd } | { ran: false };

/** The advisory lock of a source: across servers on one PostgreSQL, one run of it at a time. */
export const sourceLockName = (id: number) => `import-source:${id}`;

/** The timeout of a pull (UDN_SOURCE_TIMEOUT_MS) and its largest body (UDN_SOURCE_MAX_BYTES). */
export function sourceLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): {
  timeoutMs: number;
  maxBytes: number;
} {
  const read = (name: string, fallback: number) => {
    const text = env[name];
    if (text === undefined || text.trim() === '') return fallback;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new Error(`${name} must be a positive whole number, not "${text}"`);
    return value;
  };
  return {
    timeoutMs: read('UDN_SOURCE_TIMEOUT_MS', DEFAULT_TIMEOUT_MS),
    maxBytes: read('UDN_SOURCE_MAX_BYTES', DEFAULT_MAX_BYTES),
  };
}

const formatIssue = (issue: ImportResult['errors'][number]): string =>
  `${issue.file}${issue.line > 0 ? `, line ${issue.line}` : ''}${issue.column ? `, column ${issue.column}` : ''}: ${issue.message}`;

/** One line for the run log of a refused import: its first errors and how many there were. */
function refusedMessage(result: ImportResult): string {
  const shown = result.errors.slice(0, 3).map(formatIssue).join('; ');
  const more = result.errorCount > 3 ? ` … and ${result.errorCount - 3} more` : '';
  return `import refused with ${result.errorCount} error${result.errorCount === 1 ? '' : 's'}; nothing was written: ${shown}${more}`;
}

function importedMessage(result: ImportResult): string {
  const rows = result.files.reduce((total, f) => total + f.rows, 0);
  const inserted = result.files.reduce((total, f) => total + f.inserted, 0);
  const updated = result.files.reduce((total, f) => total + f.updated, 0);
  const counted = `${rows} row${rows === 1 ? '' : 's'}`;
  return result.changed
    ? `imported ${counted}: ${inserted} new, ${updated} updated (import #${result.importId})`
    : `read ${counted}: no changes (import #${result.importId})`;
}

async function mappingOf(store: Store, source: ImportSourceRow): Promise<Mapping | undefined> {
  if (source.mapping !== null) return JSON.parse(source.mapping) as Mapping;
  if (source.mapping_name === null) return undefined;
  const saved = await findSavedMapping(store.db, source.org_id, source.mapping_name);
  if (!saved) throw new SourceFetchError(`the saved mapping "${source.mapping_name}" no longer exists`);
  return saved;
}

/**
 * Pulls a source once and imports what changed: one import in the history per run, all or
 * nothing. Skipped when another run of the source holds its turn (`{ ran: false }`, at once).
 * An unchanged file (304, or the SHA-256 of the last imported body) is skipped; a failure is
 * logged with its reason and, while tries are left, given a retry time with exponential back-off.
 */
export async function runSource(
  store: Store,
  sourceId: number,
  options: RunSourceOptions,
): Promise<SourceRunOutcome> {
  const now = options.now ?? Date.now;
  const outcome = await runExclusive(store, sourceLockName(sourceId), async () => {
    const source = await findSourceById(store.db, sourceId);
    if (!source) throw new SourceFetchError(`source ${sourceId} does not exist`);
    const runId = await startSourceRun(store.db, {
      sourceId,
      orgId: source.org_id,
      startedAt: now(),
      trigger: options.trigger,
    });
    options.onStarted?.(runId);
    const attempt = options.trigger === 'retry' ? source.failures + 1 : 1;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-source-'));
    let bytes: number | null = null;
    const finish = async (
      status: 'succeeded' | 'skipped' | 'failed',
      message: string,
      result: ImportResult | null,
      seen: Partial<Pick<ImportSourceRow, 'etag' | 'last_modified' | 'last_hash'>> = {},
    ): Promise<SourceRunEnd> => {
      const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
      const retries = status === 'failed' && attempt <= delays.length;
      const retryAt = retries ? now() + (delays[attempt - 1] ?? 0) : null;
      const shown: SourceRunEnd['status'] = retries ? 'retrying' : status;
      const note = retries
        ? `${message} (try ${attempt} of ${delays.length + 1}; next at ${new Date(retryAt ?? 0).toISOString()})`
        : status === 'failed' && attempt > 1
          ? `${message} (try ${attempt} of ${delays.length + 1}; giving up until the next scheduled run)`
          : message;
      const importId = result?.importId ?? null;
      const finishedAt = now();
      await finishSourceRun(store.db, runId, {
        finished_at: finishedAt,
        status: shown,
        message: note.slice(0, 2000),
        import_id: importId,
        bytes,
      });
      await updateSource(store.db, sourceId, {
        ...seen,
        last_status: shown,
        last_message: note.slice(0, 2000),
        last_run_at: finishedAt,
        ...(importId !== null ? { last_import_id: importId } : {}),
        failures: status === 'failed' ? attempt : 0,
        retry_at: retryAt,
      });
      return { runId, status: shown, message: note, importId, result, retryAt };
    };
    try {
      let pulled: { name: string; path: string; size: number }[];
      let seen: Pick<ImportSourceRow, 'etag' | 'last_modified' | 'last_hash'>;
      if (source.kind === 'url') {
        const limits = sourceLimitsFromEnv();
        const fetched = await fetchSource({
          url: source.location,
          header:
            source.header_name !== null && source.header_secret !== null
              ? { name: source.header_name, value: await openHeaderValue(store, source.header_secret) }
              : null,
          etag: source.last_hash === null ? null : source.etag,
          lastModified: source.last_hash === null ? null : source.last_modified,
          timeoutMs: options.timeoutMs ?? limits.timeoutMs,
          maxBytes: options.maxBytes ?? limits.maxBytes,
          dir,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        if (!fetched.changed)
          return await finish('skipped', 'unchanged: the server answered 304 Not Modified', null, {
            etag: fetched.etag,
            last_modified: fetched.lastModified,
          });
        bytes = fetched.file.size;
        seen = { etag: fetched.etag, last_modified: fetched.lastModified, last_hash: fetched.sha256 };
        if (fetched.sha256 === source.last_hash)
          return await finish('skipped', 'unchanged: same content (SHA-256) as the last import', null, seen);
        pulled = [fetched.file];
      } else {
        const folder = await readFolder(checkedFolder(source.location, 'location'));
        bytes = folder.bytes;
        seen = { etag: null, last_modified: null, last_hash: folder.sha256 };
        if (folder.sha256 === source.last_hash)
          return await finish(
            'skipped',
            'unchanged: same files and content (SHA-256) as the last import',
            null,
            seen,
          );
        pulled = folder.files;
      }
      const files = await sourceImportFiles(pulled, await mappingOf(store, source));
      const importer = options.importer ?? importFiles;
      const result = await importer(store, files, {
        source: `source:${source.name}`,
        orgId: source.org_id,
        snapshot: source.snapshot === '' ? [] : (source.snapshot.split(',') as MappableTable[]),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      if (!result.ok) return await finish('failed', refusedMessage(result), result);
      return await finish('succeeded', importedMessage(result), result, seen);
    } catch (error) {
      const message =
        error instanceof SourceFetchError || (error instanceof Error && error.name === 'DomainError')
          ? error.message
          : `the run failed: ${error instanceof Error ? error.message : String(error)}`;
      return await finish('failed', message, null);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  return outcome.ran ? { ran: true, end: outcome.value } : { ran: false };
}
