import type { Store } from '../db/database.ts';
import { createOrg, findDefaultOrg, findOrg, type OrgRecord } from '../db/org-repo.ts';
import type { ImportJobs } from '../services/imports/import-jobs.ts';
import type { LiveEvents } from './live-events.ts';
import type { ResponseCache } from './response-cache.ts';
import type { UploadSpace } from './uploads/upload-space.ts';

/** What every route needs: the store, the answer cache, the live stream and the organisation served. */
export interface ServerContext {
  store: Store;
  cache: ResponseCache;
  live: LiveEvents;
  /** The organisation served, with its current data_version (which keys the cache). */
  org(): Promise<OrgRecord>;
  /** Call after a write that changed the organisation's data version. */
  orgChanged(): void;
  uploadLimitBytes: number;
  /** The import jobs of this server (one worker thread each). */
  jobs: ImportJobs;
  /** The temporary disk of uploads being received or waiting for their import. */
  uploads: UploadSpace;
  /** Runs imports one at a time: each is one big transaction, and queued is clearer than locked. */
  serialize<T>(work: () => Promise<T>): Promise<T>;
}

export interface OrgSource {
  org(): Promise<OrgRecord>;
  /** Forgets the remembered record: its data version changed. */
  invalidate(): void;
}

/**
 * The pinned organisation, or the install's first one (created empty when the database has none).
 * The record is remembered for `ttlMs`: every KPI request needs its data version, and one query per
 * request is a measurable share of a cached answer. Writes through this server and the live poller
 * invalidate it at once, so the TTL only bounds how late another process's import is seen by a page
 * that is not listening to /events.
 */
export function orgSource(store: Store, orgId: number | undefined, ttlMs: number): OrgSource {
  let remembered: { record: OrgRecord; at: number } | null = null;
  let loading: Promise<OrgRecord> | null = null;
  let generation = 0;
  const load = async (): Promise<OrgRecord> => {
    const found = orgId !== undefined ? await findOrg(store.db, orgId) : await findDefaultOrg(store.db);
    if (found) return found;
    if (orgId !== undefined) throw new Error(`organisation ${orgId} does not exist`);
    return createOrg(store.db);
  };
  return {
    async org() {
      if (remembered && performance.now() - remembered.at < ttlMs) return remembered.record;
      if (!loading) {
        const started = generation;
        loading = load().finally(() => {
          loading = null;
        });
        const record = await loading;
        if (started === generation) remembered = { record, at: performance.now() };
        return record;
      }
      return loading;
    },
    invalidate() {
      generation++;
      remembered = null;
      loading = null;
    },
  };
}

export function serialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}
