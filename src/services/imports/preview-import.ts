import type { FilePreview, Mapping } from '../../core/contracts/mapping.ts';
import { invalid } from '../../core/errors.ts';
import { currencyDigits } from '../../core/money.ts';
import type { Store } from '../../db/database.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import type { KnownLists } from '../../importer/file-specs.ts';
import { fileOnDisk, type ImportEncoding } from '../../importer/import-source.ts';
import { PRESETS } from '../../importer/presets/presets.ts';
import { previewFile } from '../../importer/preview-file.ts';

export interface PreviewRequestFile {
  name: string;
  path: string;
  size: number;
  /** Only a head of the file was sent (or kept). */
  partial: boolean;
}

export interface PreviewRequest {
  files: readonly PreviewRequestFile[];
  /** By file name: the mapping to read it with (else recognised by its header). */
  mappings: Readonly<Record<string, Mapping>>;
  /** By file name: the workbook sheet to show. */
  sheets: Readonly<Record<string, string>>;
  encoding?: ImportEncoding;
}

/** The organisation's reps as the importer knows them: owners in the preview are matched against them. */
async function knownReps(store: Store, orgId: number): Promise<KnownLists> {
  const reps = await store.db
    .selectFrom('reps')
    .select(['id', 'name', 'email', 'team'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
  return {
    repIds: reps.map((rep) => rep.id),
    refusedRepIds: [],
    teams: [...new Set(reps.flatMap((rep) => (rep.team ? [rep.team] : [])))],
    repNames: reps.map((rep) => rep.name),
    repEmails: reps.map((rep) => rep.email),
    ownerRepCount: 0,
  };
}

/**
 * The first rows of each file as an import into `org` would read them, every problem on its cell:
 * what the mapping screen shows before anything is written. Reads the store's reps only.
 */
export async function previewImport(
  store: Store,
  org: OrgRecord,
  request: PreviewRequest,
): Promise<{ files: FilePreview[] }> {
  const names = new Set(request.files.map((file) => file.name));
  for (const [field, byFile] of [
    ['mappings', request.mappings],
    ['sheet', request.sheets],
  ] as const) {
    for (const name of Object.keys(byFile))
      if (!names.has(name))
        throw invalid(`${field}.${name}`, `no file named ${name} was sent`, {
          rule: 'unknown_file',
          file: name,
        });
  }
  const known = await knownReps(store, org.id);
  const context = {
    currency: org.currency,
    digits: currencyDigits(org.currency) ?? 2,
    timezone: org.timezone,
  };
  const files: FilePreview[] = [];
  for (const file of request.files) {
    const mapping = request.mappings[file.name];
    const sheet = request.sheets[file.name];
    files.push(
      await previewFile(fileOnDisk(file.name, file.path, file.size, request.encoding), {
        ...(mapping ? { mapping } : {}),
        ...(sheet !== undefined ? { sheet } : {}),
        partial: file.partial,
        presets: PRESETS,
        known,
        org: context,
      }),
    );
  }
  return { files };
}
