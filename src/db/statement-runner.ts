import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Store } from './database.ts';

/**
 * Runs SQL text many times with different parameters: on SQLite as a statement prepared once
 * (re-preparing a statement of thousands of parameters per batch costs more than running it), on
 * PostgreSQL through the connection of `db` (a transaction's, when given one).
 */
export interface StatementRunner {
  /** Returns the number of rows changed. */
  run(sqlText: string, params: readonly unknown[]): Promise<number>;
  all(sqlText: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
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
  return {
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
