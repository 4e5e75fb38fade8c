import { clusterBusOf } from '../../db/cluster-bus.ts';
import type { Store } from '../../db/database.ts';
import { findOrg } from '../../db/org-repo.ts';
import type { ImportFile } from '../../importer/import-source.ts';
import { type ImportOptions, type ImportResult, runImport } from '../../importer/run-import.ts';
import { linkRepsByEmail } from '../access/members.ts';
import { syncQuotaGoals } from '../goals/quota-sync.ts';

/**
 * What follows every successful import, whoever ran it (udn import, an upload, the demo): the
 * imported sales quotas appear as quota goals (docs/adr/0005). A refused import wrote nothing, and
 * one that changed nothing left the quotas as they were, so there is nothing to follow.
 */
export async function afterImport(store: Store, result: ImportResult): Promise<void> {
  // A dry run wrote nothing (docs/adr/0020-snapshots-and-push.md).
  if (result.dryRun) return;
  if (result.ok && result.orgId !== null) await linkRepsByEmail(store, result.orgId);
  if (!result.ok || !result.changed || result.orgId === null) return;
  const org = await findOrg(store.db, result.orgId);
  if (!org) return;
  await syncQuotaGoals(store, org, { force: true });
  // Servers on the database (PostgreSQL) hear of it now rather than on their next poll.
  await clusterBusOf(store).publish({ t: 'org', org: org.id, v: org.data_version });
}

/** runImport followed by afterImport: the one way the CLI, the server and the demo import. */
export async function importFiles(
  store: Store,
  files: readonly ImportFile[],
  options: ImportOptions,
): Promise<ImportResult> {
  const result = await runImport(store, files, options);
  await afterImport(store, result);
  return result;
}
