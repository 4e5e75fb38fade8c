import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { AccountOption, DealOption } from '../core/contracts/lookups.ts';
import type { Database, DealStatus } from './schema.ts';

/**
 * Accounts and deals found by name for pickers. Matching is case-insensitive on both stores:
 * `lower(column) LIKE lower(pattern)` folds both sides with the same function, so SQLite and
 * PostgreSQL agree on what matches. A part of a name cannot use a B-tree index, so the work is
 * bounded instead: the scan walks the primary key from the newest ids down and stops at
 * `CANDIDATES` matches, which alone are ranked; at most `limit + 1` rows come back (the extra one
 * only says whether there are more). A one-letter search on a million deals thus costs a few
 * milliseconds, not a sort of the whole table; a search that matches nothing still reads the
 * organisation's rows once.
 */

/** Matches ranked per search; a search matching more is answered from the newest of them. */
export const CANDIDATES = 2000;

/** `%` and `_` typed by a person are literal characters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function likeCi(column: string, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like lower(${pattern}) escape '\\'`;
}

/**
 * How well a row matches, best first: its id exactly, its name's start, a word's start in the
 * name, anywhere in the name or the start of its id.
 */
function matchRank(nameColumn: string, idColumn: string, search: string): Expression<number> {
  const text = escapeLike(search);
  return sql<number>`case
    when lower(${sql.ref(idColumn)}) = lower(${search}) then 0
    when lower(${sql.ref(nameColumn)}) like lower(${`${text}%`}) escape '\\' then 1
    when lower(${sql.ref(nameColumn)}) like lower(${`% ${text}%`}) escape '\\' then 2
    else 3 end`;
}

function matches(nameColumn: string, idColumn: string, search: string): Expression<SqlBool> {
  const text = escapeLike(search);
  return sql<SqlBool>`(${likeCi(nameColumn, `%${text}%`)} or ${likeCi(idColumn, `${text}%`)})`;
}

export interface LookupOptions {
  search: string;
  limit: number;
  /** The owners whose rows may be found (the searcher's visible reps); absent or null: every row. */
  owners?: readonly string[] | null;
}

export async function searchAccounts(
  db: Kysely<Database>,
  orgId: number,
  { search, limit, owners = null }: LookupOptions,
  nowMs: number,
): Promise<{ accounts: AccountOption[]; more: boolean }> {
  if (owners !== null && owners.length === 0) return { accounts: [], more: false };
  let candidates = db
    .selectFrom('accounts')
    .select(['org_id', 'id', 'name', 'owner_rep_id', 'effective_acquired_at', 'churned_at'])
    .where('org_id', '=', orgId);
  if (search !== '') candidates = candidates.where(matches('name', 'id', search));
  if (owners !== null) candidates = candidates.where('owner_rep_id', 'in', owners);
  let query = db
    .selectFrom(candidates.orderBy('id', 'desc').limit(CANDIDATES).as('a'))
    .leftJoin('reps as r', (join) =>
      join.onRef('r.org_id', '=', 'a.org_id').onRef('r.id', '=', 'a.owner_rep_id'),
    )
    .select([
      'a.id',
      'a.name',
      'a.owner_rep_id',
      'r.name as owner_name',
      'a.effective_acquired_at',
      'a.churned_at',
    ]);
  if (search !== '') query = query.orderBy(matchRank('a.name', 'a.id', search));
  const rows = await query
    .orderBy('a.name')
    .orderBy('a.id')
    .limit(limit + 1)
    .execute();
  return {
    accounts: rows.slice(0, limit).map((row) => {
      const acquired = row.effective_acquired_at === null ? null : Number(row.effective_acquired_at);
      const churned = row.churned_at === null ? null : Number(row.churned_at);
      return {
        id: row.id,
        name: row.name,
        owner_rep_id: row.owner_rep_id,
        owner_name: row.owner_name ?? null,
        customer: acquired !== null && acquired <= nowMs && (churned === null || churned > nowMs),
      };
    }),
    more: rows.length > limit,
  };
}

export async function searchDeals(
  db: Kysely<Database>,
  orgId: number,
  { search, limit, owners = null }: LookupOptions,
): Promise<{ deals: DealOption[]; more: boolean }> {
  if (owners !== null && owners.length === 0) return { deals: [], more: false };
  let candidates = db
    .selectFrom('deals')
    .select(['org_id', 'id', 'name', 'status', 'stage', 'account_id', 'owner_rep_id', 'created_at'])
    .where('org_id', '=', orgId);
  if (search !== '') candidates = candidates.where(matches('name', 'id', search));
  if (owners !== null) candidates = candidates.where('owner_rep_id', 'in', owners);
  let query = db
    .selectFrom(candidates.orderBy('id', 'desc').limit(CANDIDATES).as('d'))
    .leftJoin('accounts as a', (join) =>
      join.onRef('a.org_id', '=', 'd.org_id').onRef('a.id', '=', 'd.account_id'),
    )
    .leftJoin('reps as r', (join) =>
      join.onRef('r.org_id', '=', 'd.org_id').onRef('r.id', '=', 'd.owner_rep_id'),
    )
    .select([
      'd.id',
      'd.name',
      'd.status',
      'd.stage',
      'd.account_id',
      'a.name as account_name',
      'd.owner_rep_id',
      'r.name as owner_name',
    ]);
  if (search !== '') query = query.orderBy(matchRank('d.name', 'd.id', search));
  // A task is usually about a deal still being worked on: open deals first, the newest first.
  const rows = await query
    .orderBy(sql`case when ${sql.ref('d.status')} = 'open' then 0 else 1 end`)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id')
    .limit(limit + 1)
    .execute();
  return {
    deals: rows.slice(0, limit).map((row) => ({
      id: row.id,
      name: row.name,
      status: row.status as DealStatus,
      stage: row.stage,
      account_id: row.account_id,
      account_name: row.account_name ?? null,
      owner_rep_id: row.owner_rep_id,
      owner_name: row.owner_name ?? null,
    })),
    more: rows.length > limit,
  };
}
