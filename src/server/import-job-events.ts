import type { ClusterMessage } from '../core/contracts/cluster.ts';
import type { ImportJob } from '../core/contracts/imports.ts';
import type { Store } from '../db/database.ts';
import { auditImportFinished } from '../services/access/audit-imports.ts';
import { listGoals } from '../services/goals/goals-service.ts';
import type { ImportJobEnd, ImportJobsOptions } from '../services/imports/import-jobs.ts';
import type { LiveEvents } from './live-events.ts';
import type { OrgSource } from './server-context.ts';

/** Progress events per job at most this often (ms): a page redraws a bar, it needs no more. */
const PROGRESS_EVERY_MS = 250;

/**
 * What the server does as its import jobs go: their progress and end on the live stream, and, when
 * an import changed the data, what a write through this server always does (the organisation
 * record and the answer cache move to the new version, open pages hear data-changed, goal
 * progress is computed ahead). An import that changed nothing leaves all of that alone.
 */
export function importJobEvents(
  store: Store,
  live: LiveEvents,
  orgs: OrgSource,
  /** Tells the other servers on the database (their admins' pages follow the import too). */
  tell: (message: ClusterMessage) => void,
  onError: (error: unknown, message: string) => void,
): Pick<ImportJobsOptions, 'onProgress' | 'onFinished' | 'onError'> {
  const lastProgress = new Map<number, number>();
  return {
    onProgress(job: ImportJob, orgId: number) {
      const now = performance.now();
      const progress = job.progress;
      if (!progress) return;
      // A file's last progress always goes out: a page shows each file reach 100 %.
      const last = progress.bytes >= progress.totalBytes;
      if (!last && now - (lastProgress.get(job.id) ?? Number.NEGATIVE_INFINITY) < PROGRESS_EVERY_MS) return;
      lastProgress.set(job.id, now);
      live.publish(orgId, { type: 'import-progress', importId: job.id, progress });
      tell({ t: 'import-progress', org: orgId, importId: job.id, progress });
    },
    onFinished(job: ImportJob, end: ImportJobEnd, orgId: number) {
      lastProgress.delete(job.id);
      void auditImportFinished(store, job, end, orgId).catch((error: unknown) =>
        onError(error, 'audit of an import failed'),
      );
      const result = end.result;
      if (result?.ok && result.changed) {
        orgs.invalidate(orgId);
        live.dataChanged(orgId, result.dataVersion);
        tell({ t: 'org', org: orgId, v: result.dataVersion });
        // The import synced the quota goals (services/imports/import-files.ts); their progress needs
        // one KPI report per period: computed now, so the pages that reload on this event find them ready.
        void orgs
          .org(orgId)
          .then((fresh) => listGoals(store, fresh))
          .catch((error: unknown) => onError(error, 'goal progress after import failed'));
      }
      const finished = {
        importId: job.id,
        status: end.status,
        changed: result?.changed ?? false,
        dataVersion: result?.dataVersion ?? null,
      };
      live.publish(orgId, { type: 'import-finished', ...finished });
      tell({ t: 'import-finished', org: orgId, ...finished });
    },
    onError: (error) => onError(error, 'import job'),
  };
}
