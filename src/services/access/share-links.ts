import type { Principal } from '../../core/access/principal.ts';
import { canEditDashboard, canWrite } from '../../core/access/record-policy.ts';
import { isAdminRole } from '../../core/access/roles.ts';
import type { ShareInfo, ShareLink } from '../../core/contracts/share-links.ts';
import { forbidden, invalid, notFound } from '../../core/errors.ts';
import { revokeCredential, touchCredential } from '../../db/credentials-repo.ts';
import { listDashboards } from '../../db/dashboards-repo.ts';
import type { Store } from '../../db/database.ts';
import { findOrg } from '../../db/org-repo.ts';
import { listReps } from '../../db/reference-repo.ts';
import {
  findShareLink,
  findShareLinkByHash,
  insertShareLink,
  listShareLinks,
  type ShareLinkRow,
} from '../../db/share-links-repo.ts';
import { findUserById } from '../../db/users-repo.ts';
import { LastUse } from './last-use.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** Every share link's secret starts so: recognisable in a leaked file, and by secret scanners. */
export const SHARE_PREFIX = 'udn_tv_';

/** Share links' last-used times (services/access/last-use.ts), as tokens' are. */
export class ShareLinkUse extends LastUse {
  constructor(store: Store, everyMs?: number) {
    super((id, at) => touchCredential(store.db, 'share_links', id, at), everyMs);
  }
}

export interface NewShareLink {
  name: string;
  dashboardIds: readonly number[];
  rotateSeconds: number;
  /** ISO 8601 date and time, or null: never expires. */
  expiresAt: string | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * Whether `principal` may put a dashboard on a TV: whoever may edit it. Until the record policy
 * decides edit rights per dashboard, that is owners, admins and managers.
 */

/** A share link as the API shows it: never its secret, nor its hash. */
async function shown(store: Store, row: ShareLinkRow): Promise<ShareLink> {
  const creator = row.created_by === null ? undefined : await findUserById(store.db, row.created_by);
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    dashboardIds: row.dashboard_ids,
    rotateSeconds: row.rotate_seconds,
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
    createdBy: creator ? row.created_by : null,
    createdByName: creator ? creator.name || creator.email : null,
  };
}

/**
 * Creates a link showing `values.dashboardIds` in turn; its secret is returned here once and only
 * its hash is kept. Every dashboard named must exist in the organisation and be one the creator
 * may edit: a link shows them to anyone who holds it.
 */
export async function createShareLink(
  store: Store,
  principal: Principal,
  values: NewShareLink,
  now = Date.now(),
): Promise<{ secret: string; link: ShareLink }> {
  if (!canWrite(principal)) {
    throw forbidden('only those who may edit a dashboard may share it on a TV', { entity: 'share_link' });
  }
  const dashboards = new Map((await listDashboards(store.db, principal.orgId)).map((d) => [d.id, d]));
  const reps = await listReps(store.db, principal.orgId);
  const seen = new Set<number>();
  values.dashboardIds.forEach((id, index) => {
    const dashboard = dashboards.get(id);
    if (!dashboard) throw invalid(`dashboardIds.${index}`, `dashboard ${id} does not exist`, { id });
    if (seen.has(id)) throw invalid(`dashboardIds.${index}`, `dashboard ${id} is named twice`, { id });
    // A link shows its dashboards to anyone holding it: only one who may change a dashboard publishes it.
    const policy = { id, ownerUserId: dashboard.ownerUserId, isDefault: dashboard.isDefault };
    if (!canEditDashboard(principal, policy, dashboard.shares, reps)) {
      throw forbidden(`you may not edit dashboard ${id}, so you may not share it on a TV`, {
        entity: 'share_link',
        id,
      });
    }
    seen.add(id);
  });
  let expiresAt: number | null = null;
  if (values.expiresAt !== null) {
    expiresAt = Date.parse(values.expiresAt);
    if (!Number.isFinite(expiresAt)) throw invalid('expiresAt', 'must be an ISO 8601 date and time');
    if (expiresAt <= now) throw invalid('expiresAt', 'must be in the future');
  }
  const { secret, hash, shown: prefix } = newSecret(SHARE_PREFIX);
  const row = await insertShareLink(store.db, {
    org_id: principal.orgId,
    name: values.name,
    created_by: principal.userId,
    token_hash: hash,
    prefix,
    dashboard_ids: values.dashboardIds,
    rotate_seconds: values.rotateSeconds,
    created_at: now,
    expires_at: expiresAt,
  });
  return { secret, link: await shown(store, row) };
}

/** The links `principal` manages: every link of the organisation for admins, else their own. */
export async function shareLinksOf(store: Store, principal: Principal): Promise<ShareLink[]> {
  const rows = await listShareLinks(
    store.db,
    principal.orgId,
    isAdminRole(principal.role) ? undefined : (principal.userId ?? ''),
  );
  return Promise.all(rows.map((row) => shown(store, row)));
}

/**
 * Revokes a link at once: the next request made with it is refused. Admins revoke any link of
 * the organisation, others their own. Revoking a revoked link changes nothing and says so by
 * `changed: false`.
 */
export async function revokeShareLinkOf(
  store: Store,
  principal: Principal,
  id: number,
  now = Date.now(),
): Promise<{ link: ShareLink; changed: boolean }> {
  const row = await findShareLink(store.db, principal.orgId, id);
  if (!row) throw notFound('share_link', id, 'id');
  if (!isAdminRole(principal.role) && row.created_by !== principal.userId) {
    throw forbidden('only its creator or an admin may revoke a share link', { entity: 'share_link' });
  }
  const changed = await revokeCredential(store.db, 'share_links', principal.orgId, id, now);
  const after = changed ? await findShareLink(store.db, principal.orgId, id) : row;
  return { link: await shown(store, after ?? row), changed };
}

/**
 * The principal a share link acts as: a viewer of its organisation who may read only the
 * aggregates of the dashboards it names. null for an unknown, revoked or expired link.
 */
export async function principalOfShareLink(
  store: Store,
  secret: string,
  use?: ShareLinkUse,
  now = Date.now(),
): Promise<Principal | null> {
  if (!secret.startsWith(SHARE_PREFIX)) return null;
  const row = await findShareLinkByHash(store.db, hashSecret(secret));
  if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return null;
  use?.note(row.id, now);
  return {
    via: 'share',
    userId: null,
    email: null,
    name: `share link "${row.name}"`,
    orgId: row.org_id,
    role: 'viewer',
    repId: null,
    teams: [],
    scope: null,
    viewAs: null,
    share: { id: row.id, dashboardIds: row.dashboard_ids },
  };
}

/** Whether `principal` may see dashboard `id`: anyone but a share link, which sees only its own. */
export function shareAllowsDashboard(principal: Principal, id: number): boolean {
  return principal.share === null || principal.share.dashboardIds.includes(id);
}

/** What a kiosk rotates through: the link's dashboards that still exist, in its order. */
export async function shareInfoOf(store: Store, principal: Principal): Promise<ShareInfo> {
  const share = principal.share;
  if (!share) throw forbidden('only a share link has share information', { entity: 'share_link' });
  const [row, org, dashboards] = await Promise.all([
    findShareLink(store.db, principal.orgId, share.id),
    findOrg(store.db, principal.orgId),
    listDashboards(store.db, principal.orgId),
  ]);
  if (!row || !org) throw notFound('share_link', share.id);
  const existing = new Set(dashboards.map((d) => d.id));
  return {
    name: row.name,
    orgName: org.name,
    dashboardIds: row.dashboard_ids.filter((id) => existing.has(id)),
    rotateSeconds: row.rotate_seconds,
  };
}
