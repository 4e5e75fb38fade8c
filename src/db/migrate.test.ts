import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createBlankTarget, DIALECTS } from '../../test/support/test-stores.ts';
import { openStore, type Store } from './database.ts';
import {
  DatabaseNewerThanCodeError,
  migrateToLatest,
  migrationStatus,
  PendingMigrationsError,
} from './migrate.ts';
import { MIGRATIONS } from './migration-list.ts';

const ALL = Object.keys(MIGRATIONS);
const FUTURE = '2099-01-01-0099-from-a-newer-udn';

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  async function blank(): Promise<string> {
    const made = await createBlankTarget(dialect);
    cleanup.push(made.dispose);
    return made.target;
  }
  async function open(target: string, migrate: 'latest' | 'require-current' | 'none'): Promise<Store> {
    const store = await openStore(target, { migrate });
    cleanup.push(() => store.close());
    return store;
  }

  it('reports every migration pending on a blank database, applies them in order, then reports it current', async () => {
    const store = await open(await blank(), 'none');
    expect(await migrationStatus(store.db, dialect)).toEqual({ applied: [], pending: ALL, unknown: [] });
    expect(await migrateToLatest(store.db, dialect)).toEqual(ALL);
    expect(await migrationStatus(store.db, dialect)).toEqual({ applied: ALL, pending: [], unknown: [] });
    expect(await migrateToLatest(store.db, dialect)).toEqual([]);
  });

  it('refuses pending migrations when told not to apply them, and changes nothing', async () => {
    const target = await blank();
    const refused = openStore(target, { migrate: 'require-current' });
    await expect(refused).rejects.toBeInstanceOf(PendingMigrationsError);
    await expect(refused).rejects.toThrow(
      new RegExp(`${ALL.length} pending migrations .*run "udn migrate" first`),
    );
    const store = await open(target, 'none');
    expect((await migrationStatus(store.db, dialect)).applied).toEqual([]);
  });

  it('refuses a database migrated by a newer UDN, naming the migration it does not know', async () => {
    const target = await blank();
    const first = await open(target, 'latest');
    await sql`insert into kysely_migration (name, timestamp) values (${FUTURE}, ${new Date().toISOString()})`.execute(
      first.db,
    );
    for (const migrate of ['latest', 'require-current'] as const) {
      const refused = openStore(target, { migrate });
      await expect(refused).rejects.toBeInstanceOf(DatabaseNewerThanCodeError);
      await expect(refused).rejects.toThrow(
        `has migration ${FUTURE}, which this version does not know): upgrade UDN`,
      );
    }
    expect((await migrationStatus(first.db, dialect)).unknown).toEqual([FUTURE]);
  });

  it.runIf(dialect === 'postgres')(
    'lets two servers starting at once on a fresh database both migrate it',
    async () => {
      const target = await blank();
      const [a, b] = [await open(target, 'none'), await open(target, 'none')];
      const [byA, byB] = await Promise.all([migrateToLatest(a.db, dialect), migrateToLatest(b.db, dialect)]);
      // The Migrator's lock makes one apply everything and the other find nothing left to do.
      expect([...byA, ...byB].sort()).toEqual(ALL);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(
        a.db,
      );
      expect(rows[0]?.n).toBe(ALL.length);
    },
  );
});
