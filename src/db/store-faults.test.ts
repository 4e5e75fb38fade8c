import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { shouldRetry } from './resilient-postgres.ts';
import { faultText, isRetryableRead, isStoreUnavailable, storeFaultOf } from './store-faults.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('storeFaultOf: which failures mean the store cannot answer now', () => {
  it('PostgreSQL: terminated, crashed, starting, refused and lost connections are unreachable', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '08003', '53300'])
      expect(storeFaultOf(withCode('x', code)), code).toBe('unreachable');
    expect(storeFaultOf(new Error('Connection terminated unexpectedly'))).toBe('unreachable');
    expect(storeFaultOf(new Error('timeout exceeded when trying to connect'))).toBe('unreachable');
    expect(storeFaultOf(withCode('database "udn" is not currently accepting connections', '55000'))).toBe(
      'unreachable',
    );
  });

  it('node socket errors, also inside an AggregateError or as a cause', () => {
    expect(storeFaultOf(withCode('read ECONNRESET', 'ECONNRESET'))).toBe('unreachable');
    expect(storeFaultOf(new AggregateError([withCode('connect', 'ECONNREFUSED')], ''))).toBe('unreachable');
    expect(storeFaultOf(new Error('import failed', { cause: withCode('x', '57P01') }))).toBe('unreachable');
  });

  it('SQLite: a write lock held by another connection is "locked"', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-faults-'));
    const file = path.join(dir, 'locked.sqlite');
    const holder = new SQLite(file);
    const writer = new SQLite(file, { timeout: 0 });
    try {
      holder.exec('create table t (x integer)');
      holder.exec('begin immediate');
      let thrown: unknown = null;
      try {
        writer.exec('insert into t values (1)');
      } catch (error) {
        thrown = error;
      }
      expect((thrown as { code?: string }).code).toBe('SQLITE_BUSY');
      expect(storeFaultOf(thrown)).toBe('locked');
      expect(storeFaultOf(withCode('database table is locked', 'SQLITE_LOCKED'))).toBe('locked');
    } finally {
      holder.exec('rollback');
      holder.close();
      writer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('statement errors are not store faults', () => {
    expect(isStoreUnavailable(withCode('duplicate key value', '23505'))).toBe(false);
    expect(isStoreUnavailable(withCode('syntax error', '42601'))).toBe(false);
    expect(isStoreUnavailable(withCode('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_UNIQUE'))).toBe(false);
    expect(isStoreUnavailable(new Error('organisation 7 does not exist'))).toBe(false);
    expect(isStoreUnavailable(null)).toBe(false);
  });

  it('a real refused PostgreSQL connection is unreachable', async () => {
    const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:1/none' });
    const error = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isStoreUnavailable(error)).toBe(true);
  });

  it('faultText hides the password of a URL or conninfo', () => {
    expect(faultText(new Error('could not connect to postgres://udn:s3cret@db:5432/udn'))).toBe(
      'could not connect to postgres://udn:***@db:5432/udn',
    );
    expect(faultText(new Error('host=db password=s3cret user=udn'))).toBe('host=db password=*** user=udn');
  });
});

describe('which statement may run again on a fresh connection', () => {
  it('reads outside a transaction', () => {
    expect(isRetryableRead('select "id" from "orgs" where "id" = $1')).toBe(true);
    expect(isRetryableRead('  WITH t AS (SELECT 1) SELECT * FROM t')).toBe(true);
    expect(isRetryableRead("select * from deals where stage = 'update'")).toBe(true);
    expect(isRetryableRead('select "updated_at" from "goals"')).toBe(true);
    expect(shouldRetry('select 1', false)).toBe(true);
  });

  it('never a write, a data-modifying WITH, a locking or effectful select, or anything in a transaction', () => {
    expect(isRetryableRead('insert into "reps" ("id") values ($1)')).toBe(false);
    expect(isRetryableRead('update "orgs" set "data_version" = $1')).toBe(false);
    expect(isRetryableRead('delete from "tasks"')).toBe(false);
    expect(isRetryableRead('with gone as (delete from t returning *) select * from gone')).toBe(false);
    expect(isRetryableRead('select * from orgs for update')).toBe(false);
    expect(isRetryableRead("select nextval('s')")).toBe(false);
    expect(isRetryableRead('select pg_advisory_lock(1)')).toBe(false);
    expect(isRetryableRead('select 1; delete from t')).toBe(false);
    expect(isRetryableRead('begin')).toBe(false);
    expect(shouldRetry('select 1', true)).toBe(false);
  });
});
