import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { checkSqliteCopy, removeDatabaseFile, type SqliteBackupInfo } from './sqlite-backup.ts';

/** The database to restore onto is open in another process: replacing it under that process would lose writes. */
export class DatabaseInUseError extends Error {}

export interface SqliteRestoreResult extends SqliteBackupInfo {
  /** Where the database that was there before now is (null: there was none). */
  previous: string | null;
}

/**
 * Makes sure no other process has `file` open, and leaves it without a WAL: leaving WAL mode needs
 * the only connection to the database, so a server that has it open (even idle) makes this fail.
 * The file is about to be replaced, and a WAL of the old file must never meet the new one.
 */
function closeOutWal(file: string): void {
  const handle = new SQLite(file, { fileMustExist: true });
  try {
    handle.pragma('busy_timeout = 0');
    let mode: unknown;
    try {
      mode = handle.pragma('journal_mode = DELETE', { simple: true });
    } catch {
      mode = 'wal';
    }
    if (mode !== 'delete')
      throw new DatabaseInUseError(
        `${file} is open in another process (a running "udn serve"?): stop it, then restore`,
      );
  } finally {
    handle.close();
  }
}

/**
 * Replaces the SQLite database `target` with the backup `backup`: the backup is checked first (a
 * sound SQLite file, a UDN database, not from a newer UDN), copied beside the target, and renamed
 * onto it, so the target is at every moment either the old database or the whole new one. The old
 * one is kept as `<target>.before-restore`. Pending migrations of an older backup are left to the
 * next start (or `udn migrate`).
 */
export async function restoreSqlite(backup: string, target: string): Promise<SqliteRestoreResult> {
  const file = path.resolve(target);
  if (path.resolve(backup) === file) throw new Error('the backup and the database are the same file');
  if (!fs.statSync(backup, { throwIfNoEntry: false })?.isFile())
    throw new Error(`no backup file at ${backup}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.restoring-${process.pid}`;
  try {
    // The copy is checked, not the backup itself: what is renamed into place is what was checked.
    fs.copyFileSync(backup, temp);
    const info = await checkSqliteCopy(temp, 'full', backup);
    const fd = fs.openSync(temp, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    const exists = fs.existsSync(file);
    if (exists) closeOutWal(file);
    const previous = exists ? `${file}.before-restore` : null;
    if (previous) {
      fs.rmSync(previous, { force: true });
      try {
        fs.linkSync(file, previous);
      } catch {
        fs.copyFileSync(file, previous); // a file system without hard links
      }
    }
    // A stray WAL or shared-memory file would be read as the new database's.
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
    fs.renameSync(temp, file);
    return { ...info, file, previous };
  } finally {
    removeDatabaseFile(temp);
  }
}
