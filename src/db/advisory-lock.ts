import { type Kysely, sql } from 'kysely';
import type { Store } from './database.ts';
import type { DialectName } from './dialect.ts';
import type { Database } from './schema.ts';

/** The first key of every UDN advisory lock ('udn'), so another application's locks never collide. */
const LOCK_SPACE = 0x75646e;

export type Exclusive<T> = { ran: true; value: T } | { ran: false };

/** Names held by this process on SQLite, per store: there one process serves, so a mutex is enough. */
const heldInProcess = new WeakMap<object, Set<string>>();

/**
 * Runs `work` unless another instance (or this one) is running the work of that name: scheduled
 * jobs (quota sync, alerts, digests) run once across servers on one database. On PostgreSQL a
 * session advisory lock on one reserved connection, released at the end or when the connection
 * dies; on SQLite an in-process mutex. Returns `{ ran: false }` without waiting when it is held.
 */
export async function runExclusive<T>(
  store: Store,
  name: string,
  work: () => Promise<T>,
): Promise<Exclusive<T>> {
  if (store.dialect !== 'postgres') {
    const held = heldInProcess.get(store.db) ?? new Set<string>();
    heldInProcess.set(store.db, held);
    if (held.has(name)) return { ran: false };
    held.add(name);
    try {
      return { ran: true, value: await work() };
    } finally {
      held.delete(name);
    }
  }
  return store.db.connection().execute(async (connection) => {
    const { rows } = await sql<{
      got: boolean;
    }>`select pg_try_advisory_lock(${LOCK_SPACE}, hashtext(${name})) as got`.execute(connection);
    if (!rows[0]?.got) return { ran: false } as const;
    try {
      return { ran: true, value: await work() } as const;
    } finally {
      // A connection lost meanwhile took the lock with it: nothing left to release.
      await sql`select pg_advisory_unlock(${LOCK_SPACE}, hashtext(${name}))`
        .execute(connection)
        .catch(() => undefined);
    }
  });
}

/**
 * Inside a transaction: waits for the lock of `name`, held until the transaction ends, so two
 * instances doing the same write (creating one quota goal) take turns and the second sees the
 * first's rows. SQLite writes are serialized already: nothing to do there.
 */
export async function lockForTransaction(
  trx: Kysely<Database>,
  dialect: DialectName,
  name: string,
): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${LOCK_SPACE}, hashtext(${name}))`.execute(trx);
}
