import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { DialectName } from './database.ts';
import * as initial from './migrations/2026-11-28-0001-initial.ts';
import * as dashboards from './migrations/2026-11-28-0002-dashboards.ts';
import * as goals from './migrations/2026-11-28-0003-goals.ts';
import * as quotaLinks from './migrations/2026-12-06-0004-quota-links.ts';

export type DialectMigration = {
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
};

/** Migrations in order; the same set serves SQLite and PostgreSQL. */
const MIGRATIONS: Record<string, DialectMigration> = {
  '2026-11-28-0001-initial': initial,
  '2026-11-28-0002-dashboards': dashboards,
  '2026-11-28-0003-goals': goals,
  '2026-12-06-0004-quota-links': quotaLinks,
};

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

export async function migrateToLatest<T>(db: Kysely<T>, dialect: DialectName): Promise<void> {
  const migrator = new Migrator({ db: db as Kysely<unknown>, provider: new StaticProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
}
