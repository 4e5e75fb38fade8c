import { isPostgresUrl, resolveDbTarget } from '../../db/database.ts';
import { restoreSqlite } from '../../db/sqlite-restore.ts';
import { CliError } from '../cli-error.ts';
import { stdout } from '../output.ts';
import { POSTGRES_BACKUP_HINT } from './backup-action.ts';

export async function runRestore(file: string, options: { db?: string }): Promise<void> {
  const target = resolveDbTarget(options.db);
  if (isPostgresUrl(target))
    throw new CliError(`udn restore replaces SQLite databases; ${POSTGRES_BACKUP_HINT}`);
  if (target === ':memory:') throw new CliError('an in-memory database cannot be restored onto');
  const result = await restoreSqlite(file, target);
  const pending = result.migrations.pending.length;
  stdout.write(
    `restored ${result.file} from ${file}${result.previous ? `; the database that was there is kept as ${result.previous}` : ''}\n`,
  );
  if (pending > 0)
    stdout.write(
      `the backup is ${pending} migration${pending === 1 ? '' : 's'} behind this UDN: the next start (or "udn migrate") applies them\n`,
    );
}
