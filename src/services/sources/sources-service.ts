import { Cron } from 'croner';
import type { Mapping } from '../../core/contracts/mapping.ts';
import {
  type SourceInput,
  type SourceItem,
  type SourceKind,
  type SourcePatch,
  type SourceRun,
  type SourceRunStatus,
  sourceInputSchema,
} from '../../core/contracts/sources.ts';
import { DomainError, invalid, notFound } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import { findSavedMapping } from '../../db/import-mappings-repo.ts';
import {
  deleteSource,
  findSource,
  findSourceByName,
  type ImportSourceRow,
  type ImportSourceRunRow,
  insertSource,
  listSourceRuns,
  listSources,
  updateSource,
} from '../../db/import-sources-repo.ts';
import { findOrg } from '../../db/org-repo.ts';
import type { ImportSourcesTable } from '../../db/schema.ts';
import { checkedFolder } from './source-folders.ts';
import { maskedValue, sealHeaderValue, tailOf } from './source-secret.ts';

/** A cron schedule croner accepts, in `timeZone`; a 400 naming `schedule` with croner's reason otherwise. */
export function checkedSchedule(schedule: string, timeZone: string): Cron {
  try {
    return new Cron(schedule, { timezone: timeZone, paused: true });
  } catch (error) {
    throw invalid('schedule', `"${schedule}" is not a valid cron schedule: ${(error as Error).message}`);
  }
}

