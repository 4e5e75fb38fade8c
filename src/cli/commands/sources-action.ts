import fs from 'node:fs';
import path from 'node:path';
import { cliPrincipal } from '../../core/access/principal.ts';
import { MAPPABLE_TABLES, type Mapping, mappingSchema } from '../../core/contracts/mapping.ts';
import type { SourceInput, SourceItem } from '../../core/contracts/sources.ts';
import { DomainError } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import { findSourceByName } from '../../db/import-sources-repo.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { recordAudit } from '../../services/access/audit.ts';
import { runSource } from '../../services/sources/run-source.ts';
import { createSource, listSourceItems, removeSource } from '../../services/sources/sources-service.ts';
import { CliError } from '../cli-error.ts';
import { withExistingStore } from '../cli-store.ts';
import { stdout, writeJson } from '../output.ts';
import { requireOrg } from '../require-org.ts';
import { textTable } from '../text-table.ts';
import { printImportResult } from './import-action.ts';

export interface SourceOrgOptions {
  db?: string;
  org?: string;
}

export interface SourceAddOptions extends SourceOrgOptions {
  url?: string;
  folder?: string;
  header?: string;
  mapping?: string;
  snapshot?: string;
  schedule: string;
  disabled?: boolean;
}

/** The service's field names, as this command's options call them. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  name: 'NAME',
  location: '--url/--folder',
  headerName: '--header',
  headerValue: '--header',
  mappingName: '--mapping',
  mapping: '--mapping',
  snapshot: '--snapshot',
  schedule: '--schedule',
};

const asCliError = (error: unknown): unknown =>
  error instanceof DomainError
    ? new CliError(
        error.field !== undefined
          ? `${OPTION_OF_FIELD[error.field.split('.')[0] ?? ''] ?? error.field}: ${error.reason}`
          : error.message,
      )
    : error;

/** `--mapping FILE` when it names a file, else a saved mapping's name. */
function mappingOption(value: string | undefined): Pick<SourceInput, 'mapping' | 'mappingName'> {
  if (value === undefined) return {};
  const file = path.resolve(value);
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return { mappingName: value };
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`--mapping ${value}: not JSON (${(error as Error).message})`);
  }
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      `--mapping ${value}: ${issue?.path.join('.') || '(document)'}: ${issue?.message ?? 'not a mapping'}`,
    );
  }
  return { mapping: parsed.data satisfies Mapping };
}

function headerOption(value: string | undefined): Pick<SourceInput, 'headerName' | 'headerValue'> {
  if (value === undefined) return {};
  const colon = value.indexOf(':');
  if (colon <= 0) throw new CliError(`--header: write it as "Name: value", not "${value}"`);
  return { headerName: value.slice(0, colon).trim(), headerValue: value.slice(colon + 1).trim() };
}

function snapshotOption(value: string | undefined): SourceInput['snapshot'] {
  if (value === undefined) return [];
  const tables = value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  for (const table of tables)
    if (!(MAPPABLE_TABLES as readonly string[]).includes(table))
      throw new CliError(`--snapshot: "${table}" is not a table (${MAPPABLE_TABLES.join(', ')})`);
  return tables as SourceInput['snapshot'];
}

/** An instant as the organisation's wall clock shows it: `2026-12-07 06:00`. */
const when = (iso: string | null, timeZone: string) =>
  iso === null
    ? '—'
    : new Intl.DateTimeFormat('sv-SE', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(iso));

async function sourceNamed(store: Store, org: OrgRecord, name: string) {
  const source = await findSourceByName(store.db, org.id, name);
  if (!source) throw new CliError(`no source "${name}" in ${org.slug}: see "udn sources list"`);
  return source;
}

export async function listSourcesCommand(options: SourceOrgOptions & { json?: boolean }): Promise<void> {
  await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const sources = await listSourceItems(store, org.id);
    if (options.json) {
      writeJson({ sources });
      return;
    }
    if (sources.length === 0) {
      stdout.write(
        `no sources in ${org.slug}: add one with "udn sources add NAME --url URL --schedule CRON"\n`,
      );
      return;
    }
    const status = (s: SourceItem) => (s.enabled ? (s.lastStatus ?? 'never run') : 'disabled');
    stdout.write(
      `${textTable(
        [
          ['name', 'kind', 'schedule', 'last run', 'status', 'next run'],
          ...sources.map((s) => [
            s.name,
            s.kind,
            s.schedule,
            when(s.lastRunAt, s.timeZone),
            status(s),
            when(s.nextRunAt, s.timeZone),
          ]),
        ],
        6,
      )}\n`,
    );
    stdout.write(`times in ${sources[0]?.timeZone ?? 'UTC'}\n`);
    for (const s of sources)
      if (s.lastStatus === 'failed' || s.lastStatus === 'retrying')
        stdout.write(`${s.name}: ${s.lastMessage ?? ''}\n`);
  });
}

export async function addSourceCommand(name: string, options: SourceAddOptions): Promise<void> {
  if ((options.url === undefined) === (options.folder === undefined))
    throw new CliError('give the source as --url URL or --folder DIR (one of them)');
  const input = {
    name,
    kind: options.url !== undefined ? 'url' : 'folder',
    location: options.url ?? path.resolve(options.folder ?? ''),
    ...headerOption(options.header),
    ...mappingOption(options.mapping),
    snapshot: snapshotOption(options.snapshot),
    schedule: options.schedule,
    enabled: options.disabled !== true,
  };
  await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const item = await createSource(store, org.id, input).catch((error: unknown) => {
      throw asCliError(error);
    });
    await recordAudit(store, {
      orgId: org.id,
      actor: cliPrincipal(org.id),
      ip: null,
      kind: 'import',
      action: 'created',
      subject: item.name,
      summary: `added the scheduled source "${item.name}" (${item.kind}, ${item.schedule}) on the command line`,
    });
    stdout.write(
      `added source ${item.name} (${item.kind} ${item.location}), ${item.schedule} in ${item.timeZone}; next run ${when(item.nextRunAt, item.timeZone)}${item.enabled ? '' : ' (disabled)'}\n`,
    );
    stdout.write('a running "udn serve" schedules it within a minute\n');
  });
}

export async function runSourceCommand(name: string, options: SourceOrgOptions): Promise<void> {
  await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const source = await sourceNamed(store, org, name);
    const outcome = await runSource(store, source.id, { trigger: 'cli' });
    if (!outcome.ran)
      throw new CliError(
        `source "${name}" is running now (in a server or another command): try again when it ends`,
      );
    const { end } = outcome;
    if (end.result) printImportResult(end.result, stdout);
    else stdout.write(`${name}: ${end.status}: ${end.message}\n`);
    if (end.status === 'failed' || end.status === 'retrying') {
      if (end.result) stdout.write(`${name}: ${end.status}\n`);
      process.exitCode = 1;
    }
  });
}

export async function removeSourceCommand(name: string, options: SourceOrgOptions): Promise<void> {
  await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const source = await sourceNamed(store, org, name);
    await removeSource(store, org.id, source.id);
    await recordAudit(store, {
      orgId: org.id,
      actor: cliPrincipal(org.id),
      ip: null,
      kind: 'import',
      action: 'deleted',
      subject: source.name,
      summary: `removed the scheduled source "${source.name}" on the command line`,
    });
    stdout.write(`removed source ${source.name}\n`);
  });
}
