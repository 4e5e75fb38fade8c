import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { DatabaseNewerThanCodeError, type MigrationStatus, migrationStatus } from './migrate.ts';

/** What a SQLite backup holds, as `udn backup` and `udn restore` report it. */
export interface SqliteBackupInfo {
  file: string;
  bytes: number;
  migrations: MigrationStatus;
}

/** A SQLite file that is not a UDN database, or not a sound one: restoring it would lose the data. */
export class NotAUdnDatabaseError extends Error {}

/** The migrations a SQLite file records; NotAUdnDatabaseError when it is not SQLite or has none of UDN's. */
async function migrationsOf(handle: SQLite.Database, file: string): Promise<MigrationStatus> {
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: handle }) });
  let status: MigrationStatus;
  try {
    status = await migrationStatus(db, 'sqlite');
  } catch (error) {
    throw new NotAUdnDatabaseError(
      `${file} is not a SQLite database (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (status.applied.length === 0 && status.unknown.length === 0)
    throw new NotAUdnDatabaseError(`${file} is not a UDN database (it records no UDN migrations)`);
  return status;
}

/**
 * Checks a copy this process just made and alone holds, page by page, says what it holds, and
 * leaves it one self-contained file (rollback journal, not WAL: nothing beside it). `shownAs`
 * names the file in errors and the answer (the user's name for it, not the temporary copy's).
 */
export async function checkSqliteCopy(
  file: string,
  check: 'quick' | 'full',
  shownAs: string,
): Promise<SqliteBackupInfo> {
  let handle: SQLite.Database;
  try {
    handle = new SQLite(file, { fileMustExist: true });
    handle.pragma('journal_mode = DELETE');
  } catch (error) {
    throw new NotAUdnDatabaseError(`${shownAs} is not a SQLite database (${messageOf(error)})`);
  }
  try {
    const migrations = await migrationsOf(handle, shownAs);
    if (migrations.unknown.length > 0) throw new DatabaseNewerThanCodeError(migrations.unknown);
    let problems: string[];
    try {
      const rows = handle.pragma(check === 'full' ? 'integrity_check' : 'quick_check') as object[];
      problems = rows.map((row) => String(Object.values(row)[0]));
    } catch (error) {
      throw new NotAUdnDatabaseError(`${shownAs} is damaged: ${messageOf(error)}`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok')
      throw new NotAUdnDatabaseError(`${shownAs} is damaged: ${problems.slice(0, 3).join('; ')}`);
    return { file: shownAs, bytes: fs.statSync(file).size, migrations };
  } finally {
    handle.close();
  }
}

/** Deletes a temporary database file and whatever SQLite made beside it. */
export function removeDatabaseFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Copies the live SQLite database `source` to `dest` through SQLite's online backup API while
 * other processes keep reading and writing it. The whole copy is one step, so it is the database
 * as of one moment: a step-wise copy restarts whenever another process writes, and under steady
 * writes might never finish. In WAL mode that step holds only a read snapshot, so writers go on.
 * The copy is written beside `dest` and renamed onto it once whole and checked.
 */
export async function backupSqlite(source: string, dest: string): Promise<SqliteBackupInfo> {
  const target = path.resolve(dest);
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory())
    throw new Error(`${dest} is a directory: name the backup file`);
  const handle = new SQLite(source, { fileMustExist: true });
  const temp = `${target}.partial-${process.pid}`;
  try {
    handle.pragma('busy_timeout = 5000');
    const migrations = await migrationsOf(handle, source);
    if (migrations.unknown.length > 0) throw new DatabaseNewerThanCodeError(migrations.unknown);
    await handle.backup(temp, { progress: () => 0x7fffffff });
  } catch (error) {
    removeDatabaseFile(temp);
    throw error;
  } finally {
    handle.close();
  }
  try {
    const info = await checkSqliteCopy(temp, 'quick', target);
    fs.renameSync(temp, target);
    return { ...info, file: target };
  } finally {
    removeDatabaseFile(temp);
  }
}
