import { createHash } from 'node:crypto';
import type { MappableTable, Mapping } from '../../core/contracts/mapping.ts';
import { FILE_SPECS } from '../file-specs.ts';
import type { ImportFile } from '../import-source.ts';

/** The table a file writes: its mapping's, its declared one, or the UDN file its name is. */
export function tableOfFile(file: ImportFile): MappableTable | undefined {
  return file.mapping?.table ?? file.table ?? FILE_SPECS.find((spec) => spec.file === file.name)?.table;
}

/** The import's files by the table they write, in the order given; files of no table are left out. */
export function filesByTable(files: readonly ImportFile[]): Map<MappableTable, ImportFile[]> {
  const byTable = new Map<MappableTable, ImportFile[]>();
  for (const file of files) {
    const table = tableOfFile(file);
    if (table === undefined) continue;
    const list = byTable.get(table);
    if (list) list.push(file);
    else byTable.set(table, [file]);
  }
  return byTable;
}

/**
 * A mapping's part of the rules a file was read under: the same bytes read under another mapping
 * are other rows, so a stored file is skipped only under the same mapping.
 */
export const mappingRulesOf = (mapping: Mapping): string =>
  `mapping ${createHash('sha256').update(JSON.stringify(mapping)).digest('hex').slice(0, 16)}`;
