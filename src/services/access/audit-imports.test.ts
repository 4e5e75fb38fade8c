import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL } from '../../../test/support/test-app.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import type { ImportResult } from '../../core/contracts/imports.ts';
import { queryAuditLog } from '../../db/audit-repo.ts';
import { filesInDirectory } from '../../importer/import-source.ts';
import { runImport } from '../../importer/run-import.ts';
import { auditImportFinished } from './audit-imports.ts';

describe.each(DIALECTS)('the audit entry of a finished import on %s', (dialect) => {
  let store: TestStore;
  let result: ImportResult;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    result = await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
  });
  afterAll(() => store.dispose());

  const job = (id: number) => ({
    id,
    source: 'upload',
    status: 'succeeded' as const,
    startedAt: 0,
    finishedAt: 1,
    progress: null,
    result: null,
  });

  it('says what an import wrote, and why one failed', async () => {
    const orgId = result.orgId!;
    await auditImportFinished(store, job(result.importId), { status: 'succeeded', result }, orgId);
    await auditImportFinished(
      store,
      job(99),
      { status: 'cancelled', result: null, message: 'cancelled by its uploader' },
      orgId,
    );
    const { entries } = await queryAuditLog(store.db, { orgId, kind: 'import', limit: 10 });
    const inserted = result.files.reduce((sum, file) => sum + file.inserted, 0);
    expect(inserted).toBeGreaterThan(1000);
    expect(entries.map((e) => [e.action, e.subject, e.summary, e.actor_via])).toEqual([
      ['cancelled', '99', 'import #99 cancelled: cancelled by its uploader', 'system'],
      [
        'succeeded',
        String(result.importId),
        `import #${result.importId} succeeded: ${inserted} rows inserted, 0 updated, 0 errors`,
        'system',
      ],
    ]);
    expect(JSON.parse(entries[1]!.after!)).toMatchObject({
      errorCount: 0,
      changed: true,
      dataVersion: result.dataVersion,
    });
  });
});
