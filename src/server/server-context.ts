import type { FastifyRequest } from 'fastify';
import type { ClusterMessage } from '../core/contracts/cluster.ts';
import type { ImportJob } from '../core/contracts/imports.ts';
import { notFound } from '../core/errors.ts';
import type { Store } from '../db/database.ts';
import { findOrg, type OrgRecord } from '../db/org-repo.ts';
import type { AlertEngine } from '../services/alerts/alert-engine.ts';
import type { ImportJobEnd, ImportJobs } from '../services/imports/import-jobs.ts';
import type { Notifier } from '../services/notifications/notifier.ts';
import type { WebhookDispatcher } from '../services/webhooks/webhook-dispatcher.ts';
import type { DeclaredRoute, PrincipalResolver } from './access/route-guard.ts';
import type { LiveEvents } from './live-events.ts';
import type { ResponseCache } from './response-cache.ts';
import type { Hooks } from './server-hooks.ts';
import type { UploadSpace } from './uploads/upload-space.ts';

/** What every route needs: the store, the answer cache, the live stream and the organisation served. */
export interface ServerContext {
  store: Store;
  cache: ResponseCache;
  live: LiveEvents;
  /** The organisation the request acts in (its principal's), with its current data_version (which keys the cache). */
  org(request: FastifyRequest): Promise<OrgRecord>;
  /** The organisation of this id, as `org` remembers it. */
  orgById(orgId: number): Promise<OrgRecord>;
  /**
   * Call after a write that changed the organisation's record (settings) or, given, its data
   * version: this server reloads it, and so do the other servers on the database.
   */
  orgChanged(orgId: number, dataVersion?: number): void;
  /** This server among those on the database: what it tells the others carries it, so it skips its own echo. */
  instanceId: string;
  /**
   * Tells the other servers on the database (cluster-sync.ts applies it there), after this server
   * did the same itself; on SQLite only other apps on this store hear it. Never throws.
   */
  tell(message: ClusterMessage): void;
  uploadLimitBytes: number;
  /** The import jobs of this server (one worker thread each). */
  jobs: ImportJobs;
  /** The temporary disk of uploads being received or waiting for their import. */
  uploads: UploadSpace;
  /**
   * Who a request acts as, asked in order (bearer token, session cookie, share link …): each kind
   * of credential adds its resolver when the app is built.
   */
  principals: PrincipalResolver[];
  /** Every route with its declared access, as registered (the permission matrix test reads it). */
  routes: readonly DeclaredRoute[];
  /**
   * Once per new data version of an organisation on this server, whoever made it (this server, another
   * server, the CLI on the same database): what alerts are evaluated on. Every server hears it, so
   * work that must happen once takes a lock (db/advisory-lock.ts).
   */
  afterDataChange: Hooks<[orgId: number, dataVersion: number]>;
  /** When an import job of this server ended, succeeded or not (only the server that ran it hears it). */
  afterImport: Hooks<[orgId: number, job: ImportJob, end: ImportJobEnd]>;
  /** After a goal, target or task write on this server (live-announce.ts `announce`): webhooks' goal.changed. */
  afterGoalsChange: Hooks<[orgId: number]>;
  /** Outbound webhooks: `ctx.webhooks.emit({ orgId, event, data })` queues and sends an event (docs/webhooks.md). */
  webhooks: WebhookDispatcher;
  /** Notifications to members: the bell, e-mail and chat (services/notifications/notifier.ts). */
  notifier: Notifier;
  /** Alert rules' evaluation (services/alerts/alert-engine.ts): routes check now, tests reach it. */
  alerts: AlertEngine;
  /** Runs imports one at a time: each is one big transaction, and queued is clearer than locked. */
  serialize<T>(work: () => Promise<T>): Promise<T>;
}

export interface OrgSource {
  org(orgId: number): Promise<OrgRecord>;
  /** Forgets the remembered record of one organisation (or of all): its data version changed. */
  invalidate(orgId?: number): void;
}

/**
 * Organisation records by id, each remembered for `ttlMs`: every KPI request needs its
 * organisation's data version, and one query per request is a measurable share of a cached answer.
 * Writes through this server, those other servers announce (cluster-sync.ts) and the live poller
 * invalidate it at once, so the TTL only bounds how late a change nobody announced (another
 * process's import on SQLite) is seen by a page that is not listening to /events.
 */
export function orgSource(store: Store, ttlMs: number): OrgSource {
  const remembered = new Map<number, { record: OrgRecord; at: number }>();
  const loading = new Map<number, Promise<OrgRecord>>();
  const generation = new Map<number, number>();
  let allGeneration = 0;
  const load = async (orgId: number): Promise<OrgRecord> => {
    const found = await findOrg(store.db, orgId);
    if (!found) throw notFound('organisation', orgId);
    return found;
  };
  return {
    async org(orgId) {
      const known = remembered.get(orgId);
      if (known && performance.now() - known.at < ttlMs) return known.record;
      const pending = loading.get(orgId);
      if (pending) return pending;
      const started = `${allGeneration}:${generation.get(orgId) ?? 0}`;
      const promise = load(orgId).finally(() => loading.delete(orgId));
      loading.set(orgId, promise);
      const record = await promise;
      if (started === `${allGeneration}:${generation.get(orgId) ?? 0}`) {
        remembered.set(orgId, { record, at: performance.now() });
      }
      return record;
    },
    invalidate(orgId) {
      if (orgId === undefined) {
        allGeneration++;
        remembered.clear();
        loading.clear();
        return;
      }
      generation.set(orgId, (generation.get(orgId) ?? 0) + 1);
      remembered.delete(orgId);
      loading.delete(orgId);
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
