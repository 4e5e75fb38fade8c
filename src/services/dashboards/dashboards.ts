import type { Principal } from '../../core/access/principal.ts';
import {
  canCreateDashboard,
  canEditDashboard,
  canManageDashboard,
  canSeeDashboard,
  type PolicyDashboard,
} from '../../core/access/record-policy.ts';
import { isAdminRole } from '../../core/access/roles.ts';
import type { Dashboard, DashboardShare, Widget } from '../../core/contracts/api.ts';
import { forbidden, invalid, notFound, staleVersion } from '../../core/errors.ts';
import type { ScopeRep } from '../../core/scope.ts';
import {
  type DashboardRecord,
  deleteDashboard,
  findDashboard,
  insertDashboard,
  listDashboards,
  replaceDashboardShares,
  updateDashboard,
} from '../../db/dashboards-repo.ts';
import type { Store } from '../../db/database.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import { findMember } from '../../db/members-repo.ts';
import { DEFAULT_DASHBOARD_NAME, defaultWidgets } from './default-dashboard.ts';

const GRID_COLUMNS = 12;

/** Rules across widgets the per-widget schema cannot state: each fits the grid, ids are unique. */
export function checkWidgets(widgets: readonly Widget[] | undefined): void {
  if (!widgets) return;
  const seen = new Set<string>();
  widgets.forEach((widget, index) => {
    if (widget.layout.x + widget.layout.w > GRID_COLUMNS) {
      throw invalid(
        `widgets.${index}.layout.w`,
        `x + w must be at most ${GRID_COLUMNS} (x is ${widget.layout.x}, w is ${widget.layout.w})`,
      );
    }
    if (seen.has(widget.id)) throw invalid(`widgets.${index}.id`, `duplicate widget id "${widget.id}"`);
    seen.add(widget.id);
  });
}

const policyDashboard = (d: DashboardRecord): PolicyDashboard => ({
  id: d.id,
  ownerUserId: d.ownerUserId,
  isDefault: d.isDefault,
});

/** A stored dashboard as `as` gets it; without `as` (the command line), editable. */
const shown = (d: DashboardRecord, as: Principal | undefined, reps: readonly ScopeRep[]): Dashboard => ({
  ...d,
  canEdit: as === undefined || canEditDashboard(as, policyDashboard(d), d.shares, reps),
});

const seenBy = (d: DashboardRecord, as: Principal | undefined, reps: readonly ScopeRep[]): boolean =>
  as === undefined || canSeeDashboard(as, policyDashboard(d), d.shares, reps);

/**
 * The organisation's dashboards `as` sees. An organisation without any gets the default one on its
 * first list, so a new install (or one whose dashboards were all deleted) always opens on something.
 */
/**
 * The reps data a person's dashboard shares need: only the team of their own rep record (a share
 * with `team:X` reaches the reps of X). Owners, admins, the command line and share links need none,
 * and a listing is on every dashboard page's path.
 */
function repsFor(store: Store, orgId: number, as: Principal | undefined): Promise<ScopeRep[]> {
  if (!as || as.share !== null || as.repId === null || isAdminRole(as.role)) return Promise.resolve([]);
  return loadReps(store.db, orgId);
}

export async function dashboardsOf(store: Store, orgId: number, as?: Principal): Promise<Dashboard[]> {
  const [all, reps] = await Promise.all([seeded(store, orgId), repsFor(store, orgId, as)]);
  return all.filter((d) => seenBy(d, as, reps)).map((d) => shown(d, as, reps));
}

async function seeded(store: Store, orgId: number): Promise<DashboardRecord[]> {
  const existing = await listDashboards(store.db, orgId);
  if (existing.length > 0) return existing;
  try {
    await insertDashboard(store.db, orgId, {
      name: DEFAULT_DASHBOARD_NAME,
      widgets: defaultWidgets(),
      isDefault: true,
    });
  } catch (error) {
    // Another request seeded it at the same moment (unique default per organisation): use theirs.
    const again = await listDashboards(store.db, orgId);
    if (again.length === 0) throw error;
    return again;
  }
  return listDashboards(store.db, orgId);
}

/** The dashboard `id` if `as` sees it; else 404, so an unseen dashboard is not revealed. */
async function visible(
  store: Store,
  orgId: number,
  id: number,
  as: Principal | undefined,
): Promise<{ dashboard: DashboardRecord; reps: ScopeRep[] }> {
  const [dashboard, reps] = await Promise.all([
    findDashboard(store.db, orgId, id),
    repsFor(store, orgId, as),
  ]);
  if (!dashboard || !seenBy(dashboard, as, reps)) throw notFound('dashboard', id, 'id');
  return { dashboard, reps };
}

