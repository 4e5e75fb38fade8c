import type { Kysely, Selectable } from 'kysely';
import type { Database, ShareLinksTable } from './schema.ts';

/** A share link as stored, its secret's hash left out and its dashboard ids parsed. */
export type ShareLinkRow = Omit<Selectable<ShareLinksTable>, 'token_hash' | 'dashboard_ids'> & {
  dashboard_ids: number[];
};

const COLUMNS = [
  'id',
  'org_id',
  'name',
  'created_by',
  'prefix',
  'dashboard_ids',
  'rotate_seconds',
  'created_at',
  'expires_at',
  'last_used_at',
  'revoked_at',
] as const;

type StoredRow = Omit<Selectable<ShareLinksTable>, 'token_hash'>;

const num = (v: number | null): number | null => (v === null ? null : Number(v));

function parseIds(text: string): number[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((id): id is number => Number.isSafeInteger(id)) : [];
}

// PostgreSQL returns bigint columns as strings: every time is made a number here.
const toRow = (row: StoredRow): ShareLinkRow => ({
  ...row,
  dashboard_ids: parseIds(row.dashboard_ids),
  rotate_seconds: Number(row.rotate_seconds),
  created_at: Number(row.created_at),
  expires_at: num(row.expires_at),
  last_used_at: num(row.last_used_at),
  revoked_at: num(row.revoked_at),
});

export async function insertShareLink(
  db: Kysely<Database>,
  values: Omit<ShareLinksTable, 'id' | 'last_used_at' | 'revoked_at' | 'dashboard_ids'> & {
    dashboard_ids: readonly number[];
  },
): Promise<ShareLinkRow> {
  const row = await db
    .insertInto('share_links')
    .values({
      ...values,
      dashboard_ids: JSON.stringify(values.dashboard_ids),
      last_used_at: null,
      revoked_at: null,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRow(row);
}

/** The link of this secret's hash, whatever its state (the caller decides on revoked and expired). */
export async function findShareLinkByHash(
  db: Kysely<Database>,
  hash: string,
): Promise<ShareLinkRow | undefined> {
  const row = await db
    .selectFrom('share_links')
    .select(COLUMNS)
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export async function findShareLink(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<ShareLinkRow | undefined> {
  const row = await db
    .selectFrom('share_links')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** The organisation's links, newest first; only `createdBy`'s when given. */
export async function listShareLinks(
  db: Kysely<Database>,
  orgId: number,
  createdBy?: string,
): Promise<ShareLinkRow[]> {
  const rows = await db
    .selectFrom('share_links')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .$if(createdBy !== undefined, (q) => q.where('created_by', '=', createdBy!))
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toRow);
}
