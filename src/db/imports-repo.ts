import type { Kysely, Selectable } from 'kysely';
import type {
  FileSummary,
  ImportErrorGroup,
  ImportHistoryEntry,
  ImportIssue,
  ImportStatus,
} from '../core/contracts/imports.ts';
import { DomainError, unavailable } from '../core/errors.ts';
import type { Store } from './database.ts';
import { ownerStopped, type ProcessOwner, thisProcess } from './process-owner.ts';
import type { Database, ImportsTable } from './schema.ts';

/** What a history row says of an import whose process stopped before it finished. */
export const INTERRUPTED_MESSAGE =
  'interrupted: the process running it stopped before it finished; nothing of it was written';

/**
 * A running row without an owner (written before owners were recorded) older than this was left by
 * a process that stopped: no real import takes a fraction of it (docs/performance.md).
 */
const UNOWNED_STALE_MS = 2 * 60 * 60 * 1000;

export interface RunningImport {
  id: number;
  source: string;
  startedAt: number;
  owner: ProcessOwner | null;
}

/** An import of the organisation (or a first import, with none yet) already runs. */
export function importBusy(running: RunningImport): DomainError {
  const startedAt = new Date(running.startedAt).toISOString();
  const where = running.owner ? ` on ${running.owner.host} (pid ${running.owner.pid})` : '';
  return new DomainError(
    'busy',
    `import #${running.id} (${running.source}) started at ${startedAt}${where} is still running: one import of an organisation runs at a time; try again when it has finished`,
    {
      params: {
        rule: 'one_import_at_a_time',
        entity: 'import',
        id: running.id,
        source: running.source,
        started_at: startedAt,
      },
    },
  );
}

const stopped = (row: RunningImport, now: number, startingUp = false) =>
  row.owner ? ownerStopped(row.owner, startingUp) : row.startedAt < now - UNOWNED_STALE_MS;

/** The imports marked running for the organisation (and first imports, which have none yet). */
export async function runningImports(db: Kysely<Database>, orgId: number | null): Promise<RunningImport[]> {
  const rows = await db
    .selectFrom('imports')
    .select(['id', 'source', 'started_at', 'owner_host', 'owner_pid'])
    .where('status', '=', 'running')
    .where((eb) =>
      orgId === null ? eb('org_id', 'is', null) : eb.or([eb('org_id', '=', orgId), eb('org_id', 'is', null)]),
    )
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    source: row.source,
    startedAt: Number(row.started_at),
    owner:
      row.owner_host !== null && row.owner_pid !== null ? { host: row.owner_host, pid: row.owner_pid } : null,
  }));
}

/** The running import of the organisation whose process is not known to have stopped. */
export async function liveRunningImport(
  db: Kysely<Database>,
  orgId: number | null,
  now = Date.now(),
): Promise<RunningImport | undefined> {
  return (await runningImports(db, orgId)).find((row) => !stopped(row, now));
}

const interruptedValues = (at: number) =>
  ({
    status: 'interrupted',
    finished_at: at,
    errors: JSON.stringify([{ file: '(import)', line: 0, column: null, message: INTERRUPTED_MESSAGE }]),
  }) as const;

const isUniqueViolation = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
};

/**
 * Records the start of an import by `owner` (default this process): refused with `busy` when one of
 * the organisation runs in a live process (the database's partial unique index decides between two
 * processes starting at once); rows of processes that stopped become `interrupted` on the way.
 */
