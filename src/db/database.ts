import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type pg from 'pg';
import type { DialectName } from './dialect.ts';
import { migrateToLatest, PendingMigrationsError, refuseNewerDatabase } from './migrate.ts';
import { ResilientPostgresDialect } from './resilient-postgres.ts';
import type { Database } from './schema.ts';
import { StoreHealth } from './store-health.ts';

export type { DialectName };

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The SQLite handle, for statements prepared once and run many times (bulk import). */
  sqlite?: SQLite.Database;
  /** Where it points, without a password. */
  location: string;
  /** What it was opened with (a path or a URL, password included): another thread opens its own from it. */
  target: string;
  /** Whether the store can be reached now; connections report their faults here instead of crashing. */
  health: StoreHealth;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /**
   * How long a SQLite write waits for another process's write lock before failing with SQLITE_BUSY
   * (ms; default 5000). better-sqlite3 waits synchronously, stalling the whole event loop: a server
   * passes a short one and answers 503, the CLI can afford to wait.
   */
  busyTimeoutMs?: number;
  /**
   * 'latest' (default) applies pending migrations; 'require-current' refuses a database with
   * pending ones (PendingMigrationsError), for deployments that run `udn migrate` themselves;
   * 'none' opens it as it is (`udn migrate --status`, restore checks). A database migrated by a
   * newer UDN is refused by the first two (DatabaseNewerThanCodeError).
   */
  migrate?: 'latest' | 'require-current' | 'none';
}

/** The SQLite busy timeout of a process that serves requests: short, since the wait blocks every request. */
export const SERVER_BUSY_TIMEOUT_MS = 250;

export const DEFAULT_DB_PATH = './data/udn.sqlite';

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** The database to use: the --db option, else env UDN_DB, else ./data/udn.sqlite. */
export function resolveDbTarget(option: string | undefined): string {
  return option ?? process.env.UDN_DB ?? DEFAULT_DB_PATH;
}

const probeOf = (db: () => Kysely<Database>) => () => sql`select 1`.execute(db());

function openSqlite(file: string, options: OpenStoreOptions): Store {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 5000))}`);
  // Larger page cache and memory-mapped reads: the rollup rebuilds and report queries are read-heavy.
  sqlite.pragma('cache_size = -131072');
  sqlite.pragma('mmap_size = 1073741824');
  sqlite.pragma('temp_store = FILE');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const health = new StoreHealth({ probe: probeOf(() => db) });
  const close = () => {
    health.close();
    return db.destroy();
  };
  return { db, dialect: 'sqlite', sqlite, location: file, target: file, health, close };
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function openPostgres(url: string, pg: typeof import('pg').default): Store {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      // Instants and money are bigint columns but always within 2^53: read them as numbers.
      if (oid === INT8_OID) return (value: string) => Number.parseInt(value, 10);
      if (oid === NUMERIC_OID) return (value: string) => Number.parseFloat(value);
      return pg.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
  // A connection that cannot be had within 5 s fails (and the server answers 503) instead of waiting forever.
  const pool = new pg.Pool({ connectionString: url, max: 10, types, connectionTimeoutMillis: 5000 });
  const health = new StoreHealth({ probe: probeOf(() => db) });
  const fault = (error: unknown) => health.reportFault(error);
  // A terminated backend makes its client emit 'error' (idle ones through the pool): unheard, that
  // event would end the process. Heard, the client is dropped and the next query gets a new one.
  pool.on('error', fault);
  pool.on('connect', (client) => client.on('error', fault));
  const db: Kysely<Database> = new Kysely<Database>({
    dialect: new ResilientPostgresDialect({ pool }, fault),
  });
  const safe = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  const close = () => {
    health.close();
    return db.destroy();
  };
  return { db, dialect: 'postgres', location: safe, target: url, health, close };
}

/** Opens the store at `target` (a file path or a postgres:// URL) and brings its schema up to date. */
export async function openStore(target: string, options: OpenStoreOptions = {}): Promise<Store> {
  // pg is loaded only for a PostgreSQL store: a SQLite command (`udn kpi`) starts without it.
  const store = isPostgresUrl(target)
    ? openPostgres(target, (await import('pg')).default)
    : openSqlite(target, options);
  try {
    const migrate = options.migrate ?? 'latest';
    if (migrate === 'latest') await migrateToLatest(store.db, store.dialect);
    if (migrate === 'require-current') {
      const { pending } = await refuseNewerDatabase(store.db, store.dialect);
      if (pending.length > 0) throw new PendingMigrationsError(pending);
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
