import { afterEach, describe, expect, it } from 'vitest';
import { udn } from '../../../test/support/run-udn.ts';
import { createBlankTarget, DIALECTS } from '../../../test/support/test-stores.ts';
import { MIGRATIONS } from '../../db/migration-list.ts';

const ALL = Object.keys(MIGRATIONS);

// A deployment that migrates explicitly: `udn migrate --status` tells, `udn migrate` applies, and a
// server told not to migrate refuses a database that is behind rather than serve it half-made.
describe.each(DIALECTS)('udn migrate on %s', (dialect) => {
  let dispose: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await dispose?.();
    dispose = null;
  });

  it('lists pending migrations, applies them, and a --no-migrate server refuses until then', async () => {
    const blank = await createBlankTarget(dialect);
    dispose = blank.dispose;
    const db = ['--db', blank.target];
    if (dialect === 'postgres') {
      // An empty PostgreSQL database exists already; --status on it lists everything as pending.
      const before = await udn(['migrate', '--status', ...db]);
      expect(before.stdout).toContain(ALL.map((name) => `pending  ${name}`).join('\n'));
      expect(before.code).toBe(0);
    } else {
      // --status creates no SQLite file where there was none.
      const missing = await udn(['migrate', '--status', ...db]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('no UDN database at');
    }
    const refused = await udn(['serve', '--no-migrate', '--port', '0', ...db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${ALL.length} pending migrations`);
    expect(refused.stderr).toContain('run "udn migrate" first');

    const applied = await udn(['migrate', ...db]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`${ALL.map((name) => `applied  ${name}`).join('\n')}\n`);
    expect(applied.stdout).toContain(`applied ${ALL.length} migrations`);

    const status = await udn(['migrate', '--status', ...db]);
    expect(status.stdout).toContain(ALL.map((name) => `applied  ${name}`).join('\n'));
    expect(status.stdout).toContain('the database is current');
  });
});
