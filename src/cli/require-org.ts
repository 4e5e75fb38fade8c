import type { Store } from '../db/database.ts';
import { findOrgBySlug, listOrgs, type OrgRecord } from '../db/org-repo.ts';
import { checkSlug } from '../services/access/orgs.ts';
import { CliError } from './cli-error.ts';

/**
 * The organisation a command works on: the one named by `slug`, else the only one there is. A
 * store without one is an error that says how to make one; a store of several, one that lists them.
 */
export async function requireOrg(store: Store, slug?: string): Promise<OrgRecord> {
  if (slug !== undefined) {
    const org = await findOrgBySlug(store.db, slug);
    if (org) return org;
    const slugs = (await listOrgs(store.db)).map((o) => o.slug);
    throw new CliError(
      `no organisation "${slug}" in ${store.location}${slugs.length ? ` (there are: ${slugs.join(', ')})` : ''}`,
    );
  }
  const orgs = await listOrgs(store.db);
  if (orgs.length === 0) {
    throw new CliError(
      `no organisation in ${store.location} yet: run "udn orgs add SLUG", "udn import DIR" or "udn demo" first`,
    );
  }
  if (orgs.length > 1) {
    throw new CliError(
      `${store.location} holds ${orgs.length} organisations: say which with --org (${orgs.map((o) => o.slug).join(', ')})`,
    );
  }
  return orgs[0]!;
}

/**
 * The organisation slug an import (`import`, `demo`) goes to: the one given, made on the first
 * import when there is none of that slug; else the only one there is (undefined: the importer's
 * default, which makes the first organisation of an empty store). Several and none named is an error.
 */
export async function importOrgSlug(store: Store, slug?: string): Promise<string | undefined> {
  if (slug !== undefined) {
    try {
      return checkSlug(slug);
    } catch (error) {
      throw new CliError(`--org: ${(error as Error & { reason?: string }).reason ?? String(error)}`);
    }
  }
  const orgs = await listOrgs(store.db);
  if (orgs.length > 1) {
    throw new CliError(
      `${store.location} holds ${orgs.length} organisations: say which with --org (${orgs.map((o) => o.slug).join(', ')})`,
    );
  }
  return orgs[0]?.slug;
}
