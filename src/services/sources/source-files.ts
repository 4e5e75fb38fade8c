import type { Mapping } from '../../core/contracts/mapping.ts';
import { fileOnDisk, type ImportFile } from '../../importer/import-source.ts';

/** The pulled files as the importer takes them. */
export async function sourceImportFiles(
  inputs: readonly { name: string; path: string; size: number }[],
  mapping: Mapping | undefined,
): Promise<ImportFile[]> {
  return inputs.map((input) => ({
    ...fileOnDisk(input.name, input.path, input.size),
    ...(mapping ? { mapping } : {}),
  }));
}
