import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseOf, terminateBackends } from '../../test/support/pg-faults.ts';
import { createTestStore, type TestStore } from '../../test/support/test-stores.ts';
import { isStoreUnavailable } from './store-faults.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work`, and while it runs terminates every backend of the store's database. */
async function terminatedDuring<T>(
  store: TestStore,
  work: () => Promise<T>,
): Promise<T | { failed: unknown }> {
  const running = work().then(
    (value) => value,
    (error: unknown) => ({ failed: error }),
  );
  await sleep(300);
  expect(await terminateBackends(databaseOf(store))).toBeGreaterThan(0);
  return running;
}

// A terminated backend (restart, failover, pg_terminate_backend) must not end the process: the
// pool drops the client, a read is retried once on a new one, a write fails with a store fault.
describe('PostgreSQL connections that survive a terminated backend', () => {
  let store: TestStore | null = null;
  afterEach(async () => {
    await store?.dispose();
    store = null;
  });

  it('a read cut off mid-query is retried once on a fresh connection and answers', async () => {
    store = await createTestStore('postgres');
    const { db } = store;
    const result = await terminatedDuring(store, () =>
      sql<{ n: number }>`select 7 as n from pg_sleep(1)`.execute(db),
    );
    expect(result).toEqual({ rows: [{ n: 7 }] });
  });

  it('idle pooled connections that were terminated are replaced, and the store says so', async () => {
    store = await createTestStore('postgres');
    const changes: boolean[] = [];
    store.health.on('change', (state) => changes.push(state.ready));
    await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(store!.db)));
    expect(await terminateBackends(databaseOf(store))).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 100 && changes.length < 2; i++) await sleep(50);
    // Faulted when the idle clients heard of it, then ready again after a probe.
    expect(changes).toEqual([false, true]);
    const { rows } = await sql<{ n: number }>`select 1 as n`.execute(store.db);
    expect(rows).toEqual([{ n: 1 }]);
    expect(store.health.state()).toMatchObject({ ready: true, error: null });
  });

  it('a write cut off mid-statement is not run again: it fails with a store fault', async () => {
    store = await createTestStore('postgres');
    const { db } = store;
    const before = await db.selectFrom('orgs').select('id').execute();
    const result = await terminatedDuring(store, () =>
      sql`insert into orgs (name, timezone, currency, fiscal_year_start_month, gross_margin, created_at) select 'Cut off', 'UTC', 'USD', 1, 0.5, 0 from pg_sleep(1)`.execute(
        db,
      ),
    );
    expect(result).toHaveProperty('failed');
    expect(isStoreUnavailable((result as { failed: unknown }).failed)).toBe(true);
    expect(await db.selectFrom('orgs').select('id').execute()).toEqual(before);
  });

  it('a read inside a transaction is not retried: the transaction fails and nothing of it stays', async () => {
    store = await createTestStore('postgres');
    const { db } = store;
    const result = await terminatedDuring(store, () =>
      db.transaction().execute(async (trx) => {
        await sql`insert into orgs (name, timezone, currency, fiscal_year_start_month, gross_margin, created_at) values ('In trx', 'UTC', 'USD', 1, 0.5, 0)`.execute(
          trx,
        );
        return sql`select 1 from pg_sleep(1)`.execute(trx);
      }),
    );
    expect(result).toHaveProperty('failed');
    expect(isStoreUnavailable((result as { failed: unknown }).failed)).toBe(true);
    const rows = await db.selectFrom('orgs').select('name').where('name', '=', 'In trx').execute();
    expect(rows).toEqual([]);
  });
});
