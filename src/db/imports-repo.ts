import type { Kysely } from 'kysely';
import type {
  FileSummary,
  ImportErrorGroup,
  ImportHistoryEntry,
  ImportIssue,
} from '../core/contracts/imports.ts';
import type { Database } from './schema.ts';

export async function startImportRecord(
  db: Kysely<Database>,
  orgId: number | null,
  source: string,
  at: number,
): Promise<number> {
  const { id } = await db
    .insertInto('imports')
    .values({ org_id: orgId, source, status: 'running', started_at: at, error_count: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function finishImportRecord(
  db: Kysely<Database>,
  id: number,
  result: {
    /** Known once the organisation exists: a refused first import has none. */
    orgId: number | null;
    status: 'succeeded' | 'failed';
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
  return rows.map((row) => {
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
  });
}

/** The oldest import still running for the organisation that started after `since` (epoch ms). */
export async function findRunningImport(
  db: Kysely<Database>,
  orgId: number,
  since: number,
): Promise<{ id: number; source: string; startedAt: number } | undefined> {
  const row = await db
    .selectFrom('imports')
    .select(['id', 'source', 'started_at'])
    .where('status', '=', 'running')
    .where('started_at', '>=', since)
    .where((eb) => eb.or([eb('org_id', '=', orgId), eb('org_id', 'is', null)]))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, source: row.source, startedAt: Number(row.started_at) } : undefined;
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
