import type { ImportJob } from '../../core/contracts/imports.ts';
import type { Store } from '../../db/database.ts';
import type { ImportJobEnd } from '../imports/import-jobs.ts';
import { recordAudit } from './audit.ts';

/**
 * Records how an upload's import ended (the upload itself is audited when it is accepted): what it
 * wrote, or why it was refused. The system writes it, the import having run on its own thread.
 */
export async function auditImportFinished(
  store: Store,
  job: ImportJob,
  end: ImportJobEnd,
  orgId: number,
): Promise<void> {
  const result = end.result;
  const written = result
    ? result.files.reduce(
        (sum, file) => ({ inserted: sum.inserted + file.inserted, updated: sum.updated + file.updated }),
        { inserted: 0, updated: 0 },
      )
    : null;
  const summary = result
    ? `import #${job.id} ${end.status}: ${written!.inserted} rows inserted, ${written!.updated} updated, ${result.errorCount} errors`
    : `import #${job.id} ${end.status}: ${'message' in end ? end.message : ''}`;
  await recordAudit(store, {
    orgId,
    actor: null,
    ip: null,
    kind: 'import',
    action: end.status,
    subject: String(job.id),
    summary,
    after: result
      ? {
          files: result.files,
          errorCount: result.errorCount,
          changed: result.changed,
          dataVersion: result.dataVersion,
        }
      : undefined,
  });
}
