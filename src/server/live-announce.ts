import { canSeeDashboard } from '../core/access/record-policy.ts';
import type { DashboardShare, LiveEvent } from '../core/contracts/api.ts';
import type { ClusterMessage } from '../core/contracts/cluster.ts';
import { fitsPayload } from '../db/cluster-bus.ts';
import type { DashboardRecord } from '../db/dashboards-repo.ts';
import type { Store } from '../db/database.ts';
import type { OrgRecord } from '../db/org-repo.ts';
import { listReps } from '../db/reference-repo.ts';
import type { EventAudience } from './live-events.ts';
import type { ServerContext } from './server-context.ts';

/*
 * Every announcement does two things: this server's open pages hear it now (and its caches move
 * now, so the writer reads its own write), and the other servers on the database are told
 * (server-context.ts `tell`, cluster-sync.ts on their side).
 */

/** A write moved the organisation's data version: its record is reloaded and pages hear data-changed. */
export function announceData(ctx: ServerContext, orgId: number, dataVersion: number): void {
  ctx.orgChanged(orgId, dataVersion);
  ctx.live.dataChanged(orgId, dataVersion);
}

/** Every goal or task write tells open pages; one that changed a quota also moved the KPI data version. */
export function announce(ctx: ServerContext, org: OrgRecord, dataVersion: number | null): void {
  if (dataVersion !== null) announceData(ctx, org.id, dataVersion);
  ctx.live.publish(org.id, { type: 'goals-changed' });
  ctx.tell({ t: 'goals', org: org.id });
  ctx.afterGoalsChange.run(org.id);
}

/** An event every subscriber of the organisation may hear by the event's own rule (imports, resets). */
export function announceEvent(
  ctx: ServerContext,
  orgId: number,
  event: LiveEvent,
  message: ClusterMessage,
): void {
  ctx.live.publish(orgId, event);
  ctx.tell(message);
}

type SeenDashboard = { id: number; ownerUserId: string | null; isDefault: boolean };

/** What decides who may see a stored dashboard, besides its shares. */
export const seenOf = (dashboard: DashboardRecord): SeenDashboard => ({
  id: dashboard.id,
  ownerUserId: dashboard.ownerUserId,
  isDefault: dashboard.isDefault,
});

/** Who may hear of a dashboard's change: those who may see it now, or could with `formerShares`. */
export async function dashboardAudience(
  store: Store,
  orgId: number,
  seen: SeenDashboard,
  shares: readonly DashboardShare[],
  formerShares: readonly DashboardShare[] = shares,
): Promise<EventAudience> {
  const reps = await listReps(store.db, orgId);
  return (p) => canSeeDashboard(p, seen, shares, reps) || canSeeDashboard(p, seen, formerShares, reps);
}

/**
 * Tells the open pages that may see the dashboard (now, or with `formerShares` before a change of
 * shares) that it changed; no one else hears that it exists. Other servers get what decides the
 * audience (owner, shares), so they can decide it for their own pages even once it is deleted.
 */
export async function announceDashboard(
  ctx: ServerContext,
  orgId: number,
  dashboard: DashboardRecord,
  version: number,
  formerShares: readonly DashboardShare[] = dashboard.shares,
): Promise<void> {
  const audience = await dashboardAudience(
    ctx.store,
    orgId,
    seenOf(dashboard),
    dashboard.shares,
    formerShares,
  );
  ctx.live.publish(orgId, { type: 'dashboard-changed', dashboardId: dashboard.id, version }, audience);
  const full: ClusterMessage = {
    t: 'dashboard',
    org: orgId,
    id: dashboard.id,
    version,
    seen: { ownerUserId: dashboard.ownerUserId, isDefault: dashboard.isDefault },
    shares: dashboard.shares,
    formerShares: [...formerShares],
  };
  // Hundreds of shares do not fit a NOTIFY: the receivers then read the dashboard's shares themselves.
  ctx.tell(fitsPayload(full) ? full : { t: 'dashboard', org: orgId, id: dashboard.id, version });
}
