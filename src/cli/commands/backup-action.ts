import fs from 'node:fs';
import path from 'node:path';
import { isPostgresUrl, resolveDbTarget } from '../../db/database.ts';
import { backupSqlite } from '../../db/sqlite-backup.ts';
import { CliError } from '../cli-error.ts';
import { stdout } from '../output.ts';

/** What the backup commands say of a PostgreSQL store: its own tools do it better. */
export const POSTGRES_BACKUP_HINT =
  'on PostgreSQL, back up and restore with pg_dump and pg_restore: the exact commands are in docs/deploy.md ("Backups")';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function runBackup(file: string, options: { db?: string }): Promise<void> {
  const target = resolveDbTarget(options.db);
  if (isPostgresUrl(target))
    throw new CliError(`udn backup copies SQLite databases; ${POSTGRES_BACKUP_HINT}`);
  if (target === ':memory:') throw new CliError('an in-memory database has nothing to back up');
  if (!fs.existsSync(target))
    throw new CliError(`no UDN database at ${path.resolve(target)}: check --db (or UDN_DB)`);
  const started = performance.now();
  const info = await backupSqlite(target, file);
  stdout.write(
    `backed up ${target} to ${info.file} (${megabytes(info.bytes)}, ${info.migrations.applied.length} migrations, ${Math.round(performance.now() - started)} ms); restore it with "udn restore ${file}"\n`,
  );
}
