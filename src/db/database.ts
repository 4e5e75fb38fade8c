import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';

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
  close(): Promise<void>;
}

export const DEFAULT_DB_PATH = './data/udn.sqlite';

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** The database to use: the --db option, else env UDN_DB, else ./data/udn.sqlite. */
export function resolveDbTarget(option: string | undefined): string {
  return option ?? process.env.UDN_DB ?? DEFAULT_DB_PATH;
}

function openSqlite(file: string): Store {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // Larger page cache and memory-mapped reads: the rollup rebuilds and report queries are read-heavy.
  sqlite.pragma('cache_size = -131072');
  sqlite.pragma('mmap_size = 1073741824');
  sqlite.pragma('temp_store = FILE');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', sqlite, location: file, target: file, close: () => db.destroy() };
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function openPostgres(url: string): Store {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      // Instants and money are bigint columns but always within 2^53: read them as numbers.
      if (oid === INT8_OID) return (value: string) => Number.parseInt(value, 10);
      if (oid === NUMERIC_OID) return (value: string) => Number.parseFloat(value);
      return pg.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return { db, dialect: 'postgres', location: safe, target: url, close: () => db.destroy() };
}

/** Opens the store at `target` (a file path or a postgres:// URL) and brings its schema up to date. */
export async function openStore(target: string): Promise<Store> {
  const store = isPostgresUrl(target) ? openPostgres(target) : openSqlite(target);
  try {
    await migrateToLatest(store.db, store.dialect);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
