import { invalid } from '../../core/errors.ts';
import type { ImportWorkerInput, WorkerFile } from '../../services/imports/import-jobs.ts';
import { prepareSources } from '../../services/imports/prepare-sources.ts';
import { importFields } from './import-fields.ts';
import type { ReceivedUpload } from './receive-upload.ts';

export interface UploadSources {
  files: WorkerFile[];
  options: NonNullable<ImportWorkerInput['options']>;
}

/**
 * The received files as the import thread takes them: each recognised by its header (UDN's own
 * file, a preset's export) or mapped by the form's `mappings`, through the one recognition the CLI
 * and scheduled sources use. A file recognised as nothing is refused here, before the import starts,
 * naming the file and the header it has.
 */
export async function uploadSources(upload: ReceivedUpload): Promise<UploadSources> {
  const fields = importFields(upload.fields);
  const names = new Set(upload.files.map((file) => file.name));
  for (const file of Object.keys(fields.mappings)) {
    if (!names.has(file))
      throw invalid(`mappings.${file}`, `no file named ${file} was uploaded`, { rule: 'unknown_file', file });
  }
  const prepared = await prepareSources(upload.files, { mappingsByFile: fields.mappings });
  if (prepared.unknown.length > 0) {
    throw invalid('files', `${prepared.unknown.join('; ')} (the form's mappings field)`, {
      rule: 'unrecognised',
      file: prepared.unknown[0]!,
    });
  }
  const encodingOf = new Map(upload.files.map((file) => [file.path, file.encoding]));
  const files = prepared.files.map((file): WorkerFile => {
    if (file.path === undefined) throw new Error(`${file.name}: a prepared upload file has no path`);
    const encoding = file.encoding ?? encodingOf.get(file.path);
    return {
      name: file.name,
      path: file.path,
      size: file.size,
      ...(encoding ? { encoding } : {}),
      ...(file.mapping ? { mapping: file.mapping } : {}),
      ...(file.table ? { table: file.table } : {}),
    };
  });
  return {
    files,
    options: {
      ...(fields.snapshot.length > 0 ? { snapshot: fields.snapshot } : {}),
      ...(fields.allowMassDelete ? { allowMassDelete: true } : {}),
      ...(fields.dryRun ? { dryRun: true } : {}),
    },
  };
}
