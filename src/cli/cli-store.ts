import fs from 'node:fs';
import path from 'node:path';
import { isPostgresUrl, openStore, resolveDbTarget, type Store } from '../db/database.ts';
import { CliError } from './cli-error.ts';

/** Refuses a SQLite store that is not there, for commands that only read: they create nothing. */
function requireExistingStore(target: string): void {
  if (isPostgresUrl(target) || target === ':memory:') return;
  const file = path.resolve(target);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) {
    throw new CliError(
      `no UDN database at ${file}: check --db (or UDN_DB), or create one with "udn import DIR --db ${target}" or "udn demo --db ${target}"`,
    );
  }
  if (!stat.isFile()) throw new CliError(`--db ${target} is not a database file (${file} is a directory)`);
}

/** Opens the store named by --db / UDN_DB (creating a SQLite file that is not there), runs `work`, and always closes it. */
export async function withStore<T>(
  dbTarget: string | undefined,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(resolveDbTarget(dbTarget));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * withStore for the commands that only read (`kpi`, `goals`): a store that is not there is an
 * error, never an empty file left behind a typo in --db. `import`, `demo` and `serve` create it.
 */
export async function withExistingStore<T>(
  dbTarget: string | undefined,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  requireExistingStore(resolveDbTarget(dbTarget));
  return withStore(dbTarget, work);
}
