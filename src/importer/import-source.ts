import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { MappableTable, Mapping } from '../core/contracts/mapping.ts';
import { FILE_SPECS } from './file-specs.ts';
import type { ImportEncoding } from './import-encodings.ts';

/** One file offered to the importer: from a directory, an upload, or a generator. */
export interface ImportFile {
  name: string;
  size: number;
  /** Where the file is on disk, when it is: such a file can be parsed on another thread. */
  path?: string;
  /**
   * The text encoding its sender declared (`--encoding`, the upload form); without one a file must
   * be UTF-8 (a byte-order mark allowed).
   */
  encoding?: ImportEncoding;
  /**
   * How a source file that is not in UDN's own format (a CRM export, a spreadsheet) maps onto a
   * table; `name` is then the source's own name, which errors name.
   */
  mapping?: Mapping;
  /**
   * The table of a file in UDN's own format whose name is not the table's (`deals-2026.csv`,
   * recognised by its header); a file named `deals.csv` needs none.
   */
  table?: MappableTable;
  open(): Readable;
}

export { IMPORT_ENCODINGS, type ImportEncoding } from './import-encodings.ts';

export const ORG_FILE = 'org.json';
export const KNOWN_FILES: readonly string[] = [ORG_FILE, ...FILE_SPECS.map((spec) => spec.file)];

/**
 * The import files found in a directory, plus the names of files that are not import files;
 * `encoding`, when given, is declared for every file (`udn import --encoding`).
 */
export function filesInDirectory(
  dir: string,
  encoding?: ImportEncoding,
): { files: ImportFile[]; ignored: string[] } {
  const files: ImportFile[] = [];
  const ignored: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    // stat follows symbolic links: a linked file is imported like a copy.
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    if (!KNOWN_FILES.includes(name)) {
      ignored.push(name);
      continue;
    }
    files.push(fileOnDisk(name, full, stat.size, encoding));
  }
  return { files, ignored };
}

export function fileOnDisk(
  name: string,
  full: string,
  size = fs.statSync(full).size,
  encoding?: ImportEncoding,
): ImportFile {
  return {
    name,
    size,
    path: full,
    ...(encoding ? { encoding } : {}),
    open: () => fs.createReadStream(full, { highWaterMark: 1 << 20 }),
  };
}

/** An in-memory file (an upload, a test fixture), in `encoding` when one is declared. */
export function fileFromText(name: string, content: string | Buffer, encoding?: ImportEncoding): ImportFile {
  const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return {
    name,
    size: buffer.length,
    ...(encoding ? { encoding } : {}),
    open: () => Readable.from([buffer]),
  };
}
