import type { Mapping } from '../../core/contracts/mapping.ts';
import { fileOnDisk, type ImportFile } from '../../importer/import-source.ts';
import { prepareSources } from '../imports/prepare-sources.ts';
import { SourceFetchError } from './fetch-source.ts';

/**
 * The pulled files as the importer takes them, each recognised by its header like an upload's
 * (prepareSources): UDN's own files, exports a preset knows, or the source's mapping.
 */
export async function sourceImportFiles(
  inputs: readonly { name: string; path: string; size: number }[],
  mapping: Mapping | undefined,
): Promise<ImportFile[]> {
  const prepared = await prepareSources(
    inputs.map((input) => fileOnDisk(input.name, input.path, input.size)),
    mapping ? { mapping } : {},
  );
  if (prepared.unknown.length > 0) throw new SourceFetchError(prepared.unknown.join('; '));
  return prepared.files;
}
