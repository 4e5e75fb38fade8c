import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../../src/db/database.ts';
import { fileFromText, filesInDirectory, type ImportFile } from '../../src/importer/import-source.ts';
import { type ImportResult, runImport } from '../../src/importer/run-import.ts';

/** Import files from inline text: `{ 'reps.csv': 'id,name\nR1,Ana\n' }`. */
export function filesOf(contents: Record<string, string>): ImportFile[] {
  return Object.entries(contents).map(([name, text]) => fileFromText(name, text));
}

/** How a test has its files parsed: where the importer writes, or on a parsing thread. */
export type Parsing = 'in-thread' | 'parse-thread';

/**
 * Imports files given as text. With 'parse-thread' they are written to a temporary directory
 * first, since only files on disk go to the parsing thread, and every one of them goes there.
 */
export async function importTexts(
  store: Store,
  contents: Record<string, string>,
  parsing: Parsing = 'in-thread',
): Promise<ImportResult> {
  if (parsing === 'in-thread') return runImport(store, filesOf(contents), { source: 'test' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-import-'));
  try {
    for (const [name, text] of Object.entries(contents)) fs.writeFileSync(path.join(dir, name), text);
    return await importDirectory(store, dir, parsing);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function importDirectory(store: Store, dir: string, parsing: Parsing = 'in-thread') {
  return runImport(store, filesInDirectory(dir).files, {
    source: 'test',
    parseThreadFromBytes: parsing === 'parse-thread' ? 0 : undefined,
  });
}

/** CSV text from rows; the first row is the header. */
export function csv(...rows: string[][]): string {
  return `${rows.map((row) => row.join(',')).join('\n')}\n`;
}
