import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { ClusterEnvelope, ClusterMessage } from '../core/contracts/cluster.ts';
import type { Store } from './database.ts';
import type { Database } from './schema.ts';

/** The one channel every instance listens on; messages say what they are about. */
export const CLUSTER_CHANNEL = 'udn_cluster';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7999;
/** The sender of what services publish (the CLI, or a server's services): no server skips it as its own. */
export const PROCESS_SENDER = `process:${randomUUID()}`;

export type ClusterListener = (message: ClusterMessage, from: string) => void;

export interface ClusterSubscription {
  /** Heard: every message, this process's own included (the listener skips what it already did). */
  onMessage: ClusterListener;
  /**
   * The connection that listens was lost and is back: what was sent meanwhile is lost, so
   * everything cached may be stale. Never called on SQLite.
   */
  onResync?: () => void;
  onError?: (error: unknown) => void;
}

export interface PublishOptions {
  /** Who sends; default PROCESS_SENDER. A server passes its own id to skip its echo. */
  from?: string;
  /** The transaction that wrote: on PostgreSQL the message is then delivered only if it commits. */
  within?: Kysely<Database>;
}

/**
 * Messages between the processes of one database (docs/adr/0016-cluster-bus.md): PostgreSQL
 * LISTEN/NOTIFY, or, on SQLite (one serving process), a bus inside this process.
 */
export interface ClusterBus {
  readonly kind: 'postgres' | 'in-process';
  /** Sends `message`; never throws (a lost message is covered by the data-version poll and resync). */
  publish(message: ClusterMessage, options?: PublishOptions): Promise<void>;
  /** Listens until the returned function is called; on PostgreSQL resolves once LISTEN ran (or first failed). */
  subscribe(subscription: ClusterSubscription): Promise<() => Promise<void>>;
}

/** Whether `message` fits a NOTIFY payload, envelope included. */
export function fitsPayload(message: ClusterMessage): boolean {
  return Buffer.byteLength(envelopeText(PROCESS_SENDER, message)) <= MAX_PAYLOAD_BYTES;
}

const envelopeText = (from: string, m: ClusterMessage): string =>
  JSON.stringify({ from, m } satisfies ClusterEnvelope);

function parseEnvelope(text: string | undefined): ClusterEnvelope | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Partial<ClusterEnvelope>;
    if (typeof parsed.from !== 'string' || typeof parsed.m !== 'object' || parsed.m === null) return null;
    return parsed as ClusterEnvelope;
  } catch {
    return null;
  }
}

const buses = new WeakMap<object, ClusterBus>();

/** The bus of `store`: one per open store, shared by whatever in this process uses it. */
export function clusterBusOf(store: Pick<Store, 'db' | 'dialect' | 'target' | 'health'>): ClusterBus {
  let bus = buses.get(store.db);
  if (!bus) {
    bus = store.dialect === 'postgres' ? postgresBus(store) : inProcessBus();
    buses.set(store.db, bus);
  }
  return bus;
}

function deliver(subscriptions: Iterable<ClusterSubscription>, envelope: ClusterEnvelope): void {
  for (const s of subscriptions) {
    try {
      s.onMessage(envelope.m, envelope.from);
    } catch (error) {
      s.onError?.(error);
    }
  }
}

function inProcessBus(): ClusterBus {
  const subscriptions = new Set<ClusterSubscription>();
  return {
    kind: 'in-process',
    async publish(message, options = {}) {
      const envelope = { from: options.from ?? PROCESS_SENDER, m: message };
      // After the caller's synchronous work, as a NOTIFY would be: listeners never run inside a write.
      setImmediate(() => deliver([...subscriptions], envelope));
    },
    async subscribe(subscription) {
      subscriptions.add(subscription);
      return async () => {
        subscriptions.delete(subscription);
      };
    },
  };
}

const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5_000;

function postgresBus(store: Pick<Store, 'db' | 'target' | 'health'>): ClusterBus {
  const subscriptions = new Set<ClusterSubscription>();
  let client: pg.Client | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryMs = FIRST_RETRY_MS;
  /** Whether a LISTEN ever succeeded: a later one follows a gap in which messages were lost. */
  let listenedBefore = false;
  let connecting: Promise<void> | null = null;

  const report = (error: unknown) => {
    store.health.reportFault(error);
    for (const s of subscriptions) s.onError?.(error);
  };

  const drop = (lost: pg.Client) => {
    if (client !== lost) return;
    client = null;
    lost.removeAllListeners('notification');
    void lost.end().catch(() => undefined);
    scheduleRetry();
  };

  const scheduleRetry = () => {
    if (subscriptions.size === 0 || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
  };

  // One dedicated client, not from the pool: LISTEN belongs to a session, and a pooled client would
  // be handed to queries (and its notifications to no one) the moment it was released.
  const connect = (): Promise<void> => {
    connecting ??= (async () => {
      const candidate = new pg.Client({ connectionString: store.target, connectionTimeoutMillis: 5_000 });
      candidate.on('error', (error) => {
        report(error);
        drop(candidate);
      });
      candidate.on('end', () => drop(candidate));
      candidate.on('notification', (n) => {
        if (n.channel !== CLUSTER_CHANNEL) return;
        const envelope = parseEnvelope(n.payload);
        if (envelope) deliver([...subscriptions], envelope);
      });
      try {
        await candidate.connect();
        await candidate.query(`LISTEN ${CLUSTER_CHANNEL}`);
      } catch (error) {
        report(error);
        candidate.removeAllListeners('end');
        void candidate.end().catch(() => undefined);
        scheduleRetry();
        return;
      }
      if (subscriptions.size === 0) {
        void candidate.end().catch(() => undefined);
        return;
      }
      client = candidate;
      retryMs = FIRST_RETRY_MS;
      if (listenedBefore) for (const s of [...subscriptions]) s.onResync?.();
      listenedBefore = true;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  return {
    kind: 'postgres',
    async publish(message, options = {}) {
      const text = envelopeText(options.from ?? PROCESS_SENDER, message);
      try {
        if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
          throw new Error(
            `cluster message "${message.t}" is ${Buffer.byteLength(text)} bytes, over NOTIFY's limit`,
          );
        }
        await sql`select pg_notify(${CLUSTER_CHANNEL}, ${text})`.execute(options.within ?? store.db);
      } catch (error) {
        // Inside a transaction the write fails with it, as it should; after a commit the write stands.
        if (options.within) throw error;
        report(error);
      }
    },
    async subscribe(subscription) {
      subscriptions.add(subscription);
      if (!client) await (connecting ?? connect());
      return async () => {
        subscriptions.delete(subscription);
        if (subscriptions.size > 0) return;
        if (retryTimer) clearTimeout(retryTimer);
        retryTimer = null;
        const open = client;
        client = null;
        listenedBefore = false;
        if (open) {
          open.removeAllListeners('end');
          await open.end().catch(() => undefined);
        }
      };
    },
  };
}
