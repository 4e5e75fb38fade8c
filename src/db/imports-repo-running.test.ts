import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/test-stores.ts';
import { DomainError } from '../core/errors.ts';
import { findImport, interruptStoppedImports, liveRunningImport, startImportRecord } from './imports-repo.ts';
import { createOrg } from './org-repo.ts';

/** A pid no process has: above the kernel's pid_max (4194304 at most). */
const DEAD_PID = 4_194_305;

describe.each(DIALECTS)('running imports on %s', (dialect) => {
  let store: TestStore;
  let orgId: number;
  beforeEach(async () => {
    store = await createTestStore(dialect);
    orgId = (await createOrg(store.db)).id;
  });
  afterEach(() => store.dispose());

  it('one per organisation: the database refuses a second running import, whoever starts it', async () => {
    const first = await startImportRecord(store.db, orgId, 'cli', Date.now());
    await expect(startImportRecord(store.db, orgId, 'upload', Date.now())).rejects.toMatchObject({
      code: 'busy',
      params: { id: first, source: 'cli' },
    });
    // Past the check, as a process racing this one would be: the partial unique index refuses it.
    await expect(
      store.db
        .insertInto('imports')
        .values({
          org_id: orgId,
          source: 'upload',
          status: 'running',
          started_at: Date.now(),
          error_count: 0,
        })
        .execute(),
    ).rejects.toThrow(/unique|UNIQUE/);
    // Another organisation's import runs beside; first imports (no organisation yet) exclude each other.
    const other = (await createOrg(store.db)).id;
    await expect(startImportRecord(store.db, other, 'upload', Date.now())).resolves.toBeGreaterThan(0);
    await startImportRecord(store.db, null, 'cli', Date.now());
    await expect(startImportRecord(store.db, null, 'cli', Date.now())).rejects.toBeInstanceOf(DomainError);
  });

  it('an import of a stopped process of this host is interrupted, on start or by the next import', async () => {
    const now = Date.now();
    const dead = await startImportRecord(store.db, orgId, 'upload', now, {
      host: os.hostname(),
      pid: DEAD_PID,
    });
    expect(await liveRunningImport(store.db, orgId)).toBeUndefined();
    // The next import takes the organisation's turn and marks the dead one interrupted.
    const next = await startImportRecord(store.db, orgId, 'cli', now);
    expect(await findImport(store.db, orgId, dead)).toMatchObject({ status: 'interrupted', changed: false });
    expect((await findImport(store.db, orgId, dead))!.errors[0]!.message).toMatch(/^interrupted: /);
    expect(await findImport(store.db, orgId, next)).toMatchObject({ status: 'running' });

    // On start: this host's stopped processes; another host's import is left as it is.
    const other = (await createOrg(store.db)).id;
    const elsewhere = await startImportRecord(store.db, other, 'cli', now, {
      host: 'another-host',
      pid: DEAD_PID,
    });
    const third = (await createOrg(store.db)).id;
    const stopped = await startImportRecord(store.db, third, 'upload', now, {
      host: os.hostname(),
      pid: DEAD_PID,
    });
    expect(await interruptStoppedImports(store.db)).toEqual(expect.arrayContaining([stopped]));
    const statuses = await store.db.selectFrom('imports').select(['id', 'status']).orderBy('id').execute();
    expect(statuses).toEqual([
      { id: dead, status: 'interrupted' },
      // This process's own import counts as left by an earlier process when a server starts.
      { id: next, status: 'interrupted' },
      { id: elsewhere, status: 'running' },
      { id: stopped, status: 'interrupted' },
    ]);
  });
});
