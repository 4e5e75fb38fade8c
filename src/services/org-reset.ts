import type { OrgDataSummary, OrgResetResult } from '../core/contracts/imports.ts';
import { DomainError } from '../core/errors.ts';
import { listDashboards } from '../db/dashboards-repo.ts';
import type { Store } from '../db/database.ts';
import { findRunningImport, succeededImportSources } from '../db/imports-repo.ts';
import { bumpDataVersion, countOrgData, deleteOrgRecords, type OrgRecord } from '../db/org-repo.ts';

/**
 * An import still "running" after this long was left by a process that stopped mid-way (its
 * transaction rolled back with it): at the measured import speed (docs/performance.md) no real
 * import takes a fraction of it.
 */
export const ABANDONED_IMPORT_MS = 2 * 60 * 60 * 1000;

/** Removing the data is refused while an import runs: it would write into a half-empty organisation. */
function importRunning(running: { id: number; source: string; startedAt: number }): DomainError {
  const startedAt = new Date(running.startedAt).toISOString();
  return new DomainError(
    'busy',
    `import #${running.id} (${running.source}) started at ${startedAt} is still running: wait for it to finish, then remove the data`,
    { params: { entity: 'import', id: running.id, source: running.source, started_at: startedAt } },
  );
}

/** What removing the organisation's data would delete, and whether that data is only the demo. */
export async function orgDataSummary(
  store: Store,
  org: OrgRecord,
  now = Date.now(),
): Promise<OrgDataSummary> {
  const [counts, sources, running] = await Promise.all([
    countOrgData(store.db, org.id),
    succeededImportSources(store.db, org.id),
    findRunningImport(store.db, org.id, now - ABANDONED_IMPORT_MS),
  ]);
  return {
    counts,
    demoOnly: sources.length > 0 && sources.every((source) => source === 'demo'),
    importRunning: running !== undefined,
    dataVersion: org.data_version,
  };
}

/**
 * Removes everything the organisation holds, in one transaction, so a team that tried the demo
 * starts on its own data: refused while an import runs (the import would write into a half-empty
 * organisation, or be wiped halfway). The counts are taken in the same transaction, so they are
 * exactly what was deleted.
 */
export async function resetOrg(
  store: Store,
  orgId: number,
  now = Date.now(),
): Promise<OrgResetResult & { dashboardIds: number[] }> {
  return store.db.transaction().execute(async (trx) => {
    const running = await findRunningImport(trx, orgId, now - ABANDONED_IMPORT_MS);
    if (running) throw importRunning(running);
    const deleted = await countOrgData(trx, orgId);
    const dashboardIds = (await listDashboards(trx, orgId)).map((d) => d.id);
    await deleteOrgRecords(trx, orgId);
    const dataVersion = await bumpDataVersion(trx, orgId);
    return { deleted, dataVersion, dashboardIds };
  });
}
