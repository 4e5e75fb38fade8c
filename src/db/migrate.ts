import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { DialectName } from './dialect.ts';
import { MIGRATIONS } from './migration-list.ts';

/** Where Kysely's Migrator records what it applied (its default names). */
const MIGRATION_TABLE = 'kysely_migration';

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, migration]) => [
        name,
        { up: (db: Kysely<unknown>) => migration.up(db, this.dialect) },
      ]),
    );
  }
}

/** What a database has applied, against the migrations this code knows. */
export interface MigrationStatus {
  /** Known migrations the database has applied, in order. */
  applied: string[];
  /** Known migrations it has not applied yet, in order. */
  pending: string[];
  /** Migrations the database applied that this code does not know: a newer UDN wrote them. */
  unknown: string[];
}

/** A database migrated by a newer UDN than this one: it may hold what this code would misread or break. */
export class DatabaseNewerThanCodeError extends Error {
  constructor(readonly unknown: readonly string[]) {
    super(
      `the database was migrated by a newer UDN (it has migration ${unknown.join(', ')}, which this version does not know): upgrade UDN to use it`,
    );
  }
}

/** A database with migrations to apply, opened by a process told not to apply them (udn serve --no-migrate). */
export class PendingMigrationsError extends Error {
  constructor(readonly pending: readonly string[]) {
    super(
      `the database has ${pending.length} pending migration${pending.length === 1 ? '' : 's'} (${pending.join(', ')}): run "udn migrate" first`,
    );
  }
}

async function appliedNames(db: Kysely<unknown>, dialect: DialectName): Promise<string[]> {
  // One catalogue lookup, not Kysely's introspection (which reads every table's columns).
  const exists =
    dialect === 'sqlite'
      ? sql`select 1 from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`
      : sql`select 1 where to_regclass(${MIGRATION_TABLE}) is not null`;
  if ((await exists.execute(db)).rows.length === 0) return [];
  const { rows } = await sql<{
    name: string;
  }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db);
  return rows.map((row) => row.name);
}

/** Compares the database's applied migrations with the code's list; changes nothing. */
export async function migrationStatus<T>(db: Kysely<T>, dialect: DialectName): Promise<MigrationStatus> {
  const done = new Set(await appliedNames(db as Kysely<unknown>, dialect));
  const known = Object.keys(MIGRATIONS);
  return {
    applied: known.filter((name) => done.has(name)),
    pending: known.filter((name) => !done.has(name)),
    unknown: [...done].filter((name) => !(name in MIGRATIONS)),
  };
}

/** Throws DatabaseNewerThanCodeError when the database holds migrations this code does not know. */
export async function refuseNewerDatabase<T>(db: Kysely<T>, dialect: DialectName): Promise<MigrationStatus> {
  const status = await migrationStatus(db, dialect);
  if (status.unknown.length > 0) throw new DatabaseNewerThanCodeError(status.unknown);
  return status;
}

/**
 * Applies the pending migrations and returns their names (none when current). Several processes
 * may start on one fresh database at once: the Migrator runs under its lock (a PostgreSQL advisory
 * lock; SQLite's write lock), so one applies them and the others find them done.
 */
export async function migrateToLatest<T>(db: Kysely<T>, dialect: DialectName): Promise<string[]> {
  const status = await refuseNewerDatabase(db, dialect);
  // The common case, a current database, costs one query instead of the Migrator's lock and lookups.
  if (status.pending.length === 0) return [];
  const migrator = new Migrator({ db: db as Kysely<unknown>, provider: new StaticProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
