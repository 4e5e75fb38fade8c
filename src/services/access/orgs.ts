import { DomainError, invalid, notFound } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import { listMembers } from '../../db/members-repo.ts';
import {
  createOrg,
  findOrg,
  findOrgBySlug,
  listOrgs,
  type OrgRecord,
  setOpenLeaderboard,
  slugOf,
  updateOrgSettings,
} from '../../db/org-repo.ts';
import { auditNothingChanged, recordAudit } from './audit.ts';
import type { ChangeSource } from './members.ts';

/** A slug as people type it on the command line and see it in URLs. */
export function checkSlug(slug: string): string {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(slug)) {
    throw invalid(
      'slug',
      `"${slug}" is not a slug: use 1 to 40 lower-case letters, digits and dashes (e.g. "${slugOf(slug) || 'acme'}")`,
      { rule: 'slug' },
    );
  }
  return slug;
}

/** Creates an organisation named by `slug`; a slug already taken is a conflict, not a renamed copy. */
export async function addOrg(store: Store, slug: string, name?: string): Promise<OrgRecord> {
  checkSlug(slug);
  if (await findOrgBySlug(store.db, slug)) {
    throw new DomainError('conflict', `an organisation "${slug}" already exists`, {
      field: 'slug',
      params: { rule: 'taken' },
    });
  }
  const trimmed = name?.trim();
  return createOrg(store.db, trimmed ? { name: trimmed } : { name: slug }, slug);
}

export interface OrgListRow {
  org: OrgRecord;
  members: number;
}

export async function listOrgsWithMembers(store: Store): Promise<OrgListRow[]> {
  const orgs = await listOrgs(store.db);
  return Promise.all(
    orgs.map(async (org) => ({ org, members: (await listMembers(store.db, org.id)).length })),
  );
}

/** What PATCH /org/settings changes. */
export interface OrgSettingsPatch {
  name?: string | undefined;
  openLeaderboard?: boolean | undefined;
}

/** Renames the organisation or opens its leaderboard; audited with the values before and after. */
export async function changeOrgSettings(
  store: Store,
  source: ChangeSource,
  patch: OrgSettingsPatch,
): Promise<OrgRecord> {
  const orgId = source.principal.orgId;
  const org = await findOrg(store.db, orgId);
  if (!org) throw notFound('organisation', orgId);
  const name = patch.name?.trim();
  if (name !== undefined && (name.length === 0 || name.length > 200)) {
    throw invalid('name', 'must be 1 to 200 characters', { rule: 'length' });
  }
  const before = { name: org.name, openLeaderboard: org.open_leaderboard };
  const after = {
    name: name ?? org.name,
    openLeaderboard: patch.openLeaderboard ?? org.open_leaderboard,
  };
  if (after.name === before.name && after.openLeaderboard === before.openLeaderboard) {
    auditNothingChanged();
    return org;
  }
  if (after.name !== before.name) await updateOrgSettings(store.db, orgId, { name: after.name });
  if (after.openLeaderboard !== before.openLeaderboard)
    await setOpenLeaderboard(store.db, orgId, after.openLeaderboard);
  const changed = [
    after.name !== before.name ? `name "${before.name}" → "${after.name}"` : null,
    after.openLeaderboard !== before.openLeaderboard
      ? `open leaderboard ${after.openLeaderboard ? 'on' : 'off'}`
      : null,
  ].filter((part) => part !== null);
  await recordAudit(store, {
    orgId,
    actor: source.principal,
    ip: source.ip,
    kind: 'settings',
    action: 'updated',
    subject: org.slug,
    summary: `organisation settings: ${changed.join(', ')}`,
    before,
    after,
  });
  return (await findOrg(store.db, orgId))!;
}
