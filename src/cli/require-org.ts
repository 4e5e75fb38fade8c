import type { Store } from '../db/database.ts';
import { findDefaultOrg, type OrgRecord } from '../db/org-repo.ts';
import { CliError } from './cli-error.ts';

/** The organisation a command works on; a store without one is an error that says how to make one. */
export async function requireOrg(store: Store): Promise<OrgRecord> {
  const org = await findDefaultOrg(store.db);
  if (!org) {
    throw new CliError(`no organisation in ${store.location} yet: run "udn import DIR" or "udn demo" first`);
  }
  return org;
}
