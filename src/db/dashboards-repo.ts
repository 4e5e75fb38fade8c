import type { Kysely } from 'kysely';
import type { Dashboard, DashboardShare, Widget } from '../core/contracts/api.ts';
import { inChunks } from './in-chunks.ts';
import type { Database } from './schema.ts';

/** A dashboard as stored: everything the API shows but the caller's `canEdit`. */
export type DashboardRecord = Omit<Dashboard, 'canEdit'>;

interface Row {
  id: number;
  name: string;
  widgets: string;
  version: number;
  is_default: number;
  updated_at: number;
  owner_user_id: string | null;
}

const toDashboard = (row: Row, shares: DashboardShare[]): DashboardRecord => ({
  id: row.id,
  name: row.name,
  widgets: JSON.parse(row.widgets) as Widget[],
  version: row.version,
  isDefault: row.is_default === 1,
  updatedAt: Number(row.updated_at),
  ownerUserId: row.owner_user_id,
  shares,
});

const COLUMNS = ['id', 'name', 'widgets', 'version', 'is_default', 'updated_at', 'owner_user_id'] as const;

/** The shares of the dashboards `ids`, by dashboard, in scope order. */
async function sharesOf(
  db: Kysely<Database>,
  orgId: number,
  ids: readonly number[],
): Promise<Map<number, DashboardShare[]>> {
  const out = new Map<number, DashboardShare[]>();
  if (ids.length === 0) return out;
  const rows = await inChunks(ids as number[], (slice) =>
    db
      .selectFrom('dashboard_shares')
      .select(['dashboard_id', 'scope', 'can_edit'])
      .where('org_id', '=', orgId)
      .where('dashboard_id', 'in', slice)
      .orderBy('scope')
      .execute(),
  );
  for (const row of rows) {
    const share = { scope: row.scope, canEdit: Number(row.can_edit) === 1 };
    const list = out.get(row.dashboard_id);
    if (list) list.push(share);
    else out.set(row.dashboard_id, [share]);
  }
  return out;
}

async function withShares(db: Kysely<Database>, orgId: number, rows: Row[]): Promise<DashboardRecord[]> {
  const shares = await sharesOf(
    db,
    orgId,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toDashboard(row, shares.get(row.id) ?? []));
}

export async function listDashboards(db: Kysely<Database>, orgId: number): Promise<DashboardRecord[]> {
  const rows = await db
    .selectFrom('dashboards')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
  return withShares(db, orgId, rows);
}

export async function findDashboard(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<DashboardRecord | undefined> {
  const row = await db
    .selectFrom('dashboards')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? (await withShares(db, orgId, [row]))[0] : undefined;
}

export async function insertDashboard(
  db: Kysely<Database>,
  orgId: number,
  input: { name: string; widgets: Widget[]; isDefault?: boolean; ownerUserId?: string | null },
): Promise<DashboardRecord> {
  const now = Date.now();
  const row = await db
    .insertInto('dashboards')
    .values({
      org_id: orgId,
      name: input.name,
      widgets: JSON.stringify(input.widgets),
      version: 1,
      is_default: input.isDefault ? 1 : 0,
      created_at: now,
      updated_at: now,
      owner_user_id: input.ownerUserId ?? null,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toDashboard(row, []);
}

export type UpdateOutcome =
  | { status: 'updated'; dashboard: DashboardRecord }
  | { status: 'conflict'; current: DashboardRecord }
  | { status: 'missing' };

/** Writes only when the stored version is `expectedVersion`, so a stale save never overwrites a newer one. */
export async function updateDashboard(
  db: Kysely<Database>,
  orgId: number,
  id: number,
  changes: { name?: string | undefined; widgets?: Widget[] | undefined },
  expectedVersion: number,
): Promise<UpdateOutcome> {
  const row = await db
    .updateTable('dashboards')
    .set((eb) => ({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.widgets !== undefined ? { widgets: JSON.stringify(changes.widgets) } : {}),
      version: eb('version', '+', 1),
      updated_at: Date.now(),
    }))
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (row) return { status: 'updated', dashboard: (await withShares(db, orgId, [row]))[0]! };
  const current = await findDashboard(db, orgId, id);
  return current ? { status: 'conflict', current } : { status: 'missing' };
}

/** Sets whom a dashboard is shared with, replacing what it was shared with before. */
export async function replaceDashboardShares(
  db: Kysely<Database>,
  orgId: number,
  id: number,
  shares: readonly DashboardShare[],
): Promise<void> {
  await db
    .deleteFrom('dashboard_shares')
    .where('org_id', '=', orgId)
    .where('dashboard_id', '=', id)
    .execute();
  if (shares.length === 0) return;
  await db
    .insertInto('dashboard_shares')
    .values(
      shares.map((share) => ({
        org_id: orgId,
        dashboard_id: id,
        scope: share.scope,
        can_edit: share.canEdit ? 1 : 0,
      })),
    )
    .execute();
}

/** Deletes a dashboard with its shares (call inside a transaction). */
export async function deleteDashboard(db: Kysely<Database>, orgId: number, id: number): Promise<boolean> {
  await db
    .deleteFrom('dashboard_shares')
    .where('org_id', '=', orgId)
    .where('dashboard_id', '=', id)
    .execute();
  const result = await db
    .deleteFrom('dashboards')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
