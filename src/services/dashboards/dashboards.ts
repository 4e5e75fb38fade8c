import type { Dashboard, Widget } from '../../core/contracts/api.ts';
import { invalid, notFound, staleVersion } from '../../core/errors.ts';
import {
  deleteDashboard,
  findDashboard,
  insertDashboard,
  listDashboards,
  updateDashboard,
} from '../../db/dashboards-repo.ts';
import type { Store } from '../../db/database.ts';
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

/**
 * The organisation's dashboards. An organisation without any gets the default one on its first
 * list, so a new install (or one whose dashboards were all deleted) always opens on something.
 */
export async function dashboardsOf(store: Store, orgId: number): Promise<Dashboard[]> {
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

export async function dashboardOf(store: Store, orgId: number, id: number): Promise<Dashboard> {
  const dashboard = await findDashboard(store.db, orgId, id);
  if (!dashboard) throw notFound('dashboard', id, 'id');
  return dashboard;
}

export async function createDashboard(
  store: Store,
  orgId: number,
  input: { name: string; widgets?: Widget[] | undefined },
): Promise<Dashboard> {
  checkWidgets(input.widgets);
  return insertDashboard(store.db, orgId, { name: input.name, widgets: input.widgets ?? [] });
}

export async function saveDashboard(
  store: Store,
  orgId: number,
  id: number,
  input: { name?: string | undefined; widgets?: Widget[] | undefined; version: number },
): Promise<Dashboard> {
  checkWidgets(input.widgets);
  const outcome = await updateDashboard(store.db, orgId, id, input, input.version);
  if (outcome.status === 'missing') throw notFound('dashboard', id, 'id');
  if (outcome.status === 'conflict') {
    throw staleVersion('dashboard', id, outcome.current.version, input.version);
  }
  return outcome.dashboard;
}

export async function removeDashboard(store: Store, orgId: number, id: number): Promise<void> {
  if (!(await deleteDashboard(store.db, orgId, id))) throw notFound('dashboard', id, 'id');
}