export async function startImportRecord(
  db: Kysely<Database>,
  orgId: number | null,
  source: string,
  at: number,
  owner: ProcessOwner = thisProcess(),
): Promise<number> {
  const running = await runningImports(db, orgId);
  const live = running.find((row) => !stopped(row, at));
  if (live) throw importBusy(live);
  const dead = running.map((row) => row.id);
  try {
    return await db.transaction().execute(async (trx) => {
      if (dead.length > 0)
        await trx.updateTable('imports').set(interruptedValues(at)).where('id', 'in', dead).execute();
      const { id } = await trx
        .insertInto('imports')
        .values({
          org_id: orgId,
          source,
          status: 'running',
          started_at: at,
          error_count: 0,
          owner_host: owner.host,
          owner_pid: owner.pid,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await liveRunningImport(db, orgId, at);
    throw winner ? importBusy(winner) : error;
  }
}

/**
 * startImportRecord for a server's main thread: on SQLite it never waits for the write lock (a wait
 * would stall every request), answering `unavailable` at once while another process (a `udn import`
 * in a terminal) holds it.
 */
export async function claimImportRecord(
  store: Store,
  orgId: number,
  source: string,
  at = Date.now(),
): Promise<number> {
  const sqlite = store.sqlite;
  // Inside another statement's transaction a lock probe would join it: take the ordinary way.
  if (!sqlite || sqlite.inTransaction) return startImportRecord(store.db, orgId, source, at);
  const running = await runningImports(store.db, orgId);
  const live = running.find((row) => !stopped(row, at));
  if (live) throw importBusy(live);
  const owner = thisProcess();
  const previous = Number(sqlite.pragma('busy_timeout', { simple: true }));
  sqlite.pragma('busy_timeout = 0');
  try {
    sqlite.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw unavailable(
        'another process (a "udn import"?) is writing to the database: try again when it has finished',
        5,
        { rule: 'write_lock', entity: 'import' },
      );
    }
    throw error;
  } finally {
    sqlite.pragma(`busy_timeout = ${previous}`);
  }
  // The lock is held: nothing below waits, and nothing else of this thread runs in between.
  try {
    const values = interruptedValues(at);
    for (const row of running) {
      sqlite
        .prepare('update imports set status = ?, finished_at = ?, errors = ? where id = ?')
        .run(values.status, values.finished_at, values.errors, row.id);
    }
    const { id } = sqlite
      .prepare(
        "insert into imports (org_id, source, status, started_at, error_count, owner_host, owner_pid) values (?, ?, 'running', ?, 0, ?, ?) returning id",
      )
      .get(orgId, source, at, owner.host, owner.pid) as { id: number };
    sqlite.exec('COMMIT');
    return id;
  } catch (error) {
    sqlite.exec('ROLLBACK');
    if (!isUniqueViolation(error)) throw error;
    const winner = await liveRunningImport(store.db, orgId, at);
    throw winner ? importBusy(winner) : error;
  }
}

/**
 * Ends the history row of an import whose process could not record its end (its thread crashed,
 * or it failed before the importer took over): only a row still marked running is changed.
 */
export async function endRunningImport(
  db: Kysely<Database>,
  id: number,
  status: 'failed' | 'cancelled' | 'interrupted',
  message: string,
  at = Date.now(),
): Promise<void> {
  await db
    .updateTable('imports')
    .set({
      status,
      finished_at: at,
      errors: JSON.stringify([{ file: '(import)', line: 0, column: null, message }]),
      error_count: status === 'failed' ? 1 : 0,
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** Forgets a claimed import that never started (its upload was refused or broke off): it did nothing. */
export async function dropImportRecord(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('imports').where('id', '=', id).where('status', '=', 'running').execute();
}

/**
 * After a restart: imports left running by processes of this host that stopped become
 * `interrupted` (their transaction died with them, so nothing of them was written). Rows of
 * another host are left: whether that process runs cannot be told from here. Returns their ids.
 */
export async function interruptStoppedImports(db: Kysely<Database>, now = Date.now()): Promise<number[]> {
  const rows = await db
    .selectFrom('imports')
    .select(['id', 'source', 'started_at', 'owner_host', 'owner_pid'])
    .where('status', '=', 'running')
    .execute();
  const dead = rows
    .filter((row) =>
      stopped(
        {
          id: row.id,
          source: row.source,
          startedAt: Number(row.started_at),
          owner:
            row.owner_host !== null && row.owner_pid !== null
              ? { host: row.owner_host, pid: row.owner_pid }
              : null,
        },
        now,
        true,
      ),
    )
    .map((row) => row.id);
  if (dead.length > 0) {
    await db
      .updateTable('imports')
      .set(interruptedValues(now))
      .where('id', 'in', dead)
      .where('status', '=', 'running')
      .execute();
  }
  return dead;
}

export async function finishImportRecord(
  db: Kysely<Database>,
  id: number,
  result: {
    /** Known once the organisation exists: a refused first import has none. */
    orgId: number | null;
    status: Exclude<ImportStatus, 'running'>;
    /** Every file given, org.json included (which has no row counts in `summary`). */
    fileNames: string[];
    summary: FileSummary[];
    /** Whether a succeeded import changed any stored data (false: "no changes"). */
    changed?: boolean;
    errors: ImportIssue[];
    errorCount: number;
    errorGroups: ImportErrorGroup[];
    warnings?: ImportIssue[];
  },
): Promise<void> {
  await db
    .updateTable('imports')
    .set({
      org_id: result.orgId,
      status: result.status,
      finished_at: Date.now(),
      summary: JSON.stringify({
        fileNames: result.fileNames,
        files: result.summary,
        warnings: result.warnings ?? [],
        errorGroups: result.errorGroups,
        changed: result.changed ?? false,
      }),
      errors: JSON.stringify(result.errors),
      error_count: result.errorCount,
    })
    .where('id', '=', id)
    .execute();
}

export async function listImports(
  db: Kysely<Database>,
  orgId: number,
  limit = 50,
): Promise<ImportHistoryEntry[]> {
  const rows = await db
    .selectFrom('imports')
    .selectAll()
    // Imports refused before any organisation existed are shown to the first one.
    .where((eb) => eb.or([eb('org_id', '=', orgId), eb('org_id', 'is', null)]))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(historyEntry);
}

/** One import of the organisation's history (or of a first import, which has no organisation). */
export async function findImport(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<ImportHistoryEntry | undefined> {
  const row = await db
    .selectFrom('imports')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('org_id', '=', orgId), eb('org_id', 'is', null)]))
    .executeTakeFirst();
  return row ? historyEntry(row) : undefined;
}

function historyEntry(row: Selectable<ImportsTable>): ImportHistoryEntry {
  const summary = row.summary
    ? (JSON.parse(row.summary) as {
        fileNames?: string[];
        files?: FileSummary[];
        warnings?: ImportIssue[];
        errorGroups?: ImportErrorGroup[];
        changed?: boolean;
      })
    : {};
  const files = summary.files ?? [];
  return {
    id: row.id,
    source: row.source,
    status: row.status,
    startedAt: Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    errorCount: row.error_count,
    fileNames: summary.fileNames ?? files.map((f) => f.file),
    // Only a succeeded import wrote anything. Imports refused before refusals were recorded
    // this way kept what they would have written; that is not history.
    files:
      row.status === 'succeeded'
        ? files
        : files.map((f) => ({ ...f, inserted: 0, updated: 0, unchanged: 0 })),
    warnings: summary.warnings ?? [],
    errors: row.errors ? (JSON.parse(row.errors) as ImportIssue[]) : [],
    errorGroups: summary.errorGroups ?? [],
    changed: row.status === 'succeeded' && (summary.changed ?? true),
  };
}

/**
 * The oldest import still running for the organisation that started after `since` (epoch ms), its
 * process not known to have stopped.
 */
export async function findRunningImport(
  db: Kysely<Database>,
  orgId: number,
  since: number,
): Promise<{ id: number; source: string; startedAt: number } | undefined> {
  const now = Date.now();
  const row = (await runningImports(db, orgId)).find((r) => r.startedAt >= since && !stopped(r, now));
  return row ? { id: row.id, source: row.source, startedAt: row.startedAt } : undefined;
}

/** Where the organisation's successful imports came from (cli, upload, demo, …). */
export async function succeededImportSources(db: Kysely<Database>, orgId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('imports')
    .select('source')
    .distinct()
    .where('org_id', '=', orgId)
    .where('status', '=', 'succeeded')
    .execute();
  return rows.map((row) => row.source);
}
