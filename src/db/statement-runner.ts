import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Kysely } from 'kysely';
import type pg from 'pg';
import type { Store } from './database.ts';
import { type CopyRows, copyInto, quoteIdent, withPgClient } from './pg-copy.ts';

/**
 * Runs SQL text many times with different parameters: on SQLite as a statement prepared once
 * (re-preparing a statement of thousands of parameters per batch costs more than running it), on
 * PostgreSQL through the connection of `db` (a transaction's, when given one).
 */
export interface StatementRunner {
  /** Returns the number of rows changed. */
  run(sqlText: string, params: readonly unknown[]): Promise<number>;
  all(sqlText: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /**
   * PostgreSQL within a transaction: copies rows into a staging table shaped like `table` and
   * runs the statement `merge(stage)` returns on them, in two round trips however many rows.
   * Returns the rows the merge changed. Undefined elsewhere.
   */
  copyMerge?: (table: string, rows: CopyRows, merge: (stage: string) => string) => Promise<number>;
}

export function createStatementRunner<T>(db: Kysely<T>, store: Store): StatementRunner {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepared = (sqlText: string, handle: BetterSqlite3.Database) => {
    let statement = statements.get(sqlText);
    if (!statement) {
      statement = handle.prepare(sqlText);
      statements.set(sqlText, statement);
    }
    return statement;
  };
  const copyMerge: StatementRunner['copyMerge'] = (table, rows, merge) =>
    withPgClient(db, async (client) => {
      const stage = quoteIdent(`udn_stage_${table}`);
      // A temp table of the transaction: gone at its end, emptied after each merge.
      await client.query(
        `create temp table if not exists ${stage} (like ${quoteIdent(table)} including defaults) on commit drop`,
      );
      await copyInto(client, `udn_stage_${table}`, rows);
      const results: pg.QueryResult | pg.QueryResult[] = await client.query(
        `${merge(stage)}; truncate ${stage}`,
      );
      return (Array.isArray(results) ? results[0] : results)?.rowCount ?? 0;
    });
  return {
    ...(!store.sqlite && db.isTransaction ? { copyMerge } : {}),
    async run(sqlText, params) {
      if (store.sqlite) return prepared(sqlText, store.sqlite).run(params as unknown[]).changes;
      const result = await db.executeQuery(CompiledQuery.raw(sqlText, params as unknown[]));
      return Number(result.numAffectedRows ?? 0n);
    },
    async all(sqlText, params) {
      if (store.sqlite)
        return prepared(sqlText, store.sqlite).all(params as unknown[]) as Record<string, unknown>[];
      return (await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(sqlText, params as unknown[])))
        .rows;
    },
  };
}
