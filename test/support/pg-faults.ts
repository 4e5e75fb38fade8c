import pg from 'pg';
import type { Store } from '../../src/db/database.ts';
import { TEST_PG_URL } from './test-stores.ts';

/** The database name of a PostgreSQL store. */
export function databaseOf(store: Pick<Store, 'target'>): string {
  return decodeURIComponent(new URL(store.target).pathname.slice(1));
}

async function admin<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Terminates every backend connected to `database` (as a restart or failover would); returns how many. */
export async function terminateBackends(database: string): Promise<number> {
  const rows = await admin<{ ok: boolean }>(
    'select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [database],
  );
  return rows.filter((row) => row.ok).length;
}

/** Lets `database` take new connections or not (ALLOW_CONNECTIONS): "unreachable" without stopping the server. */
export async function allowConnections(database: string, allow: boolean): Promise<void> {
  await admin(
    `alter database ${pg.escapeIdentifier(database)} allow_connections ${allow ? 'true' : 'false'}`,
  );
}
