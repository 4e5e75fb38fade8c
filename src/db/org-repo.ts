import type { Kysely } from 'kysely';
import type { OrgDataCounts } from '../core/contracts/imports.ts';
import { DEFAULT_ORG_SETTINGS, type OrgSettings } from '../core/org-defaults.ts';
import type { Database, OrgsTable } from './schema.ts';

export interface OrgRecord extends OrgSettings {
  id: number;
  data_version: number;
  /** How people and the CLI name it (`--org SLUG`). */
  slug: string;
  /** Every member sees every rep's numbers (docs/access.md). */
  open_leaderboard: boolean;
}

const toRecord = (row: Omit<OrgsTable, 'id'> & { id: number }): OrgRecord => ({
  id: row.id,
  slug: row.slug,
  open_leaderboard: row.open_leaderboard === 1,
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

export async function findOrgBySlug(db: Kysely<Database>, slug: string): Promise<OrgRecord | undefined> {
  const row = await db.selectFrom('orgs').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function listOrgs(db: Kysely<Database>): Promise<OrgRecord[]> {
  const rows = await db.selectFrom('orgs').selectAll().orderBy('id').execute();
  return rows.map(toRecord);
}

/** A URL-safe slug from a name: lower-case ASCII letters, digits and dashes. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/** The slug given, or one made from the name, made unique by a number when taken. */
async function freeSlug(db: Kysely<Database>, wanted: string): Promise<string> {
  const base = wanted === '' ? 'org' : wanted;
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await db.selectFrom('orgs').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!taken) return slug;
  }
}

export async function createOrg(
  db: Kysely<Database>,
  settings: Partial<OrgSettings> = {},
  slug?: string,
): Promise<OrgRecord> {
  const values = { ...DEFAULT_ORG_SETTINGS, ...settings };
  const free = await freeSlug(db, slug ?? slugOf(values.name));
  const { id } = await db
    .insertInto('orgs')
    .values({ ...values, data_version: 0, created_at: Date.now(), slug: free, open_leaderboard: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, ...values, data_version: 0, slug: free, open_leaderboard: false };
}

/** Renames the organisation's slug to `wanted` (numbered when taken); returns the slug it got. */
export async function setOrgSlug(db: Kysely<Database>, id: number, wanted: string): Promise<string> {
  const current = await db.selectFrom('orgs').select('slug').where('id', '=', id).executeTakeFirst();
  if (current?.slug === wanted) return wanted;
  const slug = await freeSlug(db, wanted);
  await db.updateTable('orgs').set({ slug }).where('id', '=', id).execute();
  return slug;
}

export async function setOpenLeaderboard(db: Kysely<Database>, id: number, open: boolean): Promise<void> {
  await db
    .updateTable('orgs')
    .set({ open_leaderboard: open ? 1 : 0 })
    .where('id', '=', id)
    .execute();
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

/** Tables of one organisation's records, named at run time, as far as counting and deleting them goes. */
type OrgTables = Record<string, { org_id: number | null; kind: string }>;

const COUNTED_TABLES = ['reps', 'accounts', 'leads', 'deals', 'emails', 'spend', 'targets', 'tasks'] as const;

/** What the organisation holds, as the confirmation before removing its data lists it. */
export async function countOrgData(db: Kysely<Database>, orgId: number): Promise<OrgDataCounts> {
  const rows = db.withTables<OrgTables>();
  const count = async (table: string, kind?: string) => {
    const row = await rows
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('org_id', '=', orgId)
      .$if(kind !== undefined, (q) => q.where('kind', '=', kind!))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  const counts = Object.fromEntries(
    await Promise.all(COUNTED_TABLES.map(async (table) => [table, await count(table)] as const)),
  ) as Record<(typeof COUNTED_TABLES)[number], number>;
  // Imports refused before any organisation existed belong to this one's history (listImports).
  const imports = await db
    .selectFrom('imports')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where((eb) => eb.or([eb('org_id', '=', orgId), eb('org_id', 'is', null)]))
    .executeTakeFirst();
  // The default dashboard comes back as it was: only the others, or the default once edited, are lost.
  const dashboards = await db
    .selectFrom('dashboards')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('is_default', '=', 0), eb('version', '>', 1)]))
    .executeTakeFirst();
  return {
    ...counts,
    goals: await count('goals', 'user'),
    dashboards: Number(dashboards?.n ?? 0),
    imports: Number(imports?.n ?? 0),
  };
}

/** Who belongs to the organisation and what they did: removing the sales data keeps them. */
const PEOPLE_TABLES = new Set(['members', 'invitations', 'api_tokens', 'share_links', 'audit_log']);

/**
 * Every table holding records of an organisation (all but `orgs` and its people), found by its org_id column: a
 * table added by a later migration is removed with the rest without anyone remembering to list it.
 */
async function orgTables(db: Kysely<Database>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables
    .filter(
      (t) =>
        !t.isView &&
        t.name !== 'orgs' &&
        !PEOPLE_TABLES.has(t.name) &&
        t.columns.some((c) => c.name === 'org_id'),
    )
    .map((t) => t.name)
    .sort();
}

/**
 * Deletes every record of the organisation — sales data, the daily rollup, goals, tasks,
 * dashboards, the import history — and puts its settings back to the defaults. The organisation
 * itself stays (its id is what a server is pinned to). Run it in a transaction.
 */
export async function deleteOrgRecords(db: Kysely<Database>, orgId: number): Promise<void> {
  const rows = db.withTables<OrgTables>();
  for (const table of await orgTables(db)) {
    if (table === 'imports') {
      await rows
        .deleteFrom(table)
        .where((eb) => eb.or([eb('org_id', '=', orgId), eb('org_id', 'is', null)]))
        .execute();
    } else {
      await rows.deleteFrom(table).where('org_id', '=', orgId).execute();
    }
  }
  await updateOrgSettings(db, orgId, { ...DEFAULT_ORG_SETTINGS });
}
