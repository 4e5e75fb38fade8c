import type { Kysely } from 'kysely';
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from '../core/org-settings.ts';
import type { Database, OrgsTable } from './schema.ts';

export interface OrgRecord extends OrgSettings {
  id: number;
  data_version: number;
}

const toRecord = (row: Omit<OrgsTable, 'id'> & { id: number }): OrgRecord => ({
  id: row.id,
  name: row.name,
  timezone: row.timezone,
  currency: row.currency,
  fiscal_year_start_month: row.fiscal_year_start_month,
  gross_margin: row.gross_margin,
  data_version: row.data_version,
});

/** The organisation a single-tenant install works on: the first one created. */
export async function findDefaultOrg(db: Kysely<Database>): Promise<OrgRecord | undefined> {
  const row = await db.selectFrom('orgs').selectAll().orderBy('id').limit(1).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function findOrg(db: Kysely<Database>, id: number): Promise<OrgRecord | undefined> {
  const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function createOrg(
  db: Kysely<Database>,
  settings: Partial<OrgSettings> = {},
): Promise<OrgRecord> {
  const values = { ...DEFAULT_ORG_SETTINGS, ...settings };
  const { id } = await db
    .insertInto('orgs')
    .values({ ...values, data_version: 0, created_at: Date.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, ...values, data_version: 0 };
}

export async function updateOrgSettings(
  db: Kysely<Database>,
  id: number,
  settings: Partial<OrgSettings>,
): Promise<void> {
  if (Object.keys(settings).length === 0) return;
  await db.updateTable('orgs').set(settings).where('id', '=', id).execute();
}

/** Marks the organisation's KPI inputs as changed; returns the new version. */
export async function bumpDataVersion(db: Kysely<Database>, id: number): Promise<number> {
  const row = await db
    .updateTable('orgs')
    .set((eb) => ({ data_version: eb('data_version', '+', 1) }))
    .where('id', '=', id)
    .returning('data_version')
    .executeTakeFirstOrThrow();
  return row.data_version;
}

/** Whether any money amount is stored (the currency can no longer change). */
export async function hasMoney(db: Kysely<Database>, orgId: number): Promise<boolean> {
  const deal = await db
    .selectFrom('deals')
    .select('id')
    .where('org_id', '=', orgId)
    .limit(1)
    .executeTakeFirst();
  if (deal) return true;
  const spend = await db
    .selectFrom('spend')
    .select('date')
    .where('org_id', '=', orgId)
    .limit(1)
    .executeTakeFirst();
  return spend !== undefined;
}

/** Whether any dated fact (deal, email, lead) is stored: a new time zone would then need a rollup rebuild. */
export async function hasDatedFacts(db: Kysely<Database>, orgId: number): Promise<boolean> {
  for (const table of ['deals', 'emails', 'leads'] as const) {
    const row = await db
      .selectFrom(table)
      .select('id')
      .where('org_id', '=', orgId)
      .limit(1)
      .executeTakeFirst();
    if (row) return true;
  }
  return false;
}
