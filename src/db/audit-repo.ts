import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from './schema.ts';

export type AuditRow = Selectable<AuditLogTable>;

export async function insertAuditEntry(
  db: Kysely<Database>,
  entry: Insertable<AuditLogTable>,
): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}

export interface AuditQuery {
  orgId: number;
  /** A person: their user id, or the e-mail an entry names (a failed sign-in has no user id). */
  actorUserId?: string;
  actorEmail?: string;
  kind?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** Keyset paging: entries older than this id (the `next` of the page before). */
  beforeId?: number;
  limit: number;
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));

/**
 * One page of an organisation's audit log, newest first, and the id to ask the next page before
 * (null on the last page). Keyset paging: a page stays right while new entries are written.
 */
export async function queryAuditLog(
  db: Kysely<Database>,
  query: AuditQuery,
): Promise<{ entries: AuditRow[]; next: number | null }> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('org_id', '=', query.orgId)
    .$if(query.actorUserId !== undefined, (q) => q.where('actor_user_id', '=', query.actorUserId!))
    .$if(query.actorEmail !== undefined, (q) => q.where('actor_email', '=', query.actorEmail!))
    .$if(query.kind !== undefined, (q) => q.where('kind', '=', query.kind!))
    .$if(query.from !== undefined, (q) => q.where('at', '>=', query.from!))
    .$if(query.to !== undefined, (q) => q.where('at', '<', query.to!))
    .$if(query.beforeId !== undefined, (q) => q.where('id', '<', query.beforeId!))
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit).map((row) => ({
    ...row,
    id: Number(row.id),
    org_id: num(row.org_id),
    at: Number(row.at),
  }));
  return { entries: page, next: rows.length > query.limit ? page[page.length - 1]!.id : null };
}
