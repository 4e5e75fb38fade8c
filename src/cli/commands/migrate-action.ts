import fs from 'node:fs';
import path from 'node:path';
import { isPostgresUrl, openStore, resolveDbTarget } from '../../db/database.ts';
import { DatabaseNewerThanCodeError, migrateToLatest, migrationStatus } from '../../db/migrate.ts';
import { CliError } from '../cli-error.ts';
import { stdout } from '../output.ts';

/** `udn migrate [--status]`: what the database has applied, and (without --status) the rest applied. */
export async function runMigrate(options: { db?: string; status?: boolean }): Promise<void> {
  const target = resolveDbTarget(options.db);
  // --status changes nothing, so it creates no SQLite file either.
  if (options.status && !isPostgresUrl(target) && !fs.existsSync(target)) {
    throw new CliError(`no UDN database at ${path.resolve(target)}: check --db (or UDN_DB)`);
  }
  const store = await openStore(target, { migrate: 'none' });
  try {
    if (options.status) {
      const status = await migrationStatus(store.db, store.dialect);
      stdout.write(`${store.location}\n`);
      for (const name of status.applied) stdout.write(`applied  ${name}\n`);
      for (const name of status.pending) stdout.write(`pending  ${name}\n`);
      for (const name of status.unknown) stdout.write(`unknown  ${name} (from a newer UDN)\n`);
      if (status.unknown.length > 0) throw new DatabaseNewerThanCodeError(status.unknown);
      stdout.write(
        status.pending.length === 0
          ? 'the database is current\n'
          : `${status.pending.length} pending: "udn migrate" applies them\n`,
      );
      return;
    }
    const applied = await migrateToLatest(store.db, store.dialect);
    for (const name of applied) stdout.write(`applied  ${name}\n`);
    stdout.write(
      applied.length === 0
        ? `${store.location} is current: nothing to apply\n`
        : `${store.location}: applied ${applied.length} migration${applied.length === 1 ? '' : 's'}\n`,
    );
  } finally {
    await store.close();
  }
}
