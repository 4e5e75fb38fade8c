import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, ImportSourceRunsTable, ImportSourcesTable } from './schema.ts';

export type ImportSourceRow = Selectable<ImportSourcesTable>;
export type ImportSourceRunRow = Selectable<ImportSourceRunsTable>;

/** Runs kept per source: the log shows the recent ones, older ones are deleted as new ones start. */
export const RUNS_KEPT = 50;

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

// PostgreSQL returns bigint columns as text.
const toSource = (row: ImportSourceRow): ImportSourceRow => ({
  ...row,
  created_at: Number(row.created_at),
  updated_at: Number(row.updated_at),
  last_run_at: num(row.last_run_at),
  retry_at: num(row.retry_at),
});

const toRun = (row: ImportSourceRunRow): ImportSourceRunRow => ({
  ...row,
  started_at: Number(row.started_at),
  finished_at: num(row.finished_at),
  bytes: num(row.bytes),
});

export async function insertSource(
  db: Kysely<Database>,
  values: Omit<Insertable<ImportSourcesTable>, 'id'>,
): Promise<ImportSourceRow> {
  const row = await db.insertInto('import_sources').values(values).returningAll().executeTakeFirstOrThrow();
  return toSource(row);
}

export async function updateSource(
  db: Kysely<Database>,
  id: number,
  values: Updateable<ImportSourcesTable>,
): Promise<ImportSourceRow | undefined> {
  const row = await db
    .updateTable('import_sources')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toSource(row);
}

export async function deleteSource(db: Kysely<Database>, orgId: number, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // SQLite enforces the cascade only with foreign keys on: the runs go explicitly.
    await trx
      .deleteFrom('import_source_runs')
      .where('source_id', '=', id)
      .where('org_id', '=', orgId)
      .execute();
    const result = await trx
      .deleteFrom('import_sources')
      .where('id', '=', id)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}

export async function findSource(
  db: Kysely<Database>,
  orgId: number,
  id: number,
): Promise<ImportSourceRow | undefined> {
  const row = await db
    .selectFrom('import_sources')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toSource(row);
}

export async function findSourceById(db: Kysely<Database>, id: number): Promise<ImportSourceRow | undefined> {
  const row = await db.selectFrom('import_sources').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSource(row);
}

export async function findSourceByName(
  db: Kysely<Database>,
  orgId: number,
  name: string,
): Promise<ImportSourceRow | undefined> {
  const row = await db
    .selectFrom('import_sources')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toSource(row);
}

export async function listSources(db: Kysely<Database>, orgId: number): Promise<ImportSourceRow[]> {
  const rows = await db
    .selectFrom('import_sources')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute();
  return rows.map(toSource);
}

/** Every enabled source of every organisation: what a server schedules. */
export async function listEnabledSources(db: Kysely<Database>): Promise<ImportSourceRow[]> {
  const rows = await db
    .selectFrom('import_sources')
    .selectAll()
    .where('enabled', '=', 1)
    .orderBy('id')
    .execute();
  return rows.map(toSource);
}

export const INTERRUPTED_RUN_MESSAGE =
  'interrupted: the process running it stopped before it finished; nothing of its import was written';

/**
 * Records a run's start, deleting the source's runs beyond the last RUNS_KEPT. The caller holds the
 * source's lock, so a run of it still marked running was left by a process that stopped: it is
 * marked failed.
 */
export async function startSourceRun(
  db: Kysely<Database>,
  values: { sourceId: number; orgId: number; startedAt: number; trigger: string },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('import_source_runs')
      .set({ status: 'failed', finished_at: values.startedAt, message: INTERRUPTED_RUN_MESSAGE })
      .where('source_id', '=', values.sourceId)
      .where('status', '=', 'running')
      .execute();
    const { id } = await trx
      .insertInto('import_source_runs')
      .values({
        source_id: values.sourceId,
        org_id: values.orgId,
        started_at: values.startedAt,
        status: 'running',
        trigger: values.trigger,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const keep = await trx
      .selectFrom('import_source_runs')
      .select('id')
      .where('source_id', '=', values.sourceId)
      .orderBy('id', 'desc')
      .offset(RUNS_KEPT - 1)
      .limit(1)
      .executeTakeFirst();
    if (keep)
      await trx
        .deleteFrom('import_source_runs')
        .where('source_id', '=', values.sourceId)
        .where('id', '<', keep.id)
        .execute();
    return id;
  });
}

export async function finishSourceRun(
  db: Kysely<Database>,
  id: number,
  values: Pick<ImportSourceRunsTable, 'finished_at' | 'status' | 'message' | 'import_id' | 'bytes'>,
): Promise<void> {
  await db.updateTable('import_source_runs').set(values).where('id', '=', id).execute();
}

export async function listSourceRuns(
  db: Kysely<Database>,
  orgId: number,
  sourceId: number,
): Promise<ImportSourceRunRow[]> {
  const rows = await db
    .selectFrom('import_source_runs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('source_id', '=', sourceId)
    .orderBy('id', 'desc')
    .limit(RUNS_KEPT)
    .execute();
  return rows.map(toRun);
}

/** Names of the organisation's sources that import through the saved mapping of this name. */
export async function sourcesUsingMapping(
  db: Kysely<Database>,
  orgId: number,
  name: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('import_sources')
    .select('name')
    .where('org_id', '=', orgId)
    .where('mapping_name', '=', name)
    .orderBy('name')
    .execute();
  return rows.map((row) => row.name);
}
