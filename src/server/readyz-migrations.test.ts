import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';

// A load balancer must not send traffic to a server whose code and database disagree: a newer UDN
// migrated the database under it (a rolling upgrade) and it would misread what it finds.
describe.each(DIALECTS)('/readyz and migrations on %s', (dialect) => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  it('is ready with migrations current, and 503 naming the migration a newer UDN applied', async () => {
    t = await createTestApp(dialect, { empty: true });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      ready: true,
      migrations: { current: true, pending: [], unknown: [] },
    });

    const future = '2099-01-01-0099-from-a-newer-udn';
    await sql`insert into kysely_migration (name, timestamp) values (${future}, ${new Date().toISOString()})`.execute(
      t.store.db,
    );
    const behind = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(behind.statusCode).toBe(503);
    expect(behind.headers['retry-after']).toBeDefined();
    expect(behind.json()).toMatchObject({
      ready: false,
      store: { ready: true },
      migrations: { current: false, pending: [], unknown: [future] },
    });
  });
});
