import type { Kysely } from 'kysely';
import type { Dashboard, Widget } from '../core/contracts/api.ts';
import type { Database } from './schema.ts';

interface Row {
  id: number;
  name: string;
  widgets: string;
  version: number;
  is_default: number;
  updated_at: number;
}

const toDashboard = (row: Row): Dashboard => ({
  id: row.id,
  name: row.name,
  widgets: JSON.parse(row.widgets) as Widget[],
  version: row.version,
  isDefault: row.is_default === 1,
  updatedAt: Number(row.updated_at),
});

const COLUMNS = ['id', 'name', 'widgets', 'version', 'is_default', 'updated_at'] as const;

export async function listDashboards(db: Kysely<Database>, orgId: number): Promise<Dashboard[]> {
  const rows = await db
    .selectFrom('dashboards')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
  return rows.map(toDashboard);
}

export async function findDashboard(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<Dashboard | undefined> {
  const row = await db
    .selectFrom('dashboards')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toDashboard(row) : undefined;
}

export async function insertDashboard(
  db: Kysely<Database>,
  orgId: number,
  input: { name: string; widgets: Widget[]; isDefault?: boolean },
): Promise<Dashboard> {
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
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toDashboard(row);
}

export type UpdateOutcome =
  | { status: 'updated'; dashboard: Dashboard }
  | { status: 'conflict'; current: Dashboard }
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
  if (row) return { status: 'updated', dashboard: toDashboard(row) };
  const current = await findDashboard(db, orgId, id);
  return current ? { status: 'conflict', current } : { status: 'missing' };
}

export async function deleteDashboard(db: Kysely<Database>, orgId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('dashboards')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
