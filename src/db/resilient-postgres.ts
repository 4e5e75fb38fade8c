import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type PostgresDialectConfig,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import { isRetryableRead, isStoreUnavailable } from './store-faults.ts';

const BEGINS = /^\s*(begin|start\s+transaction)\b/i;
const ENDS = /^\s*(commit|end|abort|rollback(?!\s+to\b))\b/i;

/** A pooled connection that knows whether it is inside a transaction, and retries a lost read once. */
class GuardedConnection implements DatabaseConnection {
  inTransaction = false;
  private pgClient: pg.PoolClient | undefined;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly driver: ResilientPostgresDriver,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const result = await this.inner.executeQuery<R>(query);
      // A transaction begun with raw SQL rather than db.transaction() counts too.
      if (BEGINS.test(query.sql)) this.inTransaction = true;
      else if (ENDS.test(query.sql)) this.inTransaction = false;
      return result;
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      this.driver.fault(error);
      if (ENDS.test(query.sql)) this.inTransaction = false;
      if (!shouldRetry(query.sql, this.inTransaction)) throw error;
      return this.driver.runOnFreshConnection<R>(query);
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  /**
   * Runs `work` with this connection's own pg client, for what Kysely cannot express (COPY). Kysely
   * keeps the client private, so it is found by the backend's process id among the pool's clients.
   * A lost connection is reported as any other statement's would be; nothing is retried.
   */
  async withPgClient<R>(work: (client: pg.PoolClient) => Promise<R>): Promise<R> {
    if (!this.pgClient) {
      const { rows } = await this.executeQuery<{ pid: number }>(
        CompiledQuery.raw('select pg_backend_pid() as pid'),
      );
      this.pgClient = this.driver.clientOf(Number(rows[0]?.pid));
      if (!this.pgClient)
        throw new Error('the pool has no client for this connection (COPY needs a pg.Pool)');
    }
    const client = this.pgClient;
    try {
      return await work(client);
    } catch (error) {
      if (isStoreUnavailable(error)) this.driver.fault(error);
      throw error;
    }
  }
}

/** What may use a connection's own pg client: see GuardedConnection.withPgClient. */
export interface PgClientConnection extends DatabaseConnection {
  withPgClient<R>(work: (client: pg.PoolClient) => Promise<R>): Promise<R>;
}

export const hasPgClient = (connection: DatabaseConnection): connection is PgClientConnection =>
  connection instanceof GuardedConnection;

/**
 * Whether a statement that failed because its connection died may run again on another one:
 * only a read outside a transaction (a transaction's statements depend on what it already did,
 * and a write may have been applied before the connection went).
 */
export function shouldRetry(sqlText: string, inTransaction: boolean): boolean {
  return !inTransaction && isRetryableRead(sqlText);
}

/** The backend process id pg read at connect (not in @types/pg). */
const pidOf = (client: pg.PoolClient): number => (client as { processID?: number | null }).processID ?? -1;

/** Kysely's PostgreSQL driver, plus: faults reported to `onFault`, and a lost read retried once. */
class ResilientPostgresDriver implements Driver {
  /** The pool's connected clients by backend process id. */
  private readonly clients = new Map<number, pg.PoolClient>();

  constructor(
    private readonly inner: Driver,
    private readonly onFault: (error: unknown) => void,
    pool: PostgresDialectConfig['pool'],
  ) {
    if (typeof pool !== 'function' && 'on' in pool && typeof pool.on === 'function') {
      const events = pool as unknown as pg.Pool;
      events.on('connect', (client) => this.clients.set(pidOf(client), client));
      events.on('remove', (client) => {
        if (this.clients.get(pidOf(client)) === client) this.clients.delete(pidOf(client));
      });
    }
  }

  clientOf(pid: number): pg.PoolClient | undefined {
    return this.clients.get(pid);
  }

  fault(error: unknown): void {
    this.onFault(error);
  }

  async runOnFreshConnection<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const fresh = await this.acquireInner();
    try {
      return await fresh.executeQuery<R>(query);
    } catch (error) {
      if (isStoreUnavailable(error)) this.onFault(error);
      throw error;
    } finally {
      await this.inner.releaseConnection(fresh);
    }
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireInner(): Promise<DatabaseConnection> {
    try {
      return await this.inner.acquireConnection();
    } catch (error) {
      if (isStoreUnavailable(error)) this.onFault(error);
      throw error;
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new GuardedConnection(await this.acquireInner(), this);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const guarded = connection as GuardedConnection;
    guarded.inTransaction = true;
    await this.inner.beginTransaction(guarded.inner, settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const guarded = connection as GuardedConnection;
    try {
      await this.inner.commitTransaction(guarded.inner);
    } finally {
      guarded.inTransaction = false;
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const guarded = connection as GuardedConnection;
    try {
      await this.inner.rollbackTransaction(guarded.inner);
    } finally {
      guarded.inTransaction = false;
    }
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.savepoint?.((connection as GuardedConnection).inner, name, compileQuery);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.((connection as GuardedConnection).inner, name, compileQuery);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.((connection as GuardedConnection).inner, name, compileQuery);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as GuardedConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** PostgresDialect whose driver survives lost connections: see ResilientPostgresDriver. */
export class ResilientPostgresDialect extends PostgresDialect {
  constructor(
    private readonly config: PostgresDialectConfig,
    private readonly onFault: (error: unknown) => void,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new ResilientPostgresDriver(super.createDriver(), this.onFault, this.config.pool);
  }
}