/** When a source runs next: a pending retry, else its schedule's next time; null when disabled. */
export function nextRunOf(row: ImportSourceRow, timeZone: string, now = new Date()): Date | null {
  if (!row.enabled) return null;
  let next: Date | null = null;
  try {
    next = new Cron(row.schedule, { timezone: timeZone, paused: true }).nextRun(now);
  } catch {
    next = null;
  }
  if (row.retry_at !== null && (next === null || row.retry_at < next.getTime()))
    return new Date(row.retry_at);
  return next;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function sourceItem(row: ImportSourceRow, timeZone: string, running = false): SourceItem {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as SourceKind,
    location: row.location,
    header: row.header_name === null ? null : { name: row.header_name, value: maskedValue(row.header_tail) },
    mappingName: row.mapping_name,
    mapping: row.mapping === null ? null : (JSON.parse(row.mapping) as Mapping),
    snapshot: row.snapshot === '' ? [] : row.snapshot.split(','),
    schedule: row.schedule,
    timeZone,
    enabled: row.enabled === 1,
    lastStatus: row.last_status as SourceRunStatus | null,
    lastMessage: row.last_message,
    lastRunAt: iso(row.last_run_at),
    lastImportId: row.last_import_id,
    failures: row.failures,
    nextRunAt: iso(nextRunOf(row, timeZone)?.getTime() ?? null),
    running,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export const sourceRunItem = (row: ImportSourceRunRow): SourceRun => ({
  id: row.id,
  startedAt: new Date(row.started_at).toISOString(),
  finishedAt: iso(row.finished_at),
  status: row.status as SourceRunStatus,
  message: row.message,
  importId: row.import_id,
  bytes: row.bytes,
  trigger: row.trigger,
});

async function timeZoneOf(store: Store, orgId: number): Promise<string> {
  const org = await findOrg(store.db, orgId);
  if (!org) throw notFound('organisation', orgId);
  return org.timezone;
}

function checkedLocation(kind: SourceKind, location: string): string {
  if (kind === 'folder') return checkedFolder(location, 'location');
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw invalid('location', `"${location}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalid('location', `a source URL must be http or https, not ${url.protocol.replace(':', '')}`);
  return url.toString();
}

type SettingsColumns = Pick<
  ImportSourcesTable,
  | 'location'
  | 'header_name'
  | 'header_secret'
  | 'header_tail'
  | 'mapping_name'
  | 'mapping'
  | 'snapshot'
  | 'schedule'
>;

/** The stored columns of a source's settings, checked: every refusal names its field. */
async function settingsColumns(
  store: Store,
  orgId: number,
  kind: SourceKind,
  input: Omit<SourceInput, 'kind' | 'enabled' | 'name'>,
  keepSecret: Pick<ImportSourceRow, 'header_secret' | 'header_tail'> | null,
): Promise<SettingsColumns> {
  const timeZone = await timeZoneOf(store, orgId);
  checkedSchedule(input.schedule, timeZone);
  const location = checkedLocation(kind, input.location);
  const headerName = input.headerName ?? null;
  if (headerName !== null && kind === 'folder')
    throw invalid('headerName', 'a folder source sends no request header');
  let headerSecret: string | null = null;
  let headerTail: string | null = null;
  if (headerName !== null) {
    if (input.headerValue) {
      headerSecret = await sealHeaderValue(store, input.headerValue);
      headerTail = tailOf(input.headerValue);
    } else if (keepSecret?.header_secret) {
      headerSecret = keepSecret.header_secret;
      headerTail = keepSecret.header_tail;
    } else throw invalid('headerValue', `give the value of the ${headerName} header`);
  } else if (input.headerValue) throw invalid('headerName', 'name the header the value is sent in');
  const mappingName = input.mappingName ?? null;
  const mapping = input.mapping ?? null;
  if (mappingName !== null && mapping !== null)
    throw invalid('mapping', 'give a saved mapping name or a mapping document, not both');
  if (mappingName !== null && !(await findSavedMapping(store.db, orgId, mappingName)))
    throw invalid('mappingName', `no saved mapping "${mappingName}"`);
  return {
    location,
    header_name: headerName,
    header_secret: headerSecret,
    header_tail: headerTail,
    mapping_name: mappingName,
    mapping: mapping === null ? null : JSON.stringify(mapping),
    snapshot: [...new Set(input.snapshot)].join(','),
    schedule: input.schedule,
  };
}

async function uniqueName(store: Store, orgId: number, name: string, except?: number): Promise<void> {
  const other = await findSourceByName(store.db, orgId, name);
  if (other && other.id !== except)
    throw new DomainError('conflict', `a source named "${name}" exists already`, { field: 'name' });
}

export async function createSource(store: Store, orgId: number, given: unknown): Promise<SourceItem> {
  const parsed = sourceInputSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(issue?.path.join('.') || 'source', issue?.message ?? 'is not a source');
  }
  const input = parsed.data;
  await uniqueName(store, orgId, input.name);
  const columns = await settingsColumns(store, orgId, input.kind, input, null);
  const now = Date.now();
  const row = await insertSource(store.db, {
    org_id: orgId,
    name: input.name,
    kind: input.kind,
    enabled: input.enabled ? 1 : 0,
    created_at: now,
    updated_at: now,
    failures: 0,
    ...columns,
  });
  return sourceItem(row, await timeZoneOf(store, orgId));
}

export async function changeSource(
  store: Store,
  orgId: number,
  id: number,
  patch: SourcePatch,
): Promise<SourceItem> {
  const row = await findSource(store.db, orgId, id);
  if (!row) throw notFound('source', id);
  if (patch.name !== undefined) await uniqueName(store, orgId, patch.name, id);
  const current = sourceItem(row, await timeZoneOf(store, orgId));
  const columns = await settingsColumns(
    store,
    orgId,
    current.kind,
    {
      location: patch.location ?? row.location,
      headerName: patch.headerName === undefined ? row.header_name : patch.headerName,
      headerValue: patch.headerValue ?? null,
      // A saved name replaces an inline document and the other way round.
      mappingName:
        patch.mappingName !== undefined ? patch.mappingName : patch.mapping != null ? null : row.mapping_name,
      mapping:
        patch.mapping !== undefined ? patch.mapping : patch.mappingName != null ? null : current.mapping,
      snapshot: (patch.snapshot ?? current.snapshot) as SourceInput['snapshot'],
      schedule: patch.schedule ?? row.schedule,
    },
    row,
  );
  const moved = columns.location !== row.location;
  const updated = await updateSource(store.db, id, {
    ...columns,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
    // Another place is another file: what the last pull saw says nothing of it.
    ...(moved ? { etag: null, last_modified: null, last_hash: null } : {}),
    updated_at: Date.now(),
  });
  if (!updated) throw notFound('source', id);
  return sourceItem(updated, current.timeZone);
}

export async function removeSource(store: Store, orgId: number, id: number): Promise<ImportSourceRow> {
  const row = await findSource(store.db, orgId, id);
  if (!row || !(await deleteSource(store.db, orgId, id))) throw notFound('source', id);
  return row;
}

export async function listSourceItems(
  store: Store,
  orgId: number,
  isRunning: (id: number) => boolean = () => false,
): Promise<SourceItem[]> {
  const timeZone = await timeZoneOf(store, orgId);
  return (await listSources(store.db, orgId)).map((row) => sourceItem(row, timeZone, isRunning(row.id)));
}

export async function getSourceItem(
  store: Store,
  orgId: number,
  id: number,
  isRunning: (id: number) => boolean = () => false,
): Promise<SourceItem> {
  const row = await findSource(store.db, orgId, id);
  if (!row) throw notFound('source', id);
  return sourceItem(row, await timeZoneOf(store, orgId), isRunning(id));
}

export async function sourceRuns(store: Store, orgId: number, id: number): Promise<SourceRun[]> {
  if (!(await findSource(store.db, orgId, id))) throw notFound('source', id);
  return (await listSourceRuns(store.db, orgId, id)).map(sourceRunItem);
}