export async function dashboardOf(
  store: Store,
  orgId: number,
  id: number,
  as?: Principal,
): Promise<Dashboard> {
  const { dashboard, reps } = await visible(store, orgId, id, as);
  return shown(dashboard, as, reps);
}

/** Anyone who writes makes a dashboard: it is theirs, private to them until they share it. */
export async function createDashboard(
  store: Store,
  orgId: number,
  input: { name: string; widgets?: Widget[] | undefined },
  as?: Principal,
): Promise<Dashboard> {
  if (as && !canCreateDashboard(as)) throw forbidden(`a ${as.role} may not create dashboards`);
  checkWidgets(input.widgets);
  const made = await insertDashboard(store.db, orgId, {
    name: input.name,
    widgets: input.widgets ?? [],
    ownerUserId: as?.userId ?? null,
  });
  return { ...made, canEdit: true };
}

export async function saveDashboard(
  store: Store,
  orgId: number,
  id: number,
  input: { name?: string | undefined; widgets?: Widget[] | undefined; version: number },
  as?: Principal,
): Promise<Dashboard> {
  const { dashboard, reps } = await visible(store, orgId, id, as);
  if (as && !canEditDashboard(as, policyDashboard(dashboard), dashboard.shares, reps)) {
    throw forbidden('only its owner, admins and those it is shared with to edit change this dashboard');
  }
  checkWidgets(input.widgets);
  const outcome = await updateDashboard(store.db, orgId, id, input, input.version);
  if (outcome.status === 'missing') throw notFound('dashboard', id, 'id');
  if (outcome.status === 'conflict') {
    throw staleVersion('dashboard', id, outcome.current.version, input.version);
  }
  return shown(outcome.dashboard, as, reps);
}

/** Only a dashboard's owner and admins delete it or change whom it is shared with. */
async function managed(
  store: Store,
  orgId: number,
  id: number,
  as: Principal | undefined,
): Promise<{ dashboard: DashboardRecord; reps: ScopeRep[] }> {
  const found = await visible(store, orgId, id, as);
  if (as && !canManageDashboard(as, policyDashboard(found.dashboard))) {
    throw forbidden('only its owner and admins share or delete this dashboard');
  }
  return found;
}

export async function removeDashboard(
  store: Store,
  orgId: number,
  id: number,
  as?: Principal,
): Promise<DashboardRecord> {
  const { dashboard } = await managed(store, orgId, id, as);
  const deleted = await store.db.transaction().execute((trx) => deleteDashboard(trx, orgId, id));
  if (!deleted) throw notFound('dashboard', id, 'id');
  return dashboard;
}

/**
 * Sets whom a dashboard is shared with: `org`, `team:NAME` (a team some rep is in) or `user:ID` (a
 * member of the organisation). Each scope once; a refused list changes nothing.
 */
export async function shareDashboard(
  store: Store,
  orgId: number,
  id: number,
  shares: readonly DashboardShare[],
  as?: Principal,
): Promise<{ dashboard: Dashboard; before: DashboardShare[] }> {
  const { dashboard, reps } = await managed(store, orgId, id, as);
  const teams = new Set(reps.map((rep) => rep.team).filter((team) => team !== null));
  const seen = new Set<string>();
  for (const [index, share] of shares.entries()) {
    const field = `shares.${index}.scope`;
    if (seen.has(share.scope)) throw invalid(field, `"${share.scope}" is listed twice`);
    seen.add(share.scope);
    if (share.scope.startsWith('team:')) {
      const team = share.scope.slice('team:'.length);
      if (!teams.has(team)) throw invalid(field, `team "${team}" does not exist`, { rule: 'unknown_team' });
    } else if (share.scope.startsWith('user:')) {
      const userId = share.scope.slice('user:'.length);
      if (!(await findMember(store.db, orgId, userId))) {
        throw invalid(field, `user ${userId} is not a member of this organisation`, {
          rule: 'unknown_member',
        });
      }
    }
  }
  await store.db.transaction().execute((trx) => replaceDashboardShares(trx, orgId, id, shares));
  const after = await findDashboard(store.db, orgId, id);
  if (!after) throw notFound('dashboard', id, 'id');
  return { dashboard: shown(after, as, reps), before: dashboard.shares };
}
