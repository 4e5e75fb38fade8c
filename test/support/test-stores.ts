import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type DialectName, openStore, type Store } from '../../src/db/database.ts';

/** The PostgreSQL server tests use; each test store gets a database of its own, dropped afterwards. */
export const TEST_PG_URL = process.env.UDN_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Every dialect the store supports: tests loop over these so SQLite and PostgreSQL cannot drift apart. */
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

export interface TestStore extends Store {
  /** Closes the store and deletes its file or database. */
  dispose(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Drops a test database once the pool's connections have really gone: pg's pool.end() resolves
 * before its sockets close, and a FORCE drop would kill them mid-goodbye (an uncaught 57P01 error).
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error; // 55006: still in use
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Where a database of `dialect` may be made, with nothing in it yet (not even migrations), and a way to delete it. */
export async function createBlankTarget(
  dialect: DialectName,
): Promise<{ target: string; dispose(): Promise<void> }> {
  const name = `udn_test_${crypto.randomBytes(6).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-test-'));
    return {
      target: path.join(dir, `${name}.sqlite`),
      dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return { target: url.toString(), dispose: () => dropDatabase(name) };
}

/** A fresh, migrated, empty store of the given dialect. */
export async function createTestStore(dialect: DialectName): Promise<TestStore> {
  const name = `udn_test_${crypto.randomBytes(6).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-test-'));
    const store = await openStore(path.join(dir, `${name}.sqlite`));
    return {
      ...store,
      async dispose() {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const store = await openStore(url.toString());
  return {
    ...store,
    async dispose() {
      await store.close();
      await dropDatabase(name);
    },
  };
}
