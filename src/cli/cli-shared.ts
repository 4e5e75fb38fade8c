import { Option } from 'commander';
import { openStore, resolveDbTarget, type Store } from '../db/database.ts';
import { findDefaultOrg, type OrgRecord } from '../db/org-repo.ts';

export const dbOption = () =>
  new Option(
    '--db <target>',
    'SQLite file path or postgres:// URL (default: env UDN_DB, else ./data/udn.sqlite)',
  );

/** Opens the store named by --db / UDN_DB, runs `work`, and always closes it. */
export async function withStore<T>(
  dbTarget: string | undefined,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(resolveDbTarget(dbTarget));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export class CliError extends Error {}

export async function requireOrg(store: Store): Promise<OrgRecord> {
  const org = await findDefaultOrg(store.db);
  if (!org) {
    throw new CliError(`no organisation in ${store.location} yet: run "udn import DIR" or "udn demo" first`);
  }
  return org;
}
